package io.github.sendfile4j.unix;

import io.github.sendfile4j.SendfileException;
import io.github.sendfile4j.TransferClosedException;
import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.channels.ClosedChannelException;

/**
 * A transfer's private duplicate of the descriptor behind a JDK channel. Every system call of a
 * channel-level transfer goes to this number, never to the channel's own: another thread may close the
 * channel at any moment, after which the kernel hands its number to the next file anyone opens, and a call
 * on that number would read or write an unrelated file (the JDK avoids this inside its own channels by
 * keeping the number alive until its calls return; a library cannot join that protocol, so it keeps a
 * reference of its own).
 *
 * <p>Why the duplicate is of the right file: {@code AbstractInterruptibleChannel.close()} sets its
 * volatile closed flag before the JDK closes the number. The channel is checked open after the duplicate
 * exists, so if that check passes, the duplicate was made before the number could be closed, let alone
 * reused. If it fails, the duplicate (of whatever the number was) is closed unused.
 */
final class OwnDescriptor implements AutoCloseable {
    final int fd;
    private final Kernel kernel;

    private OwnDescriptor(int fd, Kernel kernel) {
        this.fd = fd;
        this.kernel = kernel;
    }

    /**
     * @param channel a JDK channel with a descriptor
     * @param role    {@code "source"} or {@code "target"}, for messages
     * @param sent    file bytes sent so far by the transfer
     * @param owner   turns {@code -errno} into exceptions
     * @return the duplicate, to be closed by the caller
     * @throws ClosedChannelException if the channel was closed (before anything was sent)
     * @throws IOException            if the duplicate cannot be made
     */
    static OwnDescriptor of(Channel channel, String role, long sent, NativeProvider<?> owner) throws IOException {
        Kernel kernel = owner.kernel();
        int number = kernel.descriptor(channel);
        if (number == -1 || !channel.isOpen()) {
            throw closed(role, sent);
        }
        if (number < 0) {
            throw new IOException(channel.getClass().getName() + " has no file descriptor");
        }
        int dup = kernel.dup(number);
        if (dup < 0) {
            if (!channel.isOpen()) {
                throw closed(role, sent);
            }
            throw owner.error("fcntl(F_DUPFD_CLOEXEC)", dup, number, SendfileException.NO_FD,
                    sent, role + " descriptor");
        }
        if (!channel.isOpen()) {
            kernel.close(dup);
            throw closed(role, sent);
        }
        return new OwnDescriptor(dup, kernel);
    }

    private static ClosedChannelException closed(String role, long sent) {
        return sent == 0 ? new ClosedChannelException() : new TransferClosedException(role, sent);
    }

    @Override
    public void close() {
        kernel.close(fd);
    }
}
