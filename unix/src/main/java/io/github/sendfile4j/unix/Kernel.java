package io.github.sendfile4j.unix;

/**
 * The system calls as the providers use them: every decision about a raw result that does not depend on
 * what the caller is doing is made here, once, above every {@link SystemCalls} implementation (the JNI
 * library, the FFM gateway, the kernel models beneath the JNI library):
 * <ul>
 * <li>EINTR: a call that moved nothing is made again; {@code close} never is (after EINTR the number is
 * released on Linux, FreeBSD and macOS, and a retry could close another thread's), and an interrupted
 * {@code poll} counts as a timeout, because its caller re-checks its own state after every slice;</li>
 * <li>a gathering write with flags is a {@code sendmsg}; a descriptor that is no socket refuses that with
 * ENOTSOCK and gets the same bytes as a {@code writev} (files and pipes take headers and trailers too).</li>
 * </ul>
 * The family's calls are in {@link BsdKernel} and the Linux provider's {@code LinuxKernel}.
 */
public class Kernel {
    private final SystemCalls calls;
    /** The platform's errno numbers. */
    protected final ErrnoTable errnos;
    /** {@code -EINTR}, as a raw result. */
    protected final long eintr;
    private final long enotsock;

    /**
     * @param calls  the gateway
     * @param errnos the platform's errno numbers
     */
    public Kernel(SystemCalls calls, ErrnoTable errnos) {
        this.calls = calls;
        this.errnos = errnos;
        this.eintr = -errnos.number("EINTR");
        this.enotsock = -errnos.number("ENOTSOCK");
    }

    /** @return the gateway beneath this policy */
    public final SystemCalls gateway() {
        return calls;
    }

    /**
     * One gathering write of the filled entries of {@code v}.
     *
     * @param fd    the destination
     * @param v     the buffers, filled
     * @param flags MSG_* bits (a sendmsg, or a writev where {@code fd} is no socket); 0 for a writev
     * @return bytes written, or -errno
     */
    public final long gatherWrite(int fd, IoVectors v, int flags) {
        if (flags != 0) {
            long n;
            do {
                n = calls.sendmsg(fd, v, flags);
            } while (n == eintr);
            if (n != enotsock) {
                return n;
            }
        }
        long n;
        do {
            n = calls.writev(fd, v);
        } while (n == eintr);
        return n;
    }

    /**
     * @param fd the descriptor
     * @return its status flags, or -errno
     */
    public final int getFl(int fd) {
        return calls.getFl(fd);
    }

    /**
     * @param fd    the descriptor
     * @param flags the new status flags
     * @return 0, or -errno
     */
    public final int setFl(int fd, int flags) {
        int r;
        do {
            r = calls.setFl(fd, flags);
        } while (r == eintr);
        return r;
    }

    /**
     * @param fd     the descriptor
     * @param offset the offset
     * @param whence SEEK_SET, SEEK_CUR, ...
     * @return the resulting offset, or -errno
     */
    public final long lseek(int fd, long offset, int whence) {
        return calls.lseek(fd, offset, whence);
    }

    /**
     * @param fd the descriptor
     * @return a private close-on-exec duplicate, or -errno
     */
    public final int dup(int fd) {
        return calls.dup(fd);
    }

    /**
     * @param fd the descriptor, released whatever the result
     * @return 0, or -errno
     */
    public final int close(int fd) {
        return calls.close(fd);
    }

    /**
     * @param fd            the descriptor
     * @param timeoutMillis the most to wait
     * @return 1 writable (or failed: the next write tells), 0 timed out or interrupted, or -errno
     */
    public final int pollWritable(int fd, int timeoutMillis) {
        int r = calls.pollWritable(fd, Math.max(0, timeoutMillis));
        return r == eintr ? 0 : r;
    }

    /**
     * @param fd    the socket
     * @param level the option's level
     * @param name  the option
     * @return its value (never negative), or -errno
     */
    public final long getIntSockopt(int fd, int level, int name) {
        return calls.getIntSockopt(fd, level, name);
    }

    /**
     * @param fd    the socket
     * @param level the option's level
     * @param name  the option
     * @param value the value
     * @return 0, or -errno
     */
    public final int setIntSockopt(int fd, int level, int name, int value) {
        return calls.setIntSockopt(fd, level, name, value);
    }

    /** @return the page size */
    public final long pageSize() {
        return calls.pageSize();
    }

    /**
     * @param holder a {@code FileDescriptor}, or a JDK object with a private {@code fd} FileDescriptor field
     * @return its descriptor number, {@code -1} when closed, {@code -2} when it has no such field
     */
    public final int descriptor(Object holder) {
        return calls.descriptor(holder);
    }

    /**
     * @param result a raw result
     * @param names  portable errno names
     * @return whether {@code result} is {@code -errno} of one of them
     */
    public final boolean isError(long result, ErrnoNames names) {
        return names.contains(errnos, result);
    }
}
