package io.github.sendfile4j.netty;

import io.github.sendfile4j.FileSend;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.stream.ChunkedInput;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The bytes of a {@link FileSendRegion} (headers, a file range, trailers) as a {@link ChunkedInput} for Netty's
 * {@link ChunkedWriteHandler}: for an event loop that must never wait on the disk, and for pipelines that need
 * the bytes themselves. Built by {@link FileSendRegion.Builder#buildChunks(Executor)}.
 *
 * <p><b>Never waiting on the disk.</b> With a read-ahead executor, the file range is read into the page cache
 * on that executor, a window of {@value FileSend#READ_AHEAD_BYTES} bytes at a time and one window ahead of the
 * send; {@link #readChunk(ByteBufAllocator)} hands out only bytes already read ahead, and returns {@code null}
 * while the next window is on its way, which makes {@code ChunkedWriteHandler} pause this write (and only this
 * one) until the read-ahead resumes it. The event loop itself never reads from the disk, as nginx's
 * {@code aio threads} serves. (A page the kernel evicts between its read-ahead and its send, under memory
 * pressure, is read again by the send: the same window Linux's own residency check has.) A
 * {@code FileSendRegion} cannot do this alone: a region that makes no progress inside Netty's write loop is
 * retried at once, so its event loop would spin; which is why the region refuses {@code SF_NODISKIO}.
 * Without an executor, the bytes are read on the event loop, as {@code ChunkedNioFile} and
 * {@code DefaultFileRegion} read them.
 *
 * <p><b>Chunks.</b> On a channel whose transport sends file regions (a {@code SocketChannel}: NIO, epoll,
 * KQueue) and whose pipeline has no {@link SslHandler}, each chunk is a {@code FileSendRegion}, zero-copy as
 * the region is: the headers go with the first file bytes and the trailers with the last, and one chunk is in
 * flight at a time. Anywhere else (TLS, which encrypts bytes and rejects file regions; local or embedded
 * channels) each chunk is a {@code ByteBuf} of at most {@value #BUFFER_CHUNK} bytes read from the file: a
 * copy, which TLS needs anyway.
 *
 * <p>Reference counting: the header and trailer buffers pass to the chunk that carries them; {@link #close()}
 * (called by {@code ChunkedWriteHandler} when the write ends, completed or failed) releases those not handed
 * out and closes the file if the builder opened it. The handler must be in the channel's pipeline, between
 * the writer and the transport.
 */
public final class FileSendChunks implements ChunkedInput<Object> {
    /** The most file bytes in one {@code ByteBuf} chunk. */
    public static final int BUFFER_CHUNK = 64 << 10;

    private final FileChannel file;
    private final boolean ownsFile;
    private final long position;
    private final long fileBytes;
    private final long length;
    private final ArrayDeque<ByteBuf> headers;
    private final ArrayDeque<ByteBuf> trailers;
    private final FileSendRegion.Builder regions;
    private final Channel channel;
    private final boolean asBuffers;
    private final Executor readAheadOn;

    /** File bytes handed out in chunks. */
    private long produced;
    /** Bytes of any kind handed out: {@link #progress()}. */
    private long progress;
    /** File bytes read ahead (relative to {@code position}); everything when there is no executor. */
    private long readUpTo;
    private CompletableFuture<Long> pendingRead;
    private IOException readFailure;
    private FileSendRegion inFlight;
    private boolean closed;

    FileSendChunks(FileSendRegion.Builder regions, FileChannel file, boolean ownsFile, long position,
            long fileBytes, List<ByteBuf> headers, List<ByteBuf> trailers, Channel channel, Executor readAheadOn) {
        this.regions = regions;
        this.file = file;
        this.ownsFile = ownsFile;
        this.position = position;
        this.fileBytes = fileBytes;
        this.headers = new ArrayDeque<>(headers);
        this.trailers = new ArrayDeque<>(trailers);
        long bytes = fileBytes;
        for (ByteBuf b : headers) {
            bytes += b.readableBytes();
        }
        for (ByteBuf b : trailers) {
            bytes += b.readableBytes();
        }
        this.length = bytes;
        this.channel = channel;
        this.asBuffers = !(channel instanceof io.netty.channel.socket.SocketChannel)
                || channel.pipeline().get(SslHandler.class) != null;
        this.readAheadOn = readAheadOn;
        this.readUpTo = readAheadOn == null ? fileBytes : 0;
    }

    /** @return whether the chunks are {@code ByteBuf}s read from the file rather than zero-copy regions */
    public boolean buffers() {
        return asBuffers;
    }

    @Override
    public boolean isEndOfInput() {
        return closed || progress == length;
    }

    @Override
    @Deprecated
    public Object readChunk(ChannelHandlerContext ctx) throws Exception {
        return readChunk(ctx.alloc());
    }

    /**
     * @return the next chunk, or {@code null} when there is none yet (the window is being read ahead, or the
     *         previous region is still being written); the input resumes the handler when there is
     * @throws IOException if a read-ahead or a read failed, or the file is shorter than the range
     */
    @Override
    public Object readChunk(ByteBufAllocator allocator) throws IOException {
        if (readFailure != null) {
            throw readFailure;
        }
        if (closed || inFlight != null) {
            return null;
        }
        if (asBuffers) {
            return nextBuffer(allocator);
        }
        if (produced < fileBytes && produced == readUpTo) {
            readAhead();
            return null;
        }
        return nextRegion();
    }

    private Object nextBuffer(ByteBufAllocator allocator) throws IOException {
        if (!headers.isEmpty()) {
            return handOut(headers.poll());
        }
        if (produced < fileBytes) {
            if (produced == readUpTo) {
                readAhead();
                return null;
            }
            readAhead(); // the next window, while this one is sent
            int n = (int) Math.min(BUFFER_CHUNK, readUpTo - produced);
            ByteBuf buf = allocator.buffer(n);
            try {
                for (int done = 0; done < n;) {
                    int r = buf.writeBytes(file, position + produced + done, n - done);
                    if (r < 0) {
                        throw shorter();
                    }
                    done += r;
                }
            } catch (IOException | RuntimeException e) {
                buf.release();
                throw e;
            }
            produced += n;
            return handOut(buf);
        }
        return trailers.isEmpty() ? null : handOut(trailers.poll());
    }

    private ByteBuf handOut(ByteBuf buf) {
        progress += buf.readableBytes();
        return buf;
    }

    private FileSendRegion nextRegion() throws IOException {
        if (progress == length) {
            return null;
        }
        long n = readUpTo - produced;
        boolean last = produced + n == fileBytes;
        FileSendRegion.Builder b = regions.copy(file, position + produced, n).channel(channel)
                .headers(headers.toArray(new ByteBuf[0]));
        if (last) {
            b.trailers(trailers.toArray(new ByteBuf[0]));
        }
        headers.clear(); // owned by the region from here on, released with it even if build fails
        if (last) {
            trailers.clear();
        }
        FileSendRegion region = b.build();
        produced += n;
        progress += region.count();
        readAhead(); // the next window, while this one is sent
        inFlight = region;
        region.whenReleased(() -> {
            inFlight = null;
            resume();
        });
        return region;
    }

    private IOException shorter() {
        return new IOException("the file ended before the range: " + produced + " of " + fileBytes
                + " file bytes read (it was shortened while being sent)");
    }

    /** Starts reading the next window into the page cache on the executor, unless one is on its way. */
    private void readAhead() {
        if (readAheadOn == null || pendingRead != null || readUpTo == fileBytes) {
            return;
        }
        long from = readUpTo;
        long n = Math.min(FileSend.READ_AHEAD_BYTES, fileBytes - from);
        CompletableFuture<Long> read = FileSend.builder(file, position + from, n).build().readAhead(readAheadOn);
        pendingRead = read;
        read.whenComplete((bytes, failure) -> onLoop(() -> {
            pendingRead = null;
            if (failure != null) {
                readFailure = failure instanceof IOException ? (IOException) failure : new IOException(failure);
            } else if (bytes < n) {
                readFailure = shorter();
            } else {
                readUpTo = from + n;
            }
            resume();
        }));
    }

    private void onLoop(Runnable task) {
        try {
            channel.eventLoop().execute(task);
        } catch (RejectedExecutionException shutDown) {
            // The event loop is gone, and the channel with it: nothing left to resume.
        }
    }

    /** Lets {@code ChunkedWriteHandler} ask for the next chunk again: a window was read, or a region written. */
    private void resume() {
        onLoop(() -> {
            ChunkedWriteHandler handler = channel.pipeline().get(ChunkedWriteHandler.class);
            if (handler != null && !closed) {
                handler.resumeTransfer();
            }
        });
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public long progress() {
        return progress;
    }

    /** Releases the header and trailer buffers not handed out; closes the file if the builder opened it. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        for (ByteBuf b : headers) {
            b.release();
        }
        for (ByteBuf b : trailers) {
            b.release();
        }
        headers.clear();
        trailers.clear();
        if (ownsFile) {
            file.close(); // a region still in flight fails its write: the channel is closing, or it was written
        }
    }

    @Override
    public String toString() {
        return "FileSendChunks[" + progress + " of " + length + " bytes handed out, " + (asBuffers ? "buffers" : "regions")
                + ", file " + position + "+" + fileBytes + ", read ahead " + readUpTo + "]";
    }
}
