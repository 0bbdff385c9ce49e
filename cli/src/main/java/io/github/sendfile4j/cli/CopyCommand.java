package io.github.sendfile4j.cli;

import io.github.sendfile4j.Sendfile;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Copies a file (or a range of it) with Sendfile.copy: refuses the same file, never leaves half a DST. */
@Command(name = "copy", mixinStandardHelpOptions = true, description = "Copy SRC to DST with zero-copy transfer; prints the bytes sent.")
final class CopyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SRC", description = "The file to read.")
    Path source;

    @Parameters(index = "1", paramLabel = "DST", description = "The file to write (created or truncated).")
    Path target;

    @Option(names = "--offset", paramLabel = "N", description = "Start at byte N of SRC (default 0).")
    long offset;

    @Option(names = "--count", paramLabel = "N", description = "Copy at most N bytes (default: to the end).")
    long count = Sendfile.TO_END_OF_FILE;

    @Override
    public Integer call() throws Exception {
        if (offset < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--offset must be >= 0, was " + offset);
        }
        if (count < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--count must be >= 0, was " + count);
        }
        Progress progress = new Progress(spec.commandLine().getOut(), System.console() != null);
        long sent;
        try {
            sent = Sendfile.copy(source, offset, count, target, progress::update);
        } finally {
            progress.finish();
        }
        spec.commandLine().getOut().println(sent + " bytes sent");
        return 0;
    }
}
