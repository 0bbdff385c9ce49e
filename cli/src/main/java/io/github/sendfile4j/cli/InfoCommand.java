package io.github.sendfile4j.cli;

import io.github.sendfile4j.Sendfile;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** What a support engineer asks for: platform, providers and why, library path and hash, flags, JDK. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Show the platform, every provider and why it was or was not chosen.")
final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().print(Sendfile.diagnostics());
        spec.commandLine().getOut().println("jdk: " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.vm.version"));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
