package io.github.sendfile4j;

import java.io.IOException;

/**
 * A system call of sendfile4j failed. Carries the platform's errno, its portable name (such as
 * {@code "EAGAIN"}, the same string on every platform while the number differs), the system call, the
 * file descriptors involved and the bytes that were already written when the error came after partial
 * progress of a higher-level operation.
 *
 * <p>Would-block errors ({@code EAGAIN}) happen in normal non-blocking operation, so they carry no stack
 * trace and are cheap to create.
 */
public class SendfileException extends IOException {
    private static final long serialVersionUID = 1L;

    /** The value of {@link #outFd()} / {@link #inFd()} when the call had no such descriptor. */
    public static final int NO_FD = -1;

    /** The platform's errno number. */
    private final int errno;
    /** The portable errno name. */
    private final String errnoName;
    /** The failing system call. */
    private final String syscall;
    /** The destination descriptor, or {@link #NO_FD}. */
    private final int outFd;
    /** The source descriptor, or {@link #NO_FD}. */
    private final int inFd;
    /** Bytes written before the failure. */
    private final long bytesSent;

    /**
     * @param syscall   the failing system call, such as {@code "sendfile"}
     * @param errno     the platform's errno number
     * @param errnoName the portable errno name, such as {@code "EBADF"}; {@code "E?<n>"} when unknown
     * @param outFd     the destination descriptor, or {@link #NO_FD}
     * @param inFd      the source descriptor, or {@link #NO_FD}
     * @param bytesSent bytes already written before the error, {@code >= 0}
     * @param hint      a likely cause worth telling the user, or {@code null}
     */
    public SendfileException(String syscall, int errno, String errnoName, int outFd, int inFd, long bytesSent,
            String hint) {
        super(message(syscall, errno, errnoName, outFd, inFd, bytesSent, hint));
        this.errno = errno;
        this.errnoName = errnoName;
        this.syscall = syscall;
        this.outFd = outFd;
        this.inFd = inFd;
        this.bytesSent = bytesSent;
        if (!"EAGAIN".equals(errnoName) && !"EBUSY".equals(errnoName)) {
            super.fillInStackTrace();
        }
    }

    private static String message(String syscall, int errno, String errnoName, int outFd, int inFd,
            long bytesSent, String hint) {
        StringBuilder sb = new StringBuilder(96).append(syscall).append('(');
        if (outFd != NO_FD) {
            sb.append("outFd=").append(outFd);
        }
        if (inFd != NO_FD) {
            sb.append(outFd != NO_FD ? ", " : "").append("inFd=").append(inFd);
        }
        sb.append(") failed: ").append(errnoName).append(" (errno ").append(errno).append(')');
        if (bytesSent > 0) {
            sb.append(" after ").append(bytesSent).append(" bytes sent");
        }
        if (hint != null) {
            sb.append("; ").append(hint);
        }
        return sb.toString();
    }

    /** The stack trace is filled in by the constructor, and left out for would-block errors. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    /** @return the platform's errno number (EAGAIN is 11 on Linux, 35 on FreeBSD and macOS) */
    public int errno() {
        return errno;
    }

    /** @return the portable errno name, such as {@code "EAGAIN"}, identical on every platform */
    public String errnoName() {
        return errnoName;
    }

    /** @return the system call that failed, such as {@code "sendfile"} or {@code "fcntl"} */
    public String syscall() {
        return syscall;
    }

    /** @return the destination file descriptor, or {@link #NO_FD} */
    public int outFd() {
        return outFd;
    }

    /** @return the source file descriptor, or {@link #NO_FD} */
    public int inFd() {
        return inFd;
    }

    /** @return bytes written to the destination before the error; {@code 0} when nothing moved */
    public long bytesSent() {
        return bytesSent;
    }

    /** @return whether this is a would-block error: retry once the descriptor is writable */
    public boolean isWouldBlock() {
        return "EAGAIN".equals(errnoName);
    }
}
