package io.github.sendfile4j.unix;

/** {@link Kernel} with the FreeBSD and macOS sendfile. */
public final class BsdKernel extends Kernel {
    private final BsdSystemCalls calls;

    /**
     * @param calls  the gateway
     * @param errnos the platform's errno numbers
     */
    public BsdKernel(BsdSystemCalls calls, ErrnoTable errnos) {
        super(calls, errnos);
        this.calls = calls;
    }

    /**
     * sendfile(2) with an sf_hdtr, made again after an EINTR that moved nothing. An EINTR after progress is
     * returned as it is, with the count in {@link IoVectors#sbytes()}: made again with the same arguments it
     * would send the headers twice, so the caller continues from the count.
     *
     * @see BsdSystemCalls#sendfileHdtr
     * @param outFd        the destination socket
     * @param inFd         the source file
     * @param offset       where to read
     * @param count        the kernel's count; 0 means to the end of the file
     * @param v            the header entries, then the trailer entries
     * @param headerCount  header entries in {@code v}
     * @param trailerCount trailer entries in {@code v}
     * @param flags        the platform's SF_* bits
     * @return 0, or -errno (the partial count is in {@code v.sbytes()} either way)
     */
    public long sendfileHdtr(int outFd, int inFd, long offset, long count, IoVectors v, int headerCount,
            int trailerCount, int flags) {
        long r;
        do {
            r = calls.sendfileHdtr(outFd, inFd, offset, count, v, headerCount, trailerCount, flags);
        } while (r == eintr && v.sbytes() == 0);
        return r;
    }
}
