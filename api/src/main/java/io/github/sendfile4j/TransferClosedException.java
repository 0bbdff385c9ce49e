package io.github.sendfile4j;

import java.nio.channels.AsynchronousCloseException;

/**
 * {@link Sendfile#transfer} ended because another thread closed its source or its target. As with
 * {@link AsynchronousCloseException} from the JDK's own channels, the other channel stays open; unlike it,
 * this one says how many file bytes reached the target before the close was noticed.
 */
public final class TransferClosedException extends AsynchronousCloseException {
    private static final long serialVersionUID = 1L;

    /** Which channel was closed: "source" or "target". */
    private final String closed;
    /** File bytes written to the target before the close was noticed. */
    private final long bytesSent;

    /**
     * @param closed    which channel was closed: {@code "source"} or {@code "target"}
     * @param bytesSent the file bytes written to the target before the transfer stopped
     */
    public TransferClosedException(String closed, long bytesSent) {
        this.closed = closed;
        this.bytesSent = bytesSent;
    }

    /** @return the file bytes written to the target before the transfer stopped */
    public long bytesSent() {
        return bytesSent;
    }

    @Override
    public String getMessage() {
        return "the " + closed + " channel was closed by another thread after " + bytesSent + " file bytes";
    }
}
