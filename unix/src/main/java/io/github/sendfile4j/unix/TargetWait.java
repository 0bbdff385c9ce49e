package io.github.sendfile4j.unix;

import io.github.sendfile4j.SendfileException;
import io.github.sendfile4j.internal.TransferGuard;
import io.github.sendfile4j.internal.WritableWaiter;
import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.WritableByteChannel;

/**
 * How a channel-level transfer waits after its (non-blocking) sendfile found the target full.
 *
 * <p>On a platform thread: {@code poll(2)} on the transfer's own descriptor, in slices of
 * {@link WritableWaiter#SLICE_MILLIS}, with the guard consulted after each, because neither a close of either
 * channel by another thread nor {@link Thread#interrupt()} wakes a poll the JDK does not know about.
 *
 * <p>On a virtual thread (JDK 21+) a blocking native poll would pin its carrier. There the transfer writes the
 * next few file bytes through the target channel's own {@code write}, which the JDK parks until the socket
 * is writable and wakes on a close of the target or an interrupt; then sendfile resumes after those bytes.
 * A close of the source alone is noticed when that write returns.
 */
final class TargetWait {
    /** Bytes copied through the channel per wait on a virtual thread: small next to a socket buffer. */
    static final int PARK_CHUNK = 8192;
    private static final MethodHandle IS_VIRTUAL = isVirtualHandle();

    private final FileChannel source;
    private final WritableByteChannel target;
    private final int targetFd;
    private final TransferGuard guard;
    private final NativeProvider<?> owner;
    private ByteBuffer chunk;

    TargetWait(FileChannel source, WritableByteChannel target, int targetFd, TransferGuard guard,
            NativeProvider<?> owner) {
        this.source = source;
        this.target = target;
        this.targetFd = targetFd;
        this.guard = guard;
        this.owner = owner;
    }

    /**
     * @param position the file offset the transfer continues from
     * @param sent     file bytes sent so far
     * @return file bytes this wait wrote itself (the virtual-thread path), else 0
     * @throws IOException on a close, an interrupt, or a failed wait
     */
    long await(long position, long sent) throws IOException {
        if (onVirtualThread() && ((SelectableChannel) target).isBlocking()) {
            return writeThroughChannel(position, sent);
        }
        while (true) {
            guard.check(sent);
            int r = owner.kernel().pollWritable(targetFd, WritableWaiter.SLICE_MILLIS);
            if (r < 0) {
                throw owner.error("poll", r, targetFd, SendfileException.NO_FD, sent, null);
            }
            if (r > 0) {
                guard.check(sent);
                return 0;
            }
        }
    }

    private long writeThroughChannel(long position, long sent) throws IOException {
        guard.check(sent);
        if (chunk == null) {
            chunk = ByteBuffer.allocate(PARK_CHUNK);
        }
        chunk.clear();
        try {
            if (source.read(chunk, position) <= 0) {
                return 0; // end of file: the next sendfile says so
            }
            chunk.flip();
            return target.write(chunk);
        } catch (IOException e) {
            throw guard.translate(e, sent);
        }
    }

    /** @return whether the caller is a virtual thread; false before JDK 21 */
    static boolean onVirtualThread() {
        if (IS_VIRTUAL == null) {
            return false;
        }
        try {
            return (boolean) IS_VIRTUAL.invokeExact(Thread.currentThread());
        } catch (Throwable e) {
            throw new IllegalStateException("Thread.isVirtual failed", e);
        }
    }

    private static MethodHandle isVirtualHandle() {
        try {
            return MethodHandles.publicLookup().findVirtual(Thread.class, "isVirtual",
                    MethodType.methodType(boolean.class));
        } catch (NoSuchMethodException | IllegalAccessException e) {
            return null; // before JDK 21 every thread is a platform thread
        }
    }
}
