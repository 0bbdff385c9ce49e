package io.github.sendfile4j.unix;

import io.github.sendfile4j.SendOptions;
import io.github.sendfile4j.SendfileException;
import java.io.IOException;
import java.util.List;

/**
 * FreeBSD and macOS: {@code sendfile(file, socket, offset, ..., sf_hdtr, ...)} with partial progress
 * reported beside EAGAIN, EINTR and EBUSY. What the two kernels share is here: the offset-less form
 * emulated with {@code lseek}, count 0 (which both kernels read as "to end of file") sent as headers and
 * trailers alone, attribution of the kernel's byte count to headers and file, and continuing after EINTR
 * from where the kernel stopped, so that no byte is sent twice. The subclass says how its kernel counts.
 * <p>
 * Trailers are always written by Java after the file part is complete, on both kernels: FreeBSD writes
 * its sf_hdtr trailers even when it sent no header (an offset at or past the end skips the loop that
 * queues headers, kern_sendfile.c vn_sendfile), so they could reach the peer before the headers; and a
 * byte count that includes part of the trailers cannot be split between file and trailers without
 * knowing how much file there was. XNU skips them after a short file part.
 */
public abstract class BsdFamilyProvider extends NativeProvider<BsdKernel> {
    private static final int SEEK_SET = 0;
    private static final int SEEK_CUR = 1;
    /**
     * The most file bytes one call is asked for: these kernels have no cap of their own, and this bound keeps
     * {@code offset + count} far from overflow. A count at or past it means "to the end of the file".
     */
    protected static final long PER_CALL_CAP = 1L << 62;
    private final long eintr;
    private final long ebusy;

    /**
     * @param name      provider name
     * @param os        os-maven-plugin's OS name
     * @param arches    architectures with a library
     * @param errnos    errno table
     * @param oNonblock O_NONBLOCK
     * @param oAppend   O_APPEND
     */
    protected BsdFamilyProvider(String name, String os, List<String> arches, ErrnoTable errnos, int oNonblock,
            int oAppend) {
        super(name, os, arches, errnos, oNonblock, oAppend);
        this.eintr = -errnos.number("EINTR");
        this.ebusy = -errnos.number("EBUSY");
    }

    /**
     * @return the flags for headers or trailers written apart from sendfile: MSG_NOSIGNAL where the platform
     *         has it for every supported release (FreeBSD), 0 otherwise (macOS before 11 has none)
     */
    protected abstract int separateWriteFlags();

    /**
     * @return whether the kernel gets the headers in its sf_hdtr (FreeBSD), or Java writes them first
     *         (macOS: XNU writes them with writev and goes on to the file even after a short count)
     */
    protected abstract boolean kernelSendsHeaders();

    @Override
    protected final boolean kernelHeaders() {
        return kernelSendsHeaders();
    }

    /**
     * @param fileBytes   file bytes wanted, {@code > 0}, or {@code Long.MAX_VALUE} for to end of file
     * @param headerBytes header bytes passed in the sf_hdtr
     * @return the count argument of this kernel, {@code 0} meaning to end of file
     */
    protected abstract long kernelCount(long fileBytes, long headerBytes);

    /**
     * @param options the call's options, flags already known to be supported
     * @return the kernel's flags argument
     */
    protected abstract int kernelFlags(SendOptions options);

    @Override
    protected final BsdKernel newKernel(SystemCalls gateway) {
        if (!(gateway instanceof BsdSystemCalls)) {
            throw new IllegalArgumentException(gateway + " does not make the BSD system calls");
        }
        return new BsdKernel((BsdSystemCalls) gateway, errnos);
    }

    @Override
    protected long perCallCap() {
        return PER_CALL_CAP;
    }

    @Override
    protected long sendOnce(int outFd, int inFd, long offset, long count) {
        IoVectors v = IoVectors.get();
        long r = kernel().sendfileHdtr(outFd, inFd, offset, kernelCount(count, 0), v, 0, 0, 0);
        long sent = v.sbytes();
        return r >= 0 || sent > 0 ? sent : r;
    }

    /**
     * After every send through {@link #sendfile}, complete or partial: where Java does what a flag asks
     * beyond the kernel's call. Nothing by default.
     *
     * @param outFd   the target
     * @param total   bytes sent: headers, file and trailers
     * @param options the call's options
     * @throws IOException if what the flag asks fails
     */
    protected void sent(int outFd, long total, SendOptions options) throws IOException {
    }

    @Override
    public long sendfile(int outFd, int inFd, long offset, long count, SendOptions options) throws IOException {
        long start = offset;
        if (offset == CURRENT_POSITION) {
            start = kernel().lseek(inFd, 0, SEEK_CUR);
            if (start < 0) {
                throw error("lseek", start, SendfileException.NO_FD, inFd, 0, "inFd has no file position");
            }
        }
        long[] fileSent = new long[1];
        long total = send(outFd, inFd, start, count, options, fileSent);
        sent(outFd, total, options);
        if (offset == CURRENT_POSITION && fileSent[0] > 0) {
            long r = kernel().lseek(inFd, start + fileSent[0], SEEK_SET);
            if (r < 0) {
                throw error("lseek", r, SendfileException.NO_FD, inFd, total, null);
            }
        }
        return total;
    }

    private long send(int outFd, int inFd, long offset, long count, SendOptions options, long[] fileSent)
            throws IOException {
        if (count == 0) {
            return headersAndTrailersOnly(outFd, options, 0);
        }
        int flags = kernelFlags(options);
        long total = 0;
        while (true) {
            IoVectors v = IoVectors.get();
            if (options.headerBytes() > 0
                    && (!kernelSendsHeaders() || BufferWrites.fill(v, options, false, 0) < options.headerCount())) {
                // Headers this kernel must not get, or more than one sf_hdtr can carry: write them first.
                long n = BufferWrites.write(kernel(), outFd, options, false, separateWriteFlags());
                if (n < 0) {
                    throw error("writev", n, outFd, SendfileException.NO_FD, total, null);
                }
                total += n;
                if (options.headerBytes() > 0) {
                    return total;
                }
                continue;
            }
            int hdrCnt = v.count();
            long hdrBytes = v.bytes();
            long left = count == Long.MAX_VALUE ? Long.MAX_VALUE : count - fileSent[0];
            long r = kernel().sendfileHdtr(outFd, inFd, offset + fileSent[0], kernelCount(left, hdrBytes), v,
                    hdrCnt, 0, flags);
            long sent = v.sbytes();
            long fromHeaders = Math.min(sent, hdrBytes);
            BufferWrites.consume(options, false, 0, fromHeaders);
            fileSent[0] += sent - fromHeaders;
            total += sent;
            if (r >= 0) {
                if (options.headerBytes() > 0) {
                    // Success with headers left means no file byte went either: FreeBSD queues headers
                    // only in passes of its file loop, which does not run when the offset is at or past
                    // the end (kern_sendfile.c, vn_sendfile: "for (off = offset; rem > 0; )"), and drops
                    // a pass's headers when the file shrinks under it ("if (off >= nobj_size) goto done").
                    return total + headersAndTrailersOnly(outFd, options, total);
                }
                return total + trailersAfterFile(outFd, options, total);
            }
            if (r == eintr && sent > 0) {
                continue;
            }
            if (total > 0 && (r == eagain || r == ebusy)) {
                return total;
            }
            throw error("sendfile", r, outFd, inFd, total, r == eagain || r == ebusy ? null : hint(r));
        }
    }

    private String hint(long r) {
        if (isError(r, "ENOTSOCK")) {
            return "outFd is not a socket: this kernel sends to sockets only (Sendfile.transfer copies to files)";
        }
        if (isError(r, "ENOTSUP")) {
            return "inFd is not a regular file: this kernel reads from regular files only"; // macOS vnode_isreg
        }
        if (isError(r, "EINVAL")) {
            return "outFd may not be a connected stream socket, or inFd not a regular file";
        }
        return null;
    }

    private long headersAndTrailersOnly(int outFd, SendOptions options, long sentBefore) throws IOException {
        long total = 0;
        long headerBytes = options.headerBytes();
        if (headerBytes > 0) {
            long n = BufferWrites.write(kernel(), outFd, options, false, separateWriteFlags());
            if (n < 0) {
                if (n == eagain && sentBefore > 0) {
                    return 0;
                }
                throw error("writev", n, outFd, SendfileException.NO_FD, sentBefore, null);
            }
            total = n;
            if (n < headerBytes) {
                return total;
            }
        }
        return total + trailersAfterFile(outFd, options, sentBefore + total);
    }

    private long trailersAfterFile(int outFd, SendOptions options, long sentBefore) throws IOException {
        if (options.trailerBytes() == 0) {
            return 0;
        }
        long n = BufferWrites.write(kernel(), outFd, options, true, separateWriteFlags());
        if (n >= 0) {
            return n;
        }
        if (n == eagain && sentBefore > 0) {
            return 0;
        }
        throw error("writev", n, outFd, SendfileException.NO_FD, sentBefore, null);
    }
}
