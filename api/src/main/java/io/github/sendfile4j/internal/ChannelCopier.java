package io.github.sendfile4j.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * The portable copy loop: positional reads from the file into a direct buffer, writes to the target until
 * {@code count} bytes or end of file, waiting whenever a non-blocking target is full. The source position
 * never moves. Native providers use it when their fast path cannot start.
 *
 * <p>Every read and write goes through the JDK's channels, whose own close and interrupt handling stops a
 * blocked call; {@link TransferGuard} turns what they throw into exceptions that carry the count.
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
        TransferGuard guard = new TransferGuard(source, target);
        long done = 0;
        try (WritableWaiter waiter = new WritableWaiter(target, guard)) {
            while (done < count) {
                guard.check(done);
                buf.clear();
                if (count - done < buf.capacity()) {
                    buf.limit((int) (count - done));
                }
                int n = source.read(buf, position + done);
                if (n < 0) {
                    break;
                }
                buf.flip();
                while (buf.hasRemaining()) {
                    int w = target.write(buf);
                    done += w;
                    if (w == 0 && !waiter.await(done)) {
                        Thread.yield();
                    }
                }
            }
        } catch (IOException e) {
            throw guard.translate(e, done);
        }
        return done;
    }
}
