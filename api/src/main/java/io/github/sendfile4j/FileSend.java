package io.github.sendfile4j;

import io.github.sendfile4j.spi.SendfileProvider;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Objects;

/**
 * One response or slice to send: headers, a range of a file, trailers and flags, sent over as many calls as
 * the target needs. The state lives here, so an event loop resumes it when the target is writable again
 * (Netty's {@code FileRegion}, asyncio's {@code sock_sendfile}); no descriptor numbers and no byte
 * accounting appear in the caller's code, and the meaning is the same on every provider.
 *
 * <pre>{@code
 * FileSend response = FileSend.builder(file, 0, file.size()).headers(head).build();
 * // in the event loop, whenever the socket is writable:
 * response.sendTo(socket);
 * if (response.isDone()) { ... next request ... }
 * }</pre>
 *
 * <p>Not thread-safe: one thread drives one instance. The header and trailer buffers are read from their
 * positions and advanced as they are sent. The file's position is never changed.
 */
public final class FileSend implements java.io.Closeable {
    private final FileChannel file;
    private final boolean ownsFile;
    private final long start;
    private final long count;
    private final SendOptions options;
    private final ByteBuffer[] headers;
    private final ByteBuffer[] trailers;
    private final int[] headerStarts;
    private final int[] trailerStarts;
    private long fileSent;
    private boolean fileDone;
    private long totalSent;
    private Boolean raw;

    private FileSend(Builder b) {
        this.file = b.file;
        this.ownsFile = b.ownsFile;
        this.start = b.position;
        this.count = b.count;
        this.headers = b.headers;
        this.trailers = b.trailers;
        this.options = SendOptions.builder().headers(b.headers).trailers(b.trailers)
                .flags(b.flags.toArray(new SendFlag[0])).build();
        this.headerStarts = positions(b.headers);
        this.trailerStarts = positions(b.trailers);
        this.fileDone = b.count == 0;
    }

    private static int[] positions(ByteBuffer[] buffers) {
        int[] p = new int[buffers.length];
        for (int i = 0; i < buffers.length; i++) {
            p[i] = buffers[i].position();
        }
        return p;
    }

    /**
     * Starts this send over, to send the same response again without building it anew (a cached response,
     * a benchmark): header and trailer buffers go back to the positions they had when it was built, the file
     * part to its start, the counters to 0. Nothing is sent.
     *
     * @return this
     * @throws IllegalStateException if the send was made from a {@code Path} and has closed its file
     */
    public FileSend rewind() {
        if (ownsFile && !file.isOpen()) {
            throw new IllegalStateException("this send opened its file and closed it when done: build a new one");
        }
        for (int i = 0; i < headers.length; i++) {
            headers[i].position(headerStarts[i]);
        }
        for (int i = 0; i < trailers.length; i++) {
            trailers[i].position(trailerStarts[i]);
        }
        fileSent = 0;
        totalSent = 0;
        fileDone = count == 0;
        return this;
    }

    /**
     * @param file     the file to send from; opened here, and closed when the send is done or closed
     * @param position where to start in the file, {@code >= 0}
     * @param count    file bytes to send, {@code >= 0}; {@link Sendfile#TO_END_OF_FILE} for all
     * @return a builder for the rest
     * @throws IOException if the file cannot be opened for reading
     */
    public static Builder builder(java.nio.file.Path file, long position, long count) throws IOException {
        checkRange(position, count); // before the file is opened, so that a refusal leaks nothing
        Builder b = new Builder(FileChannel.open(Objects.requireNonNull(file, "file")), position, count);
        b.ownsFile = true;
        return b;
    }

    private static void checkRange(long position, long count) {
        if (position < 0 || count < 0) {
            throw new IllegalArgumentException((position < 0 ? "position" : "count") + " must be >= 0, was "
                    + (position < 0 ? position : count));
        }
    }

    /** @return a builder for a send of headers and trailers only, with no file part */
    public static Builder builder() {
        return new Builder(null, 0, 0);
    }

    /**
     * @param file     the file to send from, open for reading
     * @param position where to start in the file, {@code >= 0}
     * @param count    file bytes to send, {@code >= 0}; {@link Sendfile#TO_END_OF_FILE} for all; fewer go when
     *                 the file ends first
     * @return a builder for the rest
     * @throws NullPointerException     if {@code file} is null
     * @throws IllegalArgumentException if {@code position} or {@code count} is negative
     */
    public static Builder builder(FileChannel file, long position, long count) {
        return new Builder(Objects.requireNonNull(file, "file"), position, count);
    }

    /**
     * Sends as much as {@code target} takes. On a non-blocking target this never waits: it returns 0 when the
     * target is full and a later call continues where this one stopped. On a blocking target it returns only
     * when everything is sent (the file part through {@link Sendfile#transfer}, with its handling of
     * interrupts and concurrent closes).
     *
     * <p>On a non-blocking {@link SocketChannel} with a native provider, headers, file and trailers go in as few
     * system calls as the kernel allows; another thread must not close {@code target} during this call (as
     * with the raw calls; {@link Sendfile#transfer} is the call for that). Elsewhere the headers and trailers
     * are gathering writes and the file part one {@code FileChannel.transferTo} attempt.
     *
     * @param target where the bytes go
     * @return bytes written by this call: headers, file and trailers
     * @throws NullPointerException           if {@code target} is null
     * @throws ClosedChannelException         if {@code target} or the file is closed
     * @throws IOException                    if an I/O error occurs; what was sent before it is in the counters
     */
    public long sendTo(WritableByteChannel target) throws IOException {
        Objects.requireNonNull(target, "target");
        if (!target.isOpen() || (file != null && !file.isOpen() && !isDone())) {
            throw new ClosedChannelException();
        }
        long before = totalSent;
        if (!isDone()) {
            if (target instanceof SelectableChannel && !((SelectableChannel) target).isBlocking()) {
                if (file != null && !fileDone && target instanceof SocketChannel && rawCalls()) {
                    sendRawOnce((SocketChannel) target);
                } else {
                    sendOnce(target);
                }
            } else {
                sendAll(target);
            }
            if (isDone() && ownsFile) {
                file.close();
            }
        }
        return totalSent - before;
    }

    /** Closes the file if this send opened it (made from a {@code Path}); otherwise does nothing. */
    @Override
    public void close() throws IOException {
        if (ownsFile) {
            file.close();
        }
    }

    private boolean rawCalls() {
        if (raw == null) {
            raw = Sendfile.capabilities().rawDescriptors();
        }
        return raw;
    }

    private void sendRawOnce(SocketChannel target) throws IOException {
        long headersBefore = options.headerBytes();
        long trailersBefore = options.trailerBytes();
        long n = Sendfile.provider().sendfileNonBlocking(FileDescriptors.of(target), FileDescriptors.of(file),
                start + fileSent, fileDone ? 0 : count - fileSent, options);
        if (n == SendfileProvider.WOULD_BLOCK) {
            return;
        }
        long fromFile = n - (headersBefore - options.headerBytes()) - (trailersBefore - options.trailerBytes());
        fileSent += fromFile;
        totalSent += n;
        boolean trailersStarted = options.trailerBytes() < trailersBefore; // only after the whole file part
        if (!fileDone && (fileSent == count || trailersStarted
                || (options.headerBytes() == 0 && fromFile == 0 && atEndOfFile()))) {
            fileDone = true; // trailers, if any are left, go with the next call's count of 0
        }
    }

    private void sendOnce(WritableByteChannel target) throws IOException {
        if (options.headerBytes() > 0) {
            totalSent += write(target, headers, false);
            if (options.headerBytes() > 0) {
                return;
            }
        }
        if (!fileDone) {
            long n = file.transferTo(start + fileSent, count - fileSent, target);
            fileSent += n;
            totalSent += n;
            if (fileSent == count || (n == 0 && atEndOfFile())) {
                fileDone = true;
            } else if (n == 0) {
                return;
            }
            if (!fileDone) {
                return;
            }
        }
        totalSent += write(target, trailers, false);
    }

    private void sendAll(WritableByteChannel target) throws IOException {
        totalSent += write(target, headers, true);
        if (!fileDone) {
            long n = Sendfile.transfer(file, start + fileSent, count - fileSent, target);
            fileSent += n;
            totalSent += n;
            fileDone = true;
        }
        totalSent += write(target, trailers, true);
    }

    private boolean atEndOfFile() throws IOException {
        return start + fileSent >= file.size();
    }

    private static long write(WritableByteChannel target, ByteBuffer[] buffers, boolean all) throws IOException {
        long written = 0;
        while (remaining(buffers) > 0) {
            long n;
            if (target instanceof GatheringByteChannel) {
                n = ((GatheringByteChannel) target).write(buffers);
            } else {
                n = 0;
                for (ByteBuffer b : buffers) {
                    if (b.hasRemaining()) {
                        n = target.write(b);
                        break;
                    }
                }
            }
            written += n;
            if (n == 0 && !all) {
                break;
            }
        }
        return written;
    }

    private static long remaining(ByteBuffer[] buffers) {
        long r = 0;
        for (ByteBuffer b : buffers) {
            r += b.remaining();
        }
        return r;
    }

    /** @return whether headers, the file range (or the file up to its end) and trailers have all been sent */
    public boolean isDone() {
        return fileDone && options.headerBytes() == 0 && options.trailerBytes() == 0;
    }

    /** @return file bytes sent so far */
    public long fileBytesSent() {
        return fileSent;
    }

    /** @return bytes sent so far: headers, file and trailers */
    public long totalBytesSent() {
        return totalSent;
    }

    /** @return header bytes not sent yet */
    public long headerBytesRemaining() {
        return options.headerBytes();
    }

    /** @return trailer bytes not sent yet */
    public long trailerBytesRemaining() {
        return options.trailerBytes();
    }

    @Override
    public String toString() {
        return "FileSend[file " + start + "+" + fileSent + (fileDone ? " done" : "") + ", headers left "
                + options.headerBytes() + ", trailers left " + options.trailerBytes() + ", sent " + totalSent + "]";
    }

    /** Builds a {@link FileSend}; every setter replaces what was set before. */
    public static final class Builder {
        private final FileChannel file;
        private final long position;
        private final long count;
        private ByteBuffer[] headers = new ByteBuffer[0];
        private ByteBuffer[] trailers = new ByteBuffer[0];
        private java.util.List<SendFlag> flags = new java.util.ArrayList<>();
        private boolean ownsFile;

        private Builder(FileChannel file, long position, long count) {
            checkRange(position, count);
            this.file = file;
            this.position = position;
            this.count = Math.min(count, Long.MAX_VALUE - position);
        }

        /**
         * @param buffers sent before the file, from their positions; not copied
         * @return this
         */
        public Builder headers(ByteBuffer... buffers) {
            this.headers = SendOptions.builder().headers(buffers).build().headers();
            return this;
        }

        /**
         * @param buffers sent after the file, from their positions; not copied
         * @return this
         */
        public Builder trailers(ByteBuffer... buffers) {
            this.trailers = SendOptions.builder().trailers(buffers).build().trailers();
            return this;
        }

        /**
         * @param sendFlags flags for the raw calls, where the provider supports them
         * @return this
         */
        public Builder flags(SendFlag... sendFlags) {
            this.flags = new java.util.ArrayList<>(java.util.Arrays.asList(sendFlags));
            return this;
        }

        private static void closeQuietly(FileChannel file) {
            try {
                file.close();
            } catch (IOException e) {
                // the refusal above is what the caller needs to see
            }
        }

        /**
         * @return the send, nothing sent yet
         * @throws UnsupportedOperationException if a flag is not supported by the provider in use
         */
        public FileSend build() {
            SendfileProvider p = Sendfile.provider();
            for (SendFlag f : flags) {
                if (!p.supports(Objects.requireNonNull(f, "flag"))) {
                    if (ownsFile) {
                        closeQuietly(file);
                    }
                    throw new UnsupportedOperationException(f + " is not supported by provider " + p.name());
                }
            }
            return new FileSend(this);
        }
    }
}
