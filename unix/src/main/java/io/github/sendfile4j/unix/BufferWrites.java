package io.github.sendfile4j.unix;

import io.github.sendfile4j.SendOptions;
import java.nio.ByteBuffer;

/**
 * The headers and trailers of {@link SendOptions} written through {@link IoVectors}: which buffers go into one
 * call, and how a count (possibly short) advances their positions.
 */
public final class BufferWrites {
    private BufferWrites() {
    }

    /**
     * Fills entries from the headers or trailers of {@code options}, skipping empty buffers.
     *
     * @param v        the array, filled from its current end
     * @param options  the buffers' owner
     * @param trailers {@code true} for trailers, else headers
     * @param from     the first buffer index to look at
     * @return the index of the first buffer not completely added
     */
    public static int fill(IoVectors v, SendOptions options, boolean trailers, int from) {
        int total = trailers ? options.trailerCount() : options.headerCount();
        int i = from;
        while (i < total) {
            ByteBuffer b = trailers ? options.trailer(i) : options.header(i);
            int r = b.remaining();
            if (r > 0 && v.add(b) < r) {
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
     * @param kernel   makes the calls
     * @param fd       destination
     * @param options  the buffers' owner
     * @param trailers {@code true} for trailers, else headers
     * @param flags    sendmsg flags (MSG_MORE, MSG_NOSIGNAL) or 0
     * @return bytes written, or {@code -errno} when the first system call wrote nothing
     */
    public static long write(Kernel kernel, int fd, SendOptions options, boolean trailers, int flags) {
        int total = trailers ? options.trailerCount() : options.headerCount();
        long written = 0;
        int next = 0;
        while (next < total) {
            IoVectors v = IoVectors.get();
            int first = next;
            next = fill(v, options, trailers, first);
            if (v.count() == 0) {
                break;
            }
            long n = kernel.gatherWrite(fd, v, flags);
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
