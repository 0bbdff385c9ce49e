package io.github.sendfile4j.fallback;

import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.WritableByteChannel;

/**
 * Blocks until a non-blocking channel can take more bytes. One instance serves one transfer: its private
 * selector (the caller's own selector may be in use by another thread) is opened on the first wait and
 * reused for every later one, then closed.
 */
public final class WritableWaiter implements AutoCloseable {
    private final WritableByteChannel target;
    private Selector selector;

    /** @param target the channel writes go to */
    public WritableWaiter(WritableByteChannel target) {
        this.target = target;
    }

    /**
     * Returns at once for a blocking or non-selectable channel: a write of 0 bytes there is not a
     * would-block, and waiting could hang.
     *
     * @return whether the caller should retry the write
     * @throws IOException if the selector cannot be opened or the channel closed meanwhile
     */
    public boolean await() throws IOException {
        if (!(target instanceof SelectableChannel) || ((SelectableChannel) target).isBlocking()) {
            return false;
        }
        if (selector == null) {
            selector = Selector.open();
            ((SelectableChannel) target).register(selector, SelectionKey.OP_WRITE);
        }
        selector.select();
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
