package io.github.sendfile4j;

import io.github.sendfile4j.spi.Platform;
import io.github.sendfile4j.spi.SendfileProvider;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * The calls of {@link Sendfile}, served by one provider: {@link Sendfile#calls()} is the one chosen for this
 * JVM, {@link Sendfile#using(SendfileProvider)} any other. Every argument check, and every meaning, is the
 * one documented on {@link Sendfile}; this class is where they are made, once, whichever provider serves.
 * Instances are immutable and thread-safe.
 *
 * <p>Use it to run code against a provider of your choice in one JVM (a test suite that covers every
 * provider, a tool that compares gateways) without {@code -Dsendfile4j.provider}.
 */
public final class SendfileCalls {
    private final SendfileProvider provider;

    SendfileCalls(SendfileProvider provider) {
        this.provider = Objects.requireNonNull(provider, "provider");
    }

    /** @return the provider that serves these calls */
    public SendfileProvider provider() {
        return provider;
    }

    /** @return what this provider can do */
    public Capabilities capabilities() {
        return provider.capabilities();
    }

    /**
     * {@link Sendfile#sendfile(int, int, long, long)} through this provider.
     *
     * @param outFd  the destination
     * @param inFd   the source, a regular file
     * @param offset the file offset of the first byte, {@code >= 0}
     * @param count  file bytes, {@code >= 0}, or {@link Sendfile#TO_END_OF_FILE}
     * @return the bytes written to {@code outFd}, possibly fewer than {@code count}
     * @throws IOException as {@link Sendfile#sendfile(int, int, long, long)}, which lists every case
     */
    public long sendfile(int outFd, int inFd, long offset, long count) throws IOException {
        checkFds(outFd, inFd);
        checkNonNegative("offset", offset);
        checkNonNegative("count", count);
        return provider.sendfile(outFd, inFd, offset, withinFileOffsets(offset, count), SendOptions.NONE);
    }

    /**
     * {@link Sendfile#sendfile(int, int, long)} through this provider.
     *
     * @param outFd the destination
     * @param inFd  the source, a regular file with a position
     * @param count file bytes, {@code >= 0}
     * @return the bytes written to {@code outFd}
     * @throws IOException as {@link Sendfile#sendfile(int, int, long)}, which lists every case
     */
    public long sendfile(int outFd, int inFd, long count) throws IOException {
        checkFds(outFd, inFd);
        checkNonNegative("count", count);
        return provider.sendfile(outFd, inFd, SendfileProvider.CURRENT_POSITION, count, SendOptions.NONE);
    }

    /**
     * {@link Sendfile#sendfile(int, int, long, long, SendOptions)} through this provider.
     *
     * @param outFd   the destination
     * @param inFd    the source, a regular file
     * @param offset  the file offset, {@code >= 0}
     * @param count   file bytes only, {@code >= 0}
     * @param options headers, trailers and flags
     * @return header + file + trailer bytes written
     * @throws IOException as {@link Sendfile#sendfile(int, int, long, long, SendOptions)}, which lists every case
     */
    public long sendfile(int outFd, int inFd, long offset, long count, SendOptions options) throws IOException {
        Objects.requireNonNull(options, "options");
        checkFds(outFd, inFd);
        checkNonNegative("offset", offset);
        checkNonNegative("count", count);
        if (!options.flags().isEmpty()) { // the iterator is the one allocation this path could make
            requireSupported(options.flags());
        }
        return provider.sendfile(outFd, inFd, offset, withinFileOffsets(offset, count), options);
    }

    /**
     * {@link Sendfile#transfer(FileChannel, long, long, WritableByteChannel)} through this provider.
     *
     * @param source   the file to read
     * @param position where to start, {@code >= 0}
     * @param count    the most file bytes, {@code >= 0}, or {@link Sendfile#TO_END_OF_FILE}
     * @param target   any writable channel
     * @return the file bytes sent, fewer than {@code count} only when the end of the file came first
     * @throws IOException as {@link Sendfile#transfer(FileChannel, long, long, WritableByteChannel)}, which
     *                     lists every case
     */
    public long transfer(FileChannel source, long position, long count, WritableByteChannel target)
            throws IOException {
        checkTransfer(source, position, count, target);
        if (!source.isOpen() || !target.isOpen()) {
            throw new ClosedChannelException();
        }
        return provider.transfer(source, position, withinFileOffsets(position, count), target);
    }

    /**
     * {@link Sendfile#transfer(Path, long, long, WritableByteChannel)} through this provider.
     *
     * @param source   the file to read, opened and closed here
     * @param position where to start, {@code >= 0}
     * @param count    the most file bytes, {@code >= 0}
     * @param target   any writable channel
     * @return the file bytes sent
     * @throws IOException as {@link Sendfile#transfer(Path, long, long, WritableByteChannel)}
     */
    public long transfer(Path source, long position, long count, WritableByteChannel target) throws IOException {
        checkTransfer(source, position, count, target); // before the file is opened
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
            return transfer(in, position, count, target);
        }
    }

    /**
     * {@link Sendfile#copy(Path, Path)} through this provider.
     *
     * @param source the file to copy
     * @param target the file to create or replace
     * @return the bytes copied: the size of {@code source}
     * @throws IOException as {@link Sendfile#copy(Path, Path)}
     */
    public long copy(Path source, Path target) throws IOException {
        return copy(source, 0, Sendfile.TO_END_OF_FILE, target, null);
    }

    /**
     * {@link Sendfile#copy(Path, long, long, Path, ProgressListener)} through this provider.
     *
     * @param source   the file to copy from
     * @param position where to start, {@code >= 0}
     * @param count    the most bytes, {@code >= 0}, or {@link Sendfile#TO_END_OF_FILE}
     * @param target   the file to create or replace
     * @param listener told the progress, or {@code null}
     * @return the bytes copied
     * @throws IOException as {@link Sendfile#copy(Path, long, long, Path, ProgressListener)}
     */
    public long copy(Path source, long position, long count, Path target, ProgressListener listener)
            throws IOException {
        return FileCopy.copy(provider, source, position, count, target, listener);
    }

    /**
     * @param file     the file to send from
     * @param position where the file part starts, {@code >= 0}
     * @param count    file bytes, {@code >= 0}, or {@link Sendfile#TO_END_OF_FILE}
     * @return a builder of a {@link FileSend} served by this provider
     * @throws IllegalArgumentException if {@code position} or {@code count} is negative
     */
    public FileSend.Builder fileSend(FileChannel file, long position, long count) {
        return FileSend.builder(file, position, count).provider(provider);
    }

    /**
     * @param file     the file to send from, opened here and closed by {@link FileSend#close()}
     * @param position where the file part starts, {@code >= 0}
     * @param count    file bytes, {@code >= 0}, or {@link Sendfile#TO_END_OF_FILE}
     * @return a builder of a {@link FileSend} served by this provider
     * @throws IOException as {@link FileSend#builder(Path, long, long)}
     */
    public FileSend.Builder fileSend(Path file, long position, long count) throws IOException {
        return FileSend.builder(file, position, count).provider(provider);
    }

    /** @return a builder of a {@link FileSend} of headers and trailers alone, served by this provider */
    public FileSend.Builder fileSend() {
        return FileSend.builder().provider(provider);
    }

    /**
     * @param flags the flags of a call
     * @throws UnsupportedOperationException naming the first flag this provider does not honour
     */
    void requireSupported(Iterable<SendFlag> flags) {
        for (SendFlag f : flags) {
            if (!provider.supports(Objects.requireNonNull(f, "flag"))) {
                throw new UnsupportedOperationException(f + " is not supported on " + Platform.current()
                        + " by provider " + provider.name());
            }
        }
    }

    @Override
    public String toString() {
        return "SendfileCalls[" + provider.name() + "]";
    }

    /** No file has bytes at or past {@code Long.MAX_VALUE}: the kernels refuse an end that overflows. */
    private static long withinFileOffsets(long offset, long count) {
        return Math.min(count, Long.MAX_VALUE - offset);
    }

    private static void checkFds(int outFd, int inFd) {
        if (outFd < 0) {
            throw new IllegalArgumentException("outFd must be >= 0, was " + outFd);
        }
        if (inFd < 0) {
            throw new IllegalArgumentException("inFd must be >= 0, was " + inFd);
        }
    }

    private static void checkTransfer(Object source, long position, long count, Object target) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        checkNonNegative("position", position);
        checkNonNegative("count", count);
    }

    private static void checkNonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, was " + value);
        }
    }
}
