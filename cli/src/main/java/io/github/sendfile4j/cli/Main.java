package io.github.sendfile4j.cli;

import io.github.sendfile4j.cli.bench.BenchCommand;
import io.github.sendfile4j.cli.serve.ServeCommand;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code sendfile4j} command. Bad usage exits 2, I/O errors 1 with one line (a stack trace with --debug). */
@Command(name = "sendfile4j", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Zero-copy file transfer with sendfile(2), the same on every platform.",
        subcommands = {InfoCommand.class, CopyCommand.class, SendCommand.class, ServeCommand.class, BenchCommand.class,
            CommandLine.HelpCommand.class, ManCommand.class})
public final class Main implements Runnable {
    @Option(names = "--debug", description = "Print stack traces of errors.", scope = CommandLine.ScopeType.INHERIT)
    boolean debug;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "Missing command");
    }

    /** @param args the command line: a command and its options, or {@code --help} */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new Main());
        // A bash/zsh completion script: source <(sendfile4j completion)
        cli.addSubcommand("completion", new picocli.AutoComplete.GenerateCompletion());
        cli.getSubcommands().get("completion").getCommandSpec().name("completion").usageMessage().hidden(false);
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, args1) -> {
            err.println(ex.getMessage());
            ex.getCommandLine().usage(err);
            err.flush();
            return CommandLine.ExitCode.USAGE;
        });
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            boolean debug = parsed.matchedOption("--debug") != null
                    || (parsed.subcommand() != null && parsed.subcommand().matchedOption("--debug") != null);
            err.println("sendfile4j: " + Errors.oneLine(e));
            if (debug) {
                e.printStackTrace(err);
            }
            err.flush();
            return 1;
        });
        return cli.execute(args);
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"sendfile4j " + (v == null ? "(development)" : v)};
        }
    }
}
