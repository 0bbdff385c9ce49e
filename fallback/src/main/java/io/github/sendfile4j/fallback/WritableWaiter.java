package io.github.sendfile4j.fallback;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.WritableByteChannel;

/** Blocks until a non-blocking channel can take more bytes. */
public final class WritableWaiter {
    private WritableWaiter() {
    }

    /**
     * Returns at once for a blocking or non-selectable channel: a write of 0 bytes there is not a
     * would-block, and waiting could hang.
     *
     * @param target the channel that just took 0 bytes
     * @return whether the caller should retry the write
     * @throws IOException if the selector cannot be opened or the channel closed meanwhile
     */
    public static boolean await(WritableByteChannel target) throws IOException {
        if (!(target instanceof SelectableChannel) || ((SelectableChannel) target).isBlocking()) {
            return false;
        }
        // A private selector: the caller's own selector may be in use by another thread.
        try (Selector selector = Selector.open()) {
            ((SelectableChannel) target).register(selector, SelectionKey.OP_WRITE);
            selector.select();
        }
        return true;
    }
}
