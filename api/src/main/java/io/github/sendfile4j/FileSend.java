package io.github.sendfile4j;

import io.github.sendfile4j.spi.SendfileProvider;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

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
public final class FileSend implements Closeable {
    /** What one {@link #readAhead()} reads at most: enough for many sendTo calls, little for a disk. */
    public static final int READ_AHEAD_BYTES = 2 << 20;
    private static final ThreadLocal<ByteBuffer> READ_AHEAD_BUFFER = new ThreadLocal<ByteBuffer>() {
        @Override
        protected ByteBuffer initialValue() {
            return ByteBuffer.allocateDirect(256 << 10);
        }
    };

    /** Where a send stands: each part is finished before the next begins. */
    private enum Phase { HEADERS, FILE, TRAILERS, DONE }

    private final FileChannel file;
    private final boolean ownsFile;
    private final long start;
    private final long count;
    private final SendOptions options;
    /** {@link #options} without the trailers, for a call that sends only part of the file; made when needed. */
    private SendOptions beforeTrailers;
    private final long maxFileBytesPerSend;
    private final ByteBuffer[] headers;
    private final ByteBuffer[] trailers;
    private final int[] headerStarts;
    private final int[] trailerStarts;
    private Phase phase;
    private boolean waitingForDisk;
    private long fileSent;
    private long totalSent;
    private Boolean raw;
    /** The calls this send makes; the JVM's chosen provider unless the builder named one. */
    private SendfileCalls calls;

    private FileSend(Builder b) {
        this.file = b.file;
        this.ownsFile = b.ownsFile;
        this.calls = b.calls;
        this.start = b.position;
        this.count = b.count;
        this.headers = b.headers;
        this.trailers = b.trailers;
        this.options = SendOptions.builder().headers(b.headers).trailers(b.trailers)
                .flags(b.flags.toArray(new SendFlag[0])).build();
        this.maxFileBytesPerSend = b.maxFileBytesPerSend;
        this.headerStarts = positions(b.headers);
        this.trailerStarts = positions(b.trailers);
        this.phase = Phase.HEADERS;
        advance(false);
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
        phase = Phase.HEADERS;
        advance(false);
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
     * target is full and a later call continues where this one stopped. On a blocking socket or pipe it
     * returns only when everything is sent (the file part through {@link Sendfile#transfer}, with its handling
     * of interrupts and concurrent closes). Any other channel (an adapter, a wrapper, a framework's channel) is
     * written until it takes nothing: a write that returns 0 ends this call with what was sent so far, as a
     * full non-blocking socket does, so that a caller's event loop never spins here.
     *
     * <p>On a non-blocking {@link SocketChannel} with a native provider, headers, file and trailers go in as few
     * system calls as the kernel allows; another thread must not close {@code target} during this call (as
     * with the raw calls; {@link Sendfile#transfer} is the call for that). Elsewhere the headers and trailers
     * are gathering writes and the file part {@code FileChannel.transferTo}.
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
        waitingForDisk = false;
        if (!isDone()) {
            if (!(target instanceof SelectableChannel)) {
                long fileBefore = fileSent;
                while (sendStep(target) > 0 && !isDone() && fileSent - fileBefore < maxFileBytesPerSend) {
                    // a channel that took something may take more; one that took nothing ends the call
                }
            } else if (((SelectableChannel) target).isBlocking()) {
                sendAll(target);
            } else if (file != null && phase.compareTo(Phase.FILE) <= 0 && target instanceof SocketChannel
                    && rawCalls()) {
                sendRaw((SocketChannel) target);
            } else {
                sendStep(target);
            }
            closeOwnFileIfDone();
        }
        return totalSent - before;
    }

    private void closeOwnFileIfDone() throws IOException {
        if (isDone() && ownsFile) {
            file.close();
        }
    }

    /**
     * {@link #sendTo} for a non-blocking socket known only by its descriptor, such as a Netty epoll channel's
     * ({@code UnixChannel.fd()}): headers, file and trailers in as few system calls as the provider makes them,
     * as for a non-blocking {@link SocketChannel}. The descriptor is the caller's: it must stay open, and
     * non-blocking, for the duration of the call.
     *
     * @param socketFd a connected, non-blocking socket
     * @return the bytes sent by this call, header, file and trailer bytes together; {@code 0} when the socket
     *         was full, or when the next file bytes are on the disk ({@link #waitingForDisk()})
     * @throws IllegalArgumentException      if {@code socketFd} is negative
     * @throws IllegalStateException         if this send has no file part (built without a file)
     * @throws UnsupportedOperationException if the provider in use has no raw-descriptor calls (the fallback)
     * @throws ClosedChannelException        if the file is closed
     * @throws SendfileException             if a system call fails; {@code bytesSent()} says how far it got
     * @throws IOException                   if another I/O error occurs
     */
    public long sendToSocket(int socketFd) throws IOException {
        if (socketFd < 0) {
            throw new IllegalArgumentException("socketFd must be >= 0, was " + socketFd);
        }
        if (file == null) {
            throw new IllegalStateException("this send has no file part: send its buffers with sendTo");
        }
        if (!file.isOpen() && !isDone()) {
            throw new ClosedChannelException();
        }
        if (!rawCalls()) {
            throw new UnsupportedOperationException("provider " + calls().provider().name()
                    + " has no raw-descriptor calls: send to a channel with sendTo");
        }
        long before = totalSent;
        waitingForDisk = false;
        if (!isDone()) {
            sendRaw(socketFd); // with the file part done, the same call sends what is left of the trailers
            closeOwnFileIfDone();
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

    private SendfileCalls calls() {
        if (calls == null) {
            calls = Sendfile.calls(); // chosen at the first send, not when the send was built
        }
        return calls;
    }

    private boolean rawCalls() {
        if (raw == null) {
            raw = calls().capabilities().rawDescriptors();
        }
        return raw;
    }

    /** Headers, the file part and trailers in as few system calls as the provider makes them. */
    private void sendRaw(SocketChannel target) throws IOException {
        sendRaw(FileDescriptors.of(target));
    }

    private void sendRaw(int targetFd) throws IOException {
        long headersBefore = options.headerBytes();
        long trailersBefore = options.trailerBytes();
        long left = count - fileSent;
        boolean partOfFile = left > maxFileBytesPerSend;
        long n;
        try {
            n = calls().provider().sendfileNonBlocking(targetFd, FileDescriptors.of(file), start + fileSent,
                    partOfFile ? maxFileBytesPerSend : left, partOfFile ? beforeTrailers() : options);
        } catch (SendfileException e) {
            if (e.bytesSent() == 0 && "EBUSY".equals(e.errnoName()) && options.flags().contains(SendFlag.SF_NODISKIO)) {
                waitingForDisk = true; // nothing moved: the next file byte is on the disk
                return;
            }
            throw e;
        }
        if (n == SendfileProvider.WOULD_BLOCK) {
            return;
        }
        long fromHeaders = headersBefore - options.headerBytes();
        long fromTrailers = trailersBefore - options.trailerBytes();
        long fromFile = n - fromHeaders - fromTrailers;
        // Providers write trailers only after the whole file part: trailers started means the file ended.
        account(fromHeaders, fromFile, fromTrailers,
                fromTrailers > 0 || (fromFile == 0 && options.headerBytes() == 0 && atEndOfFile()));
    }

    /** The headers and flags without the trailers, which go only after the last file byte. */
    private SendOptions beforeTrailers() {
        if (beforeTrailers == null) {
            beforeTrailers = SendOptions.builder().headers(headers)
                    .flags(options.flags().toArray(new SendFlag[0])).build();
        }
        return beforeTrailers;
    }

    /** What the target takes of the current part, and of the next parts while each one completes. */
    private long sendStep(WritableByteChannel target) throws IOException {
        long before = totalSent;
        if (phase == Phase.HEADERS) {
            account(write(target, headers), 0, 0, false);
        }
        if (phase == Phase.FILE) {
            long n = Math.min(count - fileSent, maxFileBytesPerSend);
            account(0, file.transferTo(start + fileSent, n, target), 0, false);
        }
        if (phase == Phase.TRAILERS) {
            account(0, 0, write(target, trailers), false);
        }
        return totalSent - before;
    }

    /** A blocking target: every part in full. */
    private void sendAll(WritableByteChannel target) throws IOException {
        while (phase == Phase.HEADERS) {
            account(write(target, headers), 0, 0, false);
        }
        if (phase == Phase.FILE) {
            // transfer sends until the count or the end of the file, whichever comes first
            account(0, calls().transfer(file, start + fileSent, count - fileSent, target), 0, true);
        }
        while (phase == Phase.TRAILERS) {
            account(0, 0, write(target, trailers), false);
        }
    }

    /**
     * The one place every sent byte is counted, whichever path sent it; moves the phase on as parts finish.
     *
     * @param fromHeaders  header bytes sent
     * @param fromFile     file bytes sent
     * @param fromTrailers trailer bytes sent
     * @param fileEnded    whether the sending path knows the file part is complete
     */
    private void account(long fromHeaders, long fromFile, long fromTrailers, boolean fileEnded) throws IOException {
        fileSent += fromFile;
        totalSent += fromHeaders + fromFile + fromTrailers;
        advance(fileEnded || (phase == Phase.FILE && fromFile == 0 && fileSent < count && atEndOfFile()));
    }

    private void advance(boolean fileEnded) {
        if (phase == Phase.HEADERS && options.headerBytes() == 0) {
            phase = Phase.FILE;
        }
        if (phase == Phase.FILE && (fileEnded || fileSent == count)) {
            phase = Phase.TRAILERS;
        }
        if (phase == Phase.TRAILERS && options.trailerBytes() == 0) {
            phase = Phase.DONE;
        }
    }

    private boolean atEndOfFile() throws IOException {
        return file == null || start + fileSent >= file.size();
    }

    /** One gathering write (or one write of the first buffer with bytes left); what the target took. */
    private static long write(WritableByteChannel target, ByteBuffer[] buffers) throws IOException {
        if (target instanceof GatheringByteChannel) {
            return ((GatheringByteChannel) target).write(buffers);
        }
        for (ByteBuffer b : buffers) {
            if (b.hasRemaining()) {
                return target.write(b);
            }
        }
        return 0;
    }

    /**
     * Whether the last {@link #sendTo} stopped because the next file bytes are not in memory: only with
     * {@link SendFlag#SF_NODISKIO}, where the provider honours it, on a non-blocking socket. Such a call waits
     * for nothing; an event loop then runs {@link #readAhead()} on another thread (or
     * {@link #readAhead(Executor)}) and calls {@code sendTo} again when it is done, as nginx's {@code aio
     * threads} and FreeBSD's SF_NODISKIO servers do. Cleared by the next {@code sendTo}.
     *
     * @return whether the send waits for the disk, not for the target
     */
    public boolean waitingForDisk() {
        return waitingForDisk;
    }

    /**
     * Reads the next part of the file range (at most {@value #READ_AHEAD_BYTES} bytes) into the page cache,
     * waiting for the disk: to be run off the event loop while {@link #waitingForDisk()}, and never at the same
     * time as {@link #sendTo}. The bytes are read into a per-thread direct buffer and dropped; only the page
     * cache keeps them, for the next {@code sendTo}.
     *
     * @return bytes read ahead; 0 at the end of the file or of the range
     * @throws ClosedChannelException if the file is closed
     * @throws IOException            if the file cannot be read
     */
    public long readAhead() throws IOException {
        if (file == null) {
            return 0;
        }
        long from = start + fileSent;
        long want = Math.min(READ_AHEAD_BYTES, count - fileSent);
        // All of it asked for at once where the kernel takes the hint: the reads below then wait for one batch
        // of disk requests in flight together, not for each piece in turn.
        calls().provider().prefetch(file, from, want);
        ByteBuffer buf = READ_AHEAD_BUFFER.get();
        long read = 0;
        while (read < want) {
            buf.clear();
            if (want - read < buf.capacity()) {
                buf.limit((int) (want - read));
            }
            int n = file.read(buf, from + read);
            if (n < 0) {
                break;
            }
            read += n;
        }
        return read;
    }

    /**
     * {@link #readAhead()} on {@code executor}: the event loop resumes the send when the future completes.
     *
     * @param executor where the read waits for the disk; a small bounded pool
     * @return completes with the bytes read ahead, or exceptionally with the read's {@code IOException}
     * @throws NullPointerException if {@code executor} is null
     */
    public CompletableFuture<Long> readAhead(Executor executor) {
        Objects.requireNonNull(executor, "executor");
        CompletableFuture<Long> done = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                done.complete(readAhead());
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** @return whether headers, the file range (or the file up to its end) and trailers have all been sent */
    public boolean isDone() {
        return phase == Phase.DONE;
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
        return "FileSend[" + phase + ", file " + start + "+" + fileSent + ", headers left "
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
        private SendfileCalls calls;
        private long maxFileBytesPerSend = Long.MAX_VALUE;

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

        /**
         * At most this many file bytes per {@link FileSend#sendTo} or {@link FileSend#sendToSocket} call on a
         * non-blocking target, so that one large response cannot hold an event loop while its other
         * connections wait, as nginx's {@code sendfile_max_chunk}: the call returns, and the next one goes on.
         * A blocking target still gets everything in one call.
         *
         * @param bytes {@code > 0}; without this, no limit
         * @return this
         * @throws IllegalArgumentException if {@code bytes <= 0}
         */
        public Builder maxFileBytesPerSend(long bytes) {
            if (bytes <= 0) {
                throw new IllegalArgumentException("maxFileBytesPerSend must be > 0, was " + bytes);
            }
            this.maxFileBytesPerSend = bytes;
            return this;
        }

        /** {@link SendfileCalls#fileSend}: served by {@code provider} instead of the JVM's chosen one. */
        Builder provider(SendfileProvider provider) {
            this.calls = Sendfile.using(provider);
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
            if (flags.isEmpty()) {
                return new FileSend(this); // nothing to ask a provider: none is chosen before the first send
            }
            try {
                (calls != null ? calls : Sendfile.calls()).requireSupported(flags);
            } catch (RuntimeException e) {
                if (ownsFile) {
                    closeQuietly(file);
                }
                throw e;
            }
            return new FileSend(this);
        }
    }
}
