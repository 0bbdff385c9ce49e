package io.github.sendfile4j.internal;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.WritableByteChannel;

/**
 * Waits until a channel in non-blocking mode can take more bytes. One instance serves one transfer: its
 * private selector (the caller's own selector may be in use by another thread) is opened on the first
 * wait and reused for every later one, then closed.
 *
 * <p>Every wait is cut into slices of {@link #SLICE_MILLIS}: a close of either channel by another thread
 * wakes no selector, so the guard is consulted after each slice. An interrupt wakes the selector at once,
 * and the guard then ends the transfer instead of selecting again (a selector returns immediately while
 * the interrupt status is set, so looping on it would spin).
 */
public final class WritableWaiter implements AutoCloseable {
    /** The longest a close by another thread can go unnoticed while a transfer waits. */
    public static final int SLICE_MILLIS = 50;

    private final WritableByteChannel target;
    private final TransferGuard guard;
    private Selector selector;

    /**
     * @param target the channel writes go to
     * @param guard  the transfer's close and interrupt rules
     */
    public WritableWaiter(WritableByteChannel target, TransferGuard guard) {
        this.target = target;
        this.guard = guard;
    }

    /**
     * Returns at once for a blocking or non-selectable channel: a write of 0 bytes there is not a
     * would-block, and waiting could hang.
     *
     * @param sent file bytes sent so far, for the exceptions
     * @return whether the caller should retry the write
     * @throws IOException if the selector cannot be opened, or the transfer was closed or interrupted
     */
    public boolean await(long sent) throws IOException {
        guard.check(sent);
        if (!(target instanceof SelectableChannel) || ((SelectableChannel) target).isBlocking()) {
            return false;
        }
        if (selector == null) {
            selector = Selector.open();
            ((SelectableChannel) target).register(selector, SelectionKey.OP_WRITE);
        }
        int ready;
        do {
            ready = selector.select(SLICE_MILLIS);
            guard.check(sent);
        } while (ready == 0);
        selector.selectedKeys().clear();
        return true;
    }

    @Override
    public void close() throws IOException {
        if (selector != null) {
            selector.close();
        }
    }
}
