package io.github.sendfile4j;

import java.nio.channels.ClosedByInterruptException;

/**
 * {@link Sendfile#transfer} ended because its thread was interrupted, before or while it ran. As the
 * {@link java.nio.channels.InterruptibleChannel} contract has it, the target channel (the one the transfer
 * writes to and waits on) has been closed and the thread's interrupt status is still set; this exception
 * also says how many file bytes reached the target first.
 */
public final class TransferInterruptedException extends ClosedByInterruptException {
    private static final long serialVersionUID = 1L;

    /** File bytes written to the target before the transfer stopped. */
    private final long bytesSent;

    /** @param bytesSent the file bytes written to the target before the transfer stopped */
    public TransferInterruptedException(long bytesSent) {
        this.bytesSent = bytesSent;
    }

    /**
     * @return the file bytes written to the target before the transfer stopped. Exact when the interrupt
     *         found the transfer between system calls or in its own wait; when it came during a write through
     *         the JDK's channel (the pure-Java provider, or the wait of a virtual thread), the JDK throws
     *         without the count of that one write if it had partly completed, so this is a lower bound short
     *         of the truth by at most one buffer (64 KiB)
     */
    public long bytesSent() {
        return bytesSent;
    }

    @Override
    public String getMessage() {
        return "interrupted after " + bytesSent + " file bytes; the target channel is closed";
    }
}
