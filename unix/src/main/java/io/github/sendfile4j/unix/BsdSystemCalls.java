package io.github.sendfile4j.unix;

/**
 * The FreeBSD and macOS system call beyond {@link SystemCalls}, under the same contract: one call, a count
 * or {@code -errno}, nothing retried.
 */
public interface BsdSystemCalls extends SystemCalls {
    /**
     * sendfile(2) of FreeBSD or macOS, with an sf_hdtr over the first {@code headerCount + trailerCount}
     * entries of {@code v}. These kernels report partial progress beside an error (EAGAIN, EINTR, EBUSY), so
     * the byte count the kernel stored is kept in {@link IoVectors#sbytes()} on every return.
     *
     * @param outFd        the destination socket
     * @param inFd         the source file
     * @param offset       where to read
     * @param count        what the kernel takes (FreeBSD file bytes, macOS header and file bytes); 0 means to
     *                     the end of the file, as the BSDs define it
     * @param v            the header entries, then the trailer entries
     * @param headerCount  header entries in {@code v}
     * @param trailerCount trailer entries in {@code v}, after the headers
     * @param flags        the platform's SF_* bits
     * @return 0, or -errno (the partial count is in {@code v.sbytes()} either way)
     */
    long sendfileHdtr(int outFd, int inFd, long offset, long count, IoVectors v, int headerCount, int trailerCount,
            int flags);
}
