package io.github.sendfile4j.netty;

import io.github.sendfile4j.FileSend;
import io.github.sendfile4j.SendFlag;
import io.github.sendfile4j.Sendfile;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.FileRegion;
import io.netty.channel.unix.UnixChannel;
import io.netty.util.AbstractReferenceCounted;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * A Netty {@link FileRegion} of headers, a range of a file and trailers, sent as one {@link FileSend}: on Linux
 * the headers go in one {@code sendmsg(MSG_MORE)} and the file bytes in {@code sendfile}, never through user
 * space; a protocol's frame header, an HTTP response head or a multipart part header travels with its file
 * slice, which Netty's own {@code DefaultFileRegion} cannot carry.
 *
 * <p>Where it sends zero-copy:
 * <ul>
 * <li>NIO transport: through the {@code SocketChannel} Netty hands to {@link #transferTo}.</li>
 * <li>epoll transport: through the socket's descriptor, when the region was built with
 *     {@link Builder#channel(Channel)} (Netty's public {@code UnixChannel.fd()}); Netty itself hands a region
 *     other than its own a wrapper channel, through which the bytes would be copied.</li>
 * <li>Anywhere else (KQueue, io_uring, local or embedded channels): the bytes go through the channel Netty
 *     hands, correctly, copied. A pipeline with {@code SslHandler} rejects every {@code FileRegion}; there, send
 *     the same bytes with {@link Builder#buildChunks}, which hands {@code ChunkedWriteHandler} buffers.</li>
 * </ul>
 *
 * <p>An event loop that must never wait on the disk sends with {@link Builder#buildChunks} and a read-ahead
 * executor; a region itself refuses {@code SF_NODISKIO} (see {@link FileSendChunks} for why).
 *
 * <p>Netty's contracts: {@link #count()} is every byte the region will write (headers, file range, trailers);
 * {@link #transferred()} the bytes written so far; {@link #transferTo} resumes from there after a partial
 * write, as Netty calls it. The region is reference counted: the header and trailer {@code ByteBuf}s given to
 * the builder are owned by it, and released, with the file if the region opened it, when the count reaches
 * zero (Netty releases a written region once it is written, or when the channel closes first). A file that
 * is shorter than the range when it is sent fails the write with an {@code IOException}, as
 * {@code DefaultFileRegion} does, instead of leaving the channel waiting for bytes that will never come.
 */
public final class FileSendRegion extends AbstractReferenceCounted implements FileRegion {
    private final FileChannel file;
    private final boolean ownsFile;
    private final List<ByteBuf> headers;
    private final List<ByteBuf> trailers;
    private final long position;
    private final long fileBytes;
    private final SendFlag[] flags;
    /** Made at the first write, so that a head may still be put in front ({@link #prependHeader}). */
    private FileSend send;
    private long count;
    private final int socketFd;
    private long transferred;
    private Runnable whenReleased;

    private FileSendRegion(Builder b, FileChannel file, boolean ownsFile) {
        this.file = file;
        this.ownsFile = ownsFile;
        this.headers = new ArrayList<>(b.headers);
        this.trailers = new ArrayList<>(b.trailers);
        this.position = b.position;
        this.fileBytes = b.fileBytes;
        this.flags = b.flags.toArray(new SendFlag[0]);
        long bytes = b.fileBytes;
        for (ByteBuf buf : headers) {
            bytes += buf.readableBytes();
        }
        for (ByteBuf buf : trailers) {
            bytes += buf.readableBytes();
        }
        this.count = bytes;
        this.socketFd = b.socketFd;
    }

    /**
     * Puts {@code head} in front of the region's headers, before its first write: how
     * {@link HeadMergingHandler} joins a response head encoded by Netty's HTTP codec to the region after it.
     *
     * @param head bytes to send first; the region owns it from now on
     * @throws IllegalStateException if the region has started sending
     */
    void prependHeader(ByteBuf head) {
        if (send != null) {
            throw new IllegalStateException("the region has started sending");
        }
        headers.add(0, head);
        count += head.readableBytes();
    }

    private FileSend send() {
        if (send == null) {
            List<ByteBuffer> h = new ArrayList<>();
            for (ByteBuf buf : headers) {
                addNioBuffers(buf, h);
            }
            List<ByteBuffer> t = new ArrayList<>();
            for (ByteBuf buf : trailers) {
                addNioBuffers(buf, t);
            }
            send = FileSend.builder(file, position, fileBytes).headers(h.toArray(new ByteBuffer[0]))
                    .trailers(t.toArray(new ByteBuffer[0])).flags(flags).build();
        }
        return send;
    }

    private static void addNioBuffers(ByteBuf buf, List<ByteBuffer> into) {
        for (ByteBuffer nio : buf.nioBuffers(buf.readerIndex(), buf.readableBytes())) {
            into.add(nio);
        }
    }

    /**
     * @param file     the file, owned by the caller: the region does not close it
     * @param position where the range starts, {@code >= 0}
     * @param count    the bytes of the range, {@code >= 0}; the file must have them when the region is sent
     * @return a builder
     * @throws NullPointerException     if {@code file} is {@code null}
     * @throws IllegalArgumentException if {@code position} or {@code count} is negative
     */
    public static Builder builder(FileChannel file, long position, long count) {
        return new Builder(Objects.requireNonNull(file, "file"), null, position, count);
    }

    /**
     * @param file     the file, opened when the region is built and closed when it is released
     * @param position where the range starts, {@code >= 0}
     * @param count    the bytes of the range, {@code >= 0}, or {@link Sendfile#TO_END_OF_FILE} for the rest of
     *                 the file as it is when the region is built
     * @return a builder
     * @throws NullPointerException     if {@code file} is {@code null}
     * @throws IllegalArgumentException if {@code position} or {@code count} is negative
     */
    public static Builder builder(Path file, long position, long count) {
        return new Builder(null, Objects.requireNonNull(file, "file"), position, count);
    }

    @Override
    public long position() {
        return 0;
    }

    @Override
    @Deprecated
    public long transfered() {
        return transferred;
    }

    @Override
    public long transferred() {
        return transferred;
    }

    @Override
    public long count() {
        return count;
    }

    /**
     * Writes as much of the rest of the region as {@code target} takes now, without waiting.
     *
     * @param target   the channel Netty hands: a non-blocking {@code SocketChannel} on NIO, a wrapper elsewhere
     * @param position {@link #transferred()}, as Netty passes it
     * @return the bytes written by this call; {@code 0} when the socket is full
     * @throws IllegalArgumentException if {@code position} is not {@link #transferred()}
     * @throws IOException              if the file is shorter than the range, or the write fails
     */
    @Override
    public long transferTo(WritableByteChannel target, long position) throws IOException {
        if (position != transferred) {
            throw new IllegalArgumentException("position must be transferred() = " + transferred + ", was " + position
                    + ": the region resumes where its last write ended");
        }
        if (refCnt() == 0) {
            throw new IllegalStateException("the region was released");
        }
        FileSend s = send();
        long n = socketFd >= 0 ? s.sendToSocket(socketFd) : s.sendTo(target);
        transferred += n;
        if (s.isDone() && transferred < count) {
            throw new IOException("the file ended before the region's range: " + transferred + " of " + count
                    + " bytes written (it was shortened while being sent)");
        }
        return n;
    }

    /** Runs {@code action} when the region is deallocated (written, or dropped with its channel). */
    void whenReleased(Runnable action) {
        whenReleased = action;
    }

    @Override
    protected void deallocate() {
        if (whenReleased != null) {
            whenReleased.run();
        }
        for (ByteBuf buf : headers) {
            buf.release();
        }
        for (ByteBuf buf : trailers) {
            buf.release();
        }
        if (ownsFile) {
            try {
                file.close();
            } catch (IOException ignored) {
                // opened for reading only: nothing to lose
            }
        }
    }

    @Override
    public FileSendRegion retain() {
        super.retain();
        return this;
    }

    @Override
    public FileSendRegion retain(int increment) {
        super.retain(increment);
        return this;
    }

    @Override
    public FileSendRegion touch() {
        return this;
    }

    @Override
    public FileSendRegion touch(Object hint) {
        return this;
    }

    @Override
    public String toString() {
        return "FileSendRegion[" + transferred + " of " + count + " bytes, file " + position + "+" + fileBytes
                + (send == null ? ", not started" : ", " + send) + "]";
    }

    /** Builds a {@link FileSendRegion}; every setter replaces what was set before. */
    public static final class Builder {
        private final FileChannel file;
        private final Path path;
        private final long position;
        private final long count;
        private long fileBytes;
        private final List<ByteBuf> headers = new ArrayList<>();
        private final List<ByteBuf> trailers = new ArrayList<>();
        private final List<SendFlag> flags = new ArrayList<>();
        private int socketFd = -1;
        private Channel channel;

        private Builder(FileChannel file, Path path, long position, long count) {
            if (position < 0 || count < 0) {
                throw new IllegalArgumentException((position < 0 ? "position" : "count") + " must be >= 0, was "
                        + (position < 0 ? position : count));
            }
            this.file = file;
            this.path = path;
            this.position = position;
            this.count = count;
        }

        /**
         * @param buffers sent before the file range, from their reader indexes; the region owns them from now on
         *                (released when it is)
         * @return this
         */
        public Builder headers(ByteBuf... buffers) {
            headers.clear();
            for (ByteBuf b : buffers) {
                headers.add(Objects.requireNonNull(b, "header"));
            }
            return this;
        }

        /**
         * @param buffers sent before the file range, from their positions, not copied (wrapped, see
         *                {@code Unpooled.wrappedBuffer}); the caller must not change them until the region is
         *                released
         * @return this
         */
        public Builder headers(ByteBuffer... buffers) {
            return headers(wrap(buffers));
        }

        /**
         * @param buffers sent after the file range, from their positions, not copied; the caller must not
         *                change them until the region is released
         * @return this
         */
        public Builder trailers(ByteBuffer... buffers) {
            return trailers(wrap(buffers));
        }

        private static ByteBuf[] wrap(ByteBuffer[] buffers) {
            ByteBuf[] wrapped = new ByteBuf[buffers.length];
            for (int i = 0; i < buffers.length; i++) {
                wrapped[i] = Unpooled.wrappedBuffer(Objects.requireNonNull(buffers[i], "buffer"));
            }
            return wrapped;
        }

        /**
         * @param buffers sent after the file range; owned by the region from now on
         * @return this
         */
        public Builder trailers(ByteBuf... buffers) {
            trailers.clear();
            for (ByteBuf b : buffers) {
                trailers.add(Objects.requireNonNull(b, "trailer"));
            }
            return this;
        }

        /**
         * @param sendFlags flags for the file part, where the provider honours them; {@code SF_NODISKIO} is
         *                  refused when the region is built (use {@link #buildChunks})
         * @return this
         */
        public Builder flags(SendFlag... sendFlags) {
            flags.clear();
            for (SendFlag f : sendFlags) {
                flags.add(Objects.requireNonNull(f, "flag"));
            }
            return this;
        }

        /**
         * The channel the region will be written to: on the epoll transport it sends through the channel's
         * descriptor ({@code UnixChannel.fd()}), zero-copy, instead of the wrapper Netty hands; on other
         * channels this changes nothing.
         *
         * @param channel the channel
         * @return this
         */
        public Builder channel(Channel channel) {
            this.channel = Objects.requireNonNull(channel, "channel");
            socketFd = channel instanceof UnixChannel && Sendfile.capabilities().rawDescriptors()
                    ? ((UnixChannel) channel).fd().intValue() : -1;
            return this;
        }

        /** A builder for a slice of the same file, with the same flags and channel and no buffers. */
        Builder copy(FileChannel f, long slicePosition, long sliceCount) {
            Builder b = new Builder(f, null, slicePosition, sliceCount);
            b.flags.addAll(flags);
            b.channel = channel;
            b.socketFd = socketFd;
            return b;
        }

        /**
         * The same bytes as a {@link FileSendChunks} for Netty's {@code ChunkedWriteHandler}: read ahead off the
         * event loop on {@code readAheadOn}, so that the loop never waits on the disk, and as {@code ByteBuf}s
         * where the pipeline needs bytes (an {@code SslHandler}). Needs {@link #channel(Channel)}.
         *
         * @param readAheadOn where the file is read into the page cache, a small bounded pool; {@code null} to
         *                    read on the event loop
         * @return the chunked input, owning the header and trailer buffers (and the file, if given as a path)
         * @throws IllegalStateException         if no channel was given
         * @throws IOException                   if the file (given as a path) cannot be opened or sized; the
         *                                       header and trailer buffers are released then
         * @throws IllegalArgumentException      if a flag is {@code SF_NODISKIO}: the executor is what keeps the
         *                                       loop off the disk
         * @throws UnsupportedOperationException if a flag is not supported by the provider in use
         */
        public FileSendChunks buildChunks(Executor readAheadOn) throws IOException {
            if (channel == null) {
                releaseBuffers();
                throw new IllegalStateException("buildChunks needs the channel the chunks will be written to:"
                        + " call channel(ch) first");
            }
            return opened((f, ownsFile) -> new FileSendChunks(this, f, ownsFile, position, fileBytes, headers,
                    trailers, channel, readAheadOn));
        }

        /** Makes a region or chunks of the file: what both need, once. */
        private interface Product<T> {
            T of(FileChannel file, boolean ownsFile);
        }

        /**
         * Opens the file (given as a path), sizes the range, refuses the flags nothing could send, then makes
         * {@code product}; on any failure the file it opened is closed and the buffers are released.
         */
        private <T> T opened(Product<T> product) throws IOException {
            FileChannel f = file != null ? file : FileChannel.open(path, StandardOpenOption.READ);
            try {
                fileBytes = count == Sendfile.TO_END_OF_FILE ? Math.max(0, f.size() - position) : count;
                if (flags.contains(SendFlag.SF_NODISKIO)) {
                    throw new IllegalArgumentException("SF_NODISKIO: a region that waits for the disk would make"
                            + " Netty's event loop retry it at once, spinning; FileSendRegion.Builder.buildChunks"
                            + "(executor) reads ahead off the loop instead");
                }
                if (!flags.isEmpty()) {
                    // The send the region will make refuses a flag its provider does not honour: now, not later.
                    FileSend.builder(f, position, fileBytes).flags(flags.toArray(new SendFlag[0])).build();
                }
                return product.of(f, file == null);
            } catch (IOException | RuntimeException e) {
                if (file == null) {
                    f.close();
                }
                releaseBuffers();
                throw e;
            }
        }

        private void releaseBuffers() {
            for (ByteBuf b : headers) {
                b.release(); // owned by a region that never came to be
            }
            for (ByteBuf b : trailers) {
                b.release();
            }
        }

        /**
         * @return the region, reference count 1
         * @throws IOException                   if the file (given as a path) cannot be opened or sized; the
         *                                       header and trailer buffers are released then
         * @throws IllegalArgumentException      if a flag is {@code SF_NODISKIO} (see {@link #buildChunks})
         * @throws UnsupportedOperationException if a flag is not supported by the provider in use
         */
        public FileSendRegion build() throws IOException {
            return opened((f, ownsFile) -> new FileSendRegion(this, f, ownsFile));
        }
    }
}
