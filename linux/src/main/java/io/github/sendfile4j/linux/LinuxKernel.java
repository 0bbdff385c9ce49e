package io.github.sendfile4j.linux;

import io.github.sendfile4j.unix.ErrnoTable;
import io.github.sendfile4j.unix.Kernel;
import io.github.sendfile4j.unix.LinuxSystemCalls;

/**
 * {@link Kernel} with the Linux calls. Interrupted with partial progress, sendfile(2) and copy_file_range(2)
 * return the short count, so an EINTR always means nothing moved: both are made again as they were.
 */
final class LinuxKernel extends Kernel {
    private final LinuxSystemCalls calls;

    LinuxKernel(LinuxSystemCalls calls, ErrnoTable errnos) {
        super(calls, errnos);
        this.calls = calls;
    }

    /** @see LinuxSystemCalls#sendfile */
    long sendfile(int outFd, int inFd, long offset, long count) {
        long n;
        do {
            n = calls.sendfile(outFd, inFd, offset, count);
        } while (n == eintr);
        return n;
    }

    /** @see LinuxSystemCalls#copyFileRange */
    long copyFileRange(int inFd, long inOffset, int outFd, long count) {
        long n;
        do {
            n = calls.copyFileRange(inFd, inOffset, outFd, count);
        } while (n == eintr);
        return n;
    }

    /** @see LinuxSystemCalls#fadvise */
    int fadvise(int fd, long offset, long length, int advice) {
        return calls.fadvise(fd, offset, length, advice);
    }

    /** @see LinuxSystemCalls#cachestat */
    long cachestat(int fd, long offset, long length) {
        return calls.cachestat(fd, offset, length);
    }

    /** @see LinuxSystemCalls#fileSize */
    long fileSize(int fd) {
        return calls.fileSize(fd);
    }

    /** @see LinuxSystemCalls#ioctlInt */
    long ioctlInt(int fd, long request) {
        return calls.ioctlInt(fd, request);
    }
}
