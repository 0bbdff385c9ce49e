package io.github.sendfile4j.unix;

/**
 * The Linux system calls beyond {@link SystemCalls}, under the same contract: one call each, a count or
 * {@code -errno}, nothing retried.
 */
public interface LinuxSystemCalls extends SystemCalls {
    /**
     * sendfile(2).
     *
     * @param outFd  the destination
     * @param inFd   the source file
     * @param offset where to read; {@code < 0} reads from and advances {@code inFd}'s own position
     * @param count  the most bytes to move, {@code >= 0}
     * @return bytes moved, or -errno
     */
    long sendfile(int outFd, int inFd, long offset, long count);

    /**
     * copy_file_range(2), writing at (and advancing) {@code outFd}'s position.
     *
     * @param inFd     the source file
     * @param inOffset where to read, {@code >= 0}
     * @param outFd    the destination file
     * @param count    the most bytes to copy, {@code >= 0}
     * @return bytes copied, or -errno
     */
    long copyFileRange(int inFd, long inOffset, int outFd, long count);

    /**
     * posix_fadvise(POSIX_FADV_DONTNEED).
     *
     * @param fd     the file
     * @param offset the range's start, {@code >= 0}
     * @param length the range's length, {@code >= 0}
     * @return 0, or -errno
     */
    int fadviseDontNeed(int fd, long offset, long length);
}
