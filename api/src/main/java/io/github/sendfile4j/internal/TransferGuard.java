package io.github.sendfile4j.internal;

import io.github.sendfile4j.TransferClosedException;
import io.github.sendfile4j.TransferInterruptedException;
import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * The {@code java.nio} meaning of a concurrent close and of an interrupt, for one transfer: checked between
 * system calls and after every bounded wait, and applied to the JDK's own exceptions when a guarded channel
 * call noticed first. An interrupt closes the target, the channel the transfer writes to and waits on, as
 * {@link java.nio.channels.InterruptibleChannel} does; a close by another thread leaves the other channel
 * open. Both report the file bytes already sent.
 */
public final class TransferGuard {
    private final FileChannel source;
    private final WritableByteChannel target;

    /**
     * @param source the file being sent
     * @param target where it goes
     */
    public TransferGuard(FileChannel source, WritableByteChannel target) {
        this.source = source;
        this.target = target;
    }

    /**
     * @param sent file bytes sent so far
     * @throws TransferInterruptedException if this thread is interrupted (the target is closed first)
     * @throws TransferClosedException      if either channel was closed
     */
    public void check(long sent) throws IOException {
        if (Thread.currentThread().isInterrupted()) {
            throw interrupted(sent, null);
        }
        if (!target.isOpen()) {
            throw new TransferClosedException("target", sent);
        }
        if (!source.isOpen()) {
            throw new TransferClosedException("source", sent);
        }
    }

    /**
     * @param e    what a channel call of the transfer threw
     * @param sent file bytes sent so far
     * @return the exception to throw: a close or an interrupt with the count, anything else as it was
     */
    public IOException translate(IOException e, long sent) {
        if (e instanceof TransferClosedException || e instanceof TransferInterruptedException) {
            return e;
        }
        if (e instanceof ClosedByInterruptException) {
            return interrupted(sent, e);
        }
        if (e instanceof ClosedChannelException) {
            TransferClosedException closed = new TransferClosedException(target.isOpen() ? "source" : "target", sent);
            closed.initCause(e);
            return closed;
        }
        return e;
    }

    private TransferInterruptedException interrupted(long sent, IOException cause) {
        closeQuietly(target);
        TransferInterruptedException e = new TransferInterruptedException(sent);
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    private static void closeQuietly(Channel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // Closing is what the interrupt asked for; a failure to close leaves it no less closed for us.
        }
    }
}
