package io.github.sendfile4j;

import io.github.sendfile4j.spi.SendfileProvider;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * {@link Sendfile#copy}: what {@code cp} guarantees, with the zero-copy transfer underneath. The bytes go to a
 * temporary file beside the destination, which is renamed over it only when complete: a failure (a full disk,
 * an interrupt, a listener that stops it) never leaves a half-written destination, and never touches an
 * existing one.
 */
final class FileCopy {
    /** How often the listener hears: small enough for a progress bar, large enough to cost nothing. */
    static final long PIECE = 16L << 20;

    private FileCopy() {
    }

    static long copy(SendfileProvider provider, Path source, long position, long count, Path target, ProgressListener listener)
            throws IOException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        if (position < 0 || count < 0) {
            throw new IllegalArgumentException((position < 0 ? "position" : "count") + " must be >= 0, was "
                    + (position < 0 ? position : count));
        }
        if (Files.isDirectory(source)) {
            throw new FileSystemException(source.toString(), null, "Is a directory");
        }
        // Written through a symbolic link, as cp does: the link stays, the file it names gets the bytes.
        Path destination = Files.isSymbolicLink(target) ? target.toRealPath() : target;
        if (Files.isDirectory(destination)) {
            throw new FileSystemException(target.toString(), null, "Is a directory");
        }
        if (Files.exists(destination) && Files.isSameFile(source, destination)) {
            // Truncating the destination would destroy the source before a byte was read.
            throw new FileSystemException(source.toString(), target.toString(), "are the same file");
        }
        Path parent = destination.toAbsolutePath().getParent();
        Path part = Files.createTempFile(parent, "." + destination.getFileName() + ".", ".part");
        try {
            long copied;
            // The source channel is private to this copy, so the provider may move its offset to find holes.
            try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
                 RandomAccessFile written = new RandomAccessFile(part.toFile(), "rw")) {
                FileChannel out = written.getChannel();
                long total = Math.max(0, Math.min(count, in.size() - position));
                copied = 0;
                while (copied < total) {
                    long n = copyPiece(provider, in, position + copied, Math.min(PIECE, total - copied), out);
                    if (n == 0) {
                        break; // the file shrank while being copied: what exists is copied
                    }
                    copied += n;
                    if (listener != null && copied < total) {
                        listener.progress(copied, total);
                    }
                }
                written.setLength(copied); // a copy that ends in a hole has skipped it: the length says where the end is
                out.force(false); // the rename must not outlive the data it publishes in a crash
                if (listener != null) {
                    listener.progress(copied, total);
                }
            }
            keepPermissions(Files.exists(destination) ? destination : source, part);
            move(part, destination);
            return copied;
        } catch (IOException | RuntimeException | Error e) {
            Files.deleteIfExists(part);
            throw e;
        }
    }

    /** Holes of the source stay holes (cp --sparse=auto), where the provider and the file system can tell. */
    private static long copyPiece(SendfileProvider provider, FileChannel in, long position, long count, FileChannel out) throws IOException {
        if (!in.isOpen() || !out.isOpen()) {
            throw new java.nio.channels.ClosedChannelException();
        }
        return provider.copyKeepingHoles(in, position, count, out);
    }

    /** The temporary file is owner-only; the destination keeps the mode it had, or takes the source's. */
    private static void keepPermissions(Path from, Path to) throws IOException {
        if (Files.getFileStore(to).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(to, Files.getPosixFilePermissions(from));
        }
    }

    private static void move(Path part, Path destination) throws IOException {
        try {
            Files.move(part, destination, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(part, destination, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
