package io.github.sendfile4j.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.Spec;

/**
 * Prints the manual page, sendfile4j(1), in man(7) format, from the same command model as --help, so the
 * two cannot disagree. The release build saves it as sendfile4j.1.
 */
@Command(name = "man", mixinStandardHelpOptions = true, description = "Print the manual page (man(7) format).")
final class ManCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        CommandSpec root = spec.root();
        String version = root.version().length > 0 ? root.version()[0] : root.name();
        out.println(".TH SENDFILE4J 1 \"\" \"" + roff(version) + "\" \"User Commands\"");
        out.println(".SH NAME");
        out.println(root.name() + " \\- " + roff(String.join(" ", root.usageMessage().description())));
        out.println(".SH SYNOPSIS");
        out.println(".B " + root.name());
        out.println("[\\fIOPTIONS\\fR] \\fICOMMAND\\fR [\\fIARGS\\fR]");
        out.println(".SH OPTIONS");
        options(out, root);
        out.println(".SH COMMANDS");
        for (CommandLine sub : root.subcommands().values()) {
            CommandSpec c = sub.getCommandSpec();
            if (c.usageMessage().hidden() || c == spec) {
                continue;
            }
            out.println(".SS " + c.name());
            out.println(roff(String.join(" ", c.usageMessage().description())));
            for (PositionalParamSpec p : c.positionalParameters()) {
                if (p.description().length > 0) {
                    out.println(".TP");
                    out.println(".I " + p.paramLabel());
                    out.println(roff(String.join(" ", p.description())));
                }
            }
            options(out, c);
        }
        out.println(".SH EXIT STATUS");
        out.println("0 on success, 1 after an I/O error (one line: the file and the errno name), 2 after bad usage.");
        out.println(".SH SEE ALSO");
        out.println("sendfile(2), copy_file_range(2), cp(1)");
        out.flush();
    }

    private static void options(PrintWriter out, CommandSpec c) {
        for (OptionSpec o : c.options()) {
            if (o.hidden()) {
                continue;
            }
            out.println(".TP");
            String names = String.join(", ", o.names());
            out.println(".B " + roff(names) + (o.arity().max > 0 ? " \\fI" + o.paramLabel() + "\\fR" : ""));
            out.println(roff(String.join(" ", o.description())));
        }
    }

    /** Escapes what roff would read as its own: backslashes, and a leading dot or quote. */
    static String roff(String text) {
        String t = text.replace("\\", "\\e").replace("-", "\\-");
        return t.startsWith(".") || t.startsWith("'") ? "\\&" + t : t;
    }
}
