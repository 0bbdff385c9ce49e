package io.github.sendfile4j.unix;

/**
 * The system calls every native provider makes, as the one seam between the providers' policy and the way
 * the kernel is reached: the JNI library ({@code NativeIo}) and, on JDK 22+, the Linux FFM downcalls implement
 * it; the test suite's FreeBSD and macOS kernel models sit beneath the JNI implementation. Each family adds
 * its own calls: {@link LinuxSystemCalls}, {@link BsdSystemCalls}.
 * <p>
 * Every method is exactly one system call and returns its count or value ({@code >= 0}) or {@code -errno} in
 * the platform's numbering, EINTR included: nothing is retried, nothing falls back, no errno is interpreted
 * here. Those decisions are made once, in {@link Kernel}, above every implementation. No argument can crash
 * the JVM: there are no raw addresses (memory is passed as {@link IoVectors}), objects are checked for
 * {@code null}, counts outside their domain are refused with {@link IllegalArgumentException} before the call.
 * Not part of the public API: its package is exported to the provider modules only.
 */
public interface SystemCalls {
    /**
     * sendmsg(2) of the filled entries of {@code v}, no address, no control data.
     *
     * @param fd    the destination socket
     * @param v     the buffers, filled
     * @param flags MSG_* bits
     * @return bytes written, or -errno ({@code -ENOTSOCK} when {@code fd} is no socket)
     */
    long sendmsg(int fd, IoVectors v, int flags);

    /**
     * writev(2) of the filled entries of {@code v}.
     *
     * @param fd the destination
     * @param v  the buffers, filled
     * @return bytes written, or -errno
     */
    long writev(int fd, IoVectors v);

    /**
     * fcntl(F_GETFL).
     *
     * @param fd the descriptor
     * @return its status flags, or -errno
     */
    int getFl(int fd);

    /**
     * fcntl(F_SETFL).
     *
     * @param fd    the descriptor
     * @param flags the new status flags
     * @return 0, or -errno
     */
    int setFl(int fd, int flags);

    /**
     * lseek(2).
     *
     * @param fd     the descriptor
     * @param offset the offset
     * @param whence SEEK_SET, SEEK_CUR, ...
     * @return the resulting offset, or -errno
     */
    long lseek(int fd, long offset, int whence);

    /**
     * fcntl(F_DUPFD_CLOEXEC).
     *
     * @param fd the descriptor
     * @return a private duplicate of {@code fd}, or -errno
     */
    int dup(int fd);

    /**
     * close(2).
     *
     * @param fd the descriptor
     * @return 0, or -errno
     */
    int close(int fd);

    /**
     * poll(2) of one descriptor for POLLOUT.
     *
     * @param fd            the descriptor
     * @param timeoutMillis the most to wait, {@code >= 0}
     * @return 1 ready (or failed: the next write tells), 0 timed out, or -errno
     */
    int pollWritable(int fd, int timeoutMillis);

    /**
     * getsockopt(2) of an int option.
     *
     * @param fd    the socket
     * @param level the option's level
     * @param name  the option
     * @return its value, zero-extended (never negative), or -errno
     */
    long getIntSockopt(int fd, int level, int name);

    /**
     * setsockopt(2) of an int option.
     *
     * @param fd    the socket
     * @param level the option's level
     * @param name  the option
     * @param value the value
     * @return 0, or -errno
     */
    int setIntSockopt(int fd, int level, int name, int value);

    /** @return sysconf(_SC_PAGESIZE) */
    long pageSize();

    /**
     * @param holder a {@code FileDescriptor}, or a JDK object with a private {@code fd} FileDescriptor field
     * @return its descriptor number, {@code -1} when closed, {@code -2} when it has no such field
     * @throws NullPointerException if {@code holder} is null
     */
    int descriptor(Object holder);
}
