package io.github.sendfile4j.cli;

import io.github.sendfile4j.Sendfile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Copies a file (or a range of it) with Sendfile.transfer: copy_file_range or sendfile where the OS has them. */
@Command(name = "copy", description = "Copy SRC to DST with zero-copy transfer; prints the bytes sent.")
final class CopyCommand implements Callable<Integer> {
    static final long CHUNK = 64L << 20;

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
        if (Files.isDirectory(source)) {
            throw new java.nio.file.FileSystemException(source.toString(), null, "Is a directory");
        }
        Path destination = Files.isSymbolicLink(target) ? target.toRealPath() : target;
        if (Files.exists(destination) && Files.isSameFile(source, destination)) {
            // cp refuses too: truncating DST would destroy SRC before a byte was read.
            throw new java.nio.file.FileSystemException(source.toString(), target.toString(), "are the same file");
        }
        long sent = 0;
        // Written beside DST and renamed over it only when complete, so that a failure (a full disk, an
        // interrupted copy) never leaves a half-written DST behind.
        Path parent = destination.toAbsolutePath().getParent();
        Path part = Files.createTempFile(parent, "." + destination.getFileName() + ".", ".part");
        try {
            try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
                 FileChannel out = FileChannel.open(part, StandardOpenOption.WRITE)) {
                long size = in.size();
                long want = Math.max(0, Math.min(count, size - offset));
                Progress progress = new Progress(spec.commandLine().getOut(), want, System.console() != null);
                while (sent < want) {
                    long n = Sendfile.transfer(in, offset + sent, Math.min(CHUNK, want - sent), out);
                    if (n == 0) {
                        break;
                    }
                    sent += n;
                    progress.update(sent);
                }
                progress.finish();
                out.force(false);
            }
            keepPermissions(Files.exists(destination) ? destination : source, part);
            Files.move(part, destination, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (Exception | Error e) {
            Files.deleteIfExists(part);
            throw e;
        }
        spec.commandLine().getOut().println(sent + " bytes sent");
        return 0;
    }

    /** A temporary file is owner-only; DST gets the mode it had, or SRC's for a new file, as cp gives it. */
    private static void keepPermissions(Path from, Path to) throws java.io.IOException {
        if (Files.getFileStore(to).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
        }
    }
}
