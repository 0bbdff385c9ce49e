package io.github.sendfile4j.fallback;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * The portable copy loop: positional reads from the file into a direct buffer, writes to the target until
 * {@code count} bytes or end of file, waiting whenever a non-blocking target is full. The source position
 * never moves. Native providers use it when their fast path cannot start.
 */
public final class ChannelCopier {
    static final int BUFFER_SIZE = 64 * 1024;

    private ChannelCopier() {
    }

    /**
     * @param source   read with positional reads only
     * @param position the first byte
     * @param count    most bytes to copy
     * @param target   written in order
     * @return the bytes copied, fewer than {@code count} only at end of file
     * @throws IOException from either channel; bytes written before it stay written
     */
    public static long copy(FileChannel source, long position, long count, WritableByteChannel target)
            throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect((int) Math.min(BUFFER_SIZE, Math.max(count, 1)));
        long done = 0;
        try (WritableWaiter waiter = new WritableWaiter(target)) {
            while (done < count) {
                buf.clear();
                if (count - done < buf.capacity()) {
                    buf.limit((int) (count - done));
                }
                int n = source.read(buf, position + done);
                if (n < 0) {
                    break;
                }
                buf.flip();
                writeFully(buf, target, waiter);
                done += n;
            }
        }
        return done;
    }

    /**
     * @param buf    written from its position to its limit
     * @param target the destination, waited on when non-blocking and full
     * @param waiter waits on {@code target}
     * @throws IOException from the target
     */
    public static void writeFully(ByteBuffer buf, WritableByteChannel target, WritableWaiter waiter)
            throws IOException {
        while (buf.hasRemaining()) {
            if (target.write(buf) == 0 && !waiter.await()) {
                Thread.yield();
            }
        }
    }
}
