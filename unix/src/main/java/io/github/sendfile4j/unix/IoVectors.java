package io.github.sendfile4j.unix;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A per-thread native {@code struct iovec} array (LP64: 16 bytes, base at 0, length at 8, on every
 * platform sendfile4j supports) plus a native copy area for heap buffers, so that gathering writes allocate
 * nothing. Direct buffers are passed by address, never copied. Only the array: what to put in it and what a
 * write's result means is {@link BufferWrites}'s.
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
    private final ByteBuffer sbytes = ByteBuffer.allocateDirect(8).order(ByteOrder.nativeOrder());
    private final long sbytesAddress = BufferAddress.of(sbytes);
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
     * @return the address of the 8-byte slot where {@link BsdSystemCalls#sendfileHdtr} stores the kernel's
     *         byte count (BSD {@code sbytes}), for a {@link SystemCalls} implementation
     */
    public long sbytesAddress() {
        return sbytesAddress;
    }

    /** @return the byte count the last BSD sendfile stored at {@link #sbytesAddress()} */
    public long sbytes() {
        return sbytes.getLong(0);
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
}
