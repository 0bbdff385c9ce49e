package io.github.sendfile4j.unix;

/**
 * The system calls the native providers make, as one seam between their policy (Linux, the BSD family:
 * written once) and the way the kernel is reached: the JNI library ({@code NativeIo}) and, on JDK 22+, the
 * Linux FFM downcalls implement it. The test suite's FreeBSD and macOS kernel models sit beneath the JNI
 * implementation (the same C, linked against the models instead of libc), so the policy above this seam runs
 * unchanged on real kernels and on the models; what makes that possible is the contract below: every result
 * is a count or {@code -errno} in the platform's own numbering, partial BSD counts in {@link IoVectors#result()}.
 * <p>
 * Every method is one system call (EINTR retried where nothing moved) and returns a count or value
 * {@code >= 0}, or {@code -errno} in the platform's numbering. No argument can crash the JVM: there are no
 * raw addresses (memory is passed as {@link IoVectors}), objects are checked for {@code null}, counts and
 * descriptors outside their domain are refused with {@link IllegalArgumentException} before the call.
 * Not part of the public API: its package is exported to the provider modules only.
 */
public interface SystemCalls {
    /**
     * Linux sendfile(2).
     *
     * @param outFd  the destination
     * @param inFd   the source file
     * @param offset where to read; {@code < 0} reads from and advances {@code inFd}'s own position
     * @param count  the most bytes to move
     * @return bytes moved, or -errno
     */
    long sendfile(int outFd, int inFd, long offset, long count);

    /**
     * BSD sendfile(2) with an sf_hdtr over the first {@code headerCount + trailerCount} entries of {@code v};
     * the kernel's byte count is stored in {@link IoVectors#result()} on every return.
     *
     * @param outFd        the destination socket
     * @param inFd         the source file
     * @param offset       where to read
     * @param count        file bytes; 0 means to the end of the file, as the BSDs define it
     * @param v            the header entries, then the trailer entries
     * @param headerCount  header entries in {@code v}
     * @param trailerCount trailer entries in {@code v}, after the headers
     * @param flags        the platform's SF_* bits
     * @return 0, or -errno (with the partial count in {@code v.result()})
     */
    long sendfileHdtr(int outFd, int inFd, long offset, long count, IoVectors v, int headerCount, int trailerCount,
            int flags);

    /**
     * Linux copy_file_range(2), writing at (and advancing) {@code outFd}'s position.
     *
     * @param inFd     the source file
     * @param inOffset where to read
     * @param outFd    the destination file
     * @param count    the most bytes to copy
     * @return bytes copied, or -errno
     */
    long copyFileRange(int inFd, long inOffset, int outFd, long count);

    /**
     * posix_fadvise(POSIX_FADV_DONTNEED).
     *
     * @param fd     the file
     * @param offset the range's start
     * @param length the range's length
     * @return 0, or -errno
     */
    int fadviseDontNeed(int fd, long offset, long length);

    /**
     * One gathering write of the filled entries of {@code v}: sendmsg(2) with {@code flags}, else writev(2).
     *
     * @param fd    the destination
     * @param v     the buffers, filled
     * @param flags MSG_* bits for sendmsg; 0 for writev
     * @return bytes written, or -errno
     */
    long gatherWrite(int fd, IoVectors v, int flags);

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
     * close(2), never retried.
     *
     * @param fd the descriptor
     * @return 0, or -errno
     */
    int close(int fd);

    /**
     * poll(2) for POLLOUT.
     *
     * @param fd            the descriptor
     * @param timeoutMillis the most to wait
     * @return 1 ready (or failed: the next write tells), 0 timed out or interrupted
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
