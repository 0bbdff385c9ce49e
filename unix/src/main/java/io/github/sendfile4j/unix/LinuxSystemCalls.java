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
     * posix_fadvise(2).
     *
     * @param fd     the file
     * @param offset the range's start, {@code >= 0}
     * @param length the range's length, {@code >= 0}; 0 means to the end of the file
     * @param advice POSIX_FADV_* of this architecture
     * @return 0, or -errno
     */
    int fadvise(int fd, long offset, long length, int advice);

    /**
     * cachestat(2) (Linux 6.5+): how much of a range is in the page cache, without reading the file.
     *
     * @param fd     the file
     * @param offset the range's start, {@code >= 0}
     * @param length the range's length, {@code >= 0}; 0 means to the end of the file
     * @return the range's pages in the page cache ({@code nr_cache}; pages past the end of the file are not),
     *         or -errno ({@code -ENOSYS} before Linux 6.5)
     */
    long cachestat(int fd, long offset, long length);

    /**
     * fstat(2), for the size alone.
     *
     * @param fd the file
     * @return its {@code st_size}, or -errno
     */
    long fileSize(int fd);

    /**
     * ioctl(2) with a request that fills an int, such as SIOCOUTQ.
     *
     * @param fd      the descriptor
     * @param request the request number of this architecture
     * @return the int the kernel stored, or -errno
     */
    long ioctlInt(int fd, long request);
}
