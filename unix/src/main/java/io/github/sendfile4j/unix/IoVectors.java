package io.github.sendfile4j.unix;

import io.github.sendfile4j.SendOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A per-thread native {@code struct iovec} array (LP64: 16 bytes, base at 0, length at 8, on every
 * platform sendfile4j supports) plus a native copy area for heap buffers, so that gathering writes of
 * headers and trailers allocate nothing. Direct buffers are passed by address, never copied.
 */
public final class IoVectors {
    /** IOV_MAX on Linux, FreeBSD and macOS alike. */
    public static final int IOV_MAX = 1024;
    static final int IOV_SIZE = 16;
    static final int COPY_AREA = 64 * 1024;

    private static final ThreadLocal<IoVectors> LOCAL = new ThreadLocal<IoVectors>() {
        @Override
        protected IoVectors initialValue() {
            return new IoVectors();
        }
    };

    private final ByteBuffer iov = ByteBuffer.allocateDirect(IOV_MAX * IOV_SIZE).order(ByteOrder.nativeOrder());
    private final long iovAddress = BufferAddress.of(iov);
    private final ByteBuffer result = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
    private final long resultAddress = BufferAddress.of(result);
    private final ByteBuffer copy = ByteBuffer.allocateDirect(COPY_AREA);
    private final long copyAddress = BufferAddress.of(copy);
    private int count;
    private long bytes;

    private IoVectors() {
    }

    /** @return this thread's vectors, emptied */
    public static IoVectors get() {
        IoVectors v = LOCAL.get();
        v.clear();
        return v;
    }

    /** Empties the array and the copy area. */
    public void clear() {
        count = 0;
        bytes = 0;
        copy.clear();
    }

    /** @return the address of the first iovec, for a {@link SystemCalls} implementation */
    public long address() {
        return iovAddress;
    }

    /**
     * @return the address of an 8-byte slot a native call may store a second result in (BSD sbytes), for a
     *         {@link SystemCalls} implementation
     */
    public long resultAddress() {
        return resultAddress;
    }

    /** @return the value stored at {@link #resultAddress()} */
    public long result() {
        return result.getLong(0);
    }

    /** @return entries filled */
    public int count() {
        return count;
    }

    /** @return bytes described by the filled entries */
    public long bytes() {
        return bytes;
    }

    /**
     * Adds the remaining bytes of {@code buf}, or as many as fit (heap buffers go through the copy area).
     *
     * @param buf a buffer; not modified
     * @return bytes added, {@code 0} when the array or the copy area is full
     */
    public int add(ByteBuffer buf) {
        int remaining = buf.remaining();
        if (count == IOV_MAX || remaining == 0) {
            return 0;
        }
        long base;
        int len;
        if (buf.isDirect()) {
            base = BufferAddress.of(buf) + buf.position();
            len = remaining;
        } else {
            len = Math.min(remaining, copy.remaining());
            if (len == 0) {
                return 0;
            }
            base = copyAddress + copy.position();
            if (buf.hasArray()) {
                copy.put(buf.array(), buf.arrayOffset() + buf.position(), len);
            } else {
                ByteBuffer src = buf.duplicate();
                src.limit(src.position() + len);
                copy.put(src);
            }
        }
        int at = count * IOV_SIZE;
        iov.putLong(at, base);
        iov.putLong(at + 8, len);
        count++;
        bytes += len;
        return len;
    }

    /**
     * Fills entries from the headers or trailers of {@code options}, skipping empty buffers.
     *
     * @param options  the buffers' owner
     * @param trailers {@code true} for trailers, else headers
     * @param from     the first buffer index to look at
     * @return the index of the first buffer not completely added
     */
    public int fill(SendOptions options, boolean trailers, int from) {
        int total = trailers ? options.trailerCount() : options.headerCount();
        int i = from;
        while (i < total) {
            ByteBuffer b = trailers ? options.trailer(i) : options.header(i);
            int r = b.remaining();
            if (r > 0 && add(b) < r) {
                break;
            }
            i++;
        }
        return i;
    }

    /**
     * Advances buffer positions by {@code n} written bytes, from buffer {@code from} on.
     *
     * @param options  the buffers' owner
     * @param trailers {@code true} for trailers, else headers
     * @param from     the first buffer written
     * @param n        bytes written
     */
    public static void consume(SendOptions options, boolean trailers, int from, long n) {
        int total = trailers ? options.trailerCount() : options.headerCount();
        for (int i = from; i < total && n > 0; i++) {
            ByteBuffer b = trailers ? options.trailer(i) : options.header(i);
            int take = (int) Math.min(b.remaining(), n);
            b.position(b.position() + take);
            n -= take;
        }
    }

    /**
     * Writes the remaining headers or trailers with as few system calls as the limits allow, advancing the
     * buffers by what was written.
     *
     * @param calls    the gateway that makes the calls
     * @param fd       destination
     * @param options  the buffers' owner
     * @param trailers {@code true} for trailers, else headers
     * @param flags    sendmsg flags (MSG_MORE, MSG_NOSIGNAL) or 0
     * @return bytes written, or {@code -errno} when the first system call wrote nothing
     */
    public static long write(SystemCalls calls, int fd, SendOptions options, boolean trailers, int flags) {
        int total = trailers ? options.trailerCount() : options.headerCount();
        long written = 0;
        int next = 0;
        while (next < total) {
            IoVectors v = get();
            int first = next;
            next = v.fill(options, trailers, first);
            if (v.count() == 0) {
                break;
            }
            long n = calls.gatherWrite(fd, v, flags);
            if (n < 0) {
                return written > 0 ? written : n;
            }
            consume(options, trailers, first, n);
            written += n;
            if (n < v.bytes()) {
                break;
            }
            // Everything before next was consumed; a buffer only partly copied resumes from its new position.
        }
        return written;
    }
}
