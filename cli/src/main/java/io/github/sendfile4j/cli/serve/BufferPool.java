package io.github.sendfile4j.cli.serve;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * One event loop's request buffers. A connection holds one only while a request head is arriving: idle
 * keep-alive connections hold none (as nginx frees its request buffers on keep-alive), so ten thousand of
 * them cost no ten megabytes of buffers, and the loop reuses the buffers instead of allocating one per
 * request. Used by one loop's thread only.
 */
final class BufferPool {
    /** Buffers kept for reuse at most; more are left to the garbage collector. */
    static final int KEPT = 256;

    private final int size;
    private final ArrayDeque<ByteBuffer> free = new ArrayDeque<>();

    /** @param size the capacity of every buffer */
    BufferPool(int size) {
        this.size = size;
    }

    /** @return an empty buffer of {@link #size} bytes */
    ByteBuffer take() {
        ByteBuffer b = free.poll();
        return b != null ? b : ByteBuffer.allocate(size);
    }

    /** @param b a buffer from {@link #take}, no longer used by anyone */
    void give(ByteBuffer b) {
        if (b.capacity() == size && free.size() < KEPT) {
            b.clear();
            free.push(b);
        }
    }
}
