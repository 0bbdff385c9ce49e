package io.github.sendfile4j.linux;

import io.github.sendfile4j.SendFlag;
import io.github.sendfile4j.SendOptions;
import io.github.sendfile4j.SendfileException;
import io.github.sendfile4j.internal.TransferGuard;
import io.github.sendfile4j.unix.BufferWrites;
import io.github.sendfile4j.unix.ErrnoNames;
import io.github.sendfile4j.unix.NativeProvider;
import io.github.sendfile4j.unix.LinuxSystemCalls;
import io.github.sendfile4j.unix.SystemCalls;
import io.github.sendfile4j.spi.Platform;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.Map;
import java.util.Set;

/**
 * Linux (x86_64 and aarch64): {@code sendfile(2)} for the file bytes, headers written first with
 * {@code MSG_MORE} so that they share packets with the file, trailers after, {@code copy_file_range(2)}
 * for file targets in {@code transfer}, {@code posix_fadvise(DONTNEED)} for {@link SendFlag#SF_NOCACHE}.
 */
public final class LinuxSendfileProvider extends NativeProvider<LinuxKernel> {
    /** Errors after which copy_file_range cannot serve a pair of files, though sendfile(2) may. */
    private static final ErrnoNames COPY_FILE_RANGE_CANNOT_SERVE = ErrnoNames.of("ENOSYS", "EXDEV", "EINVAL",
            "EOPNOTSUPP", "EBADF", "EPERM");
    /** The offset lies beyond the largest file the file system allows (fs/read_write.c, do_sendfile). */
    private static final ErrnoNames PAST_LARGEST_FILE = ErrnoNames.of("EOVERFLOW");
    /** A descriptor that is no socket answers SIOCOUTQ so: it holds nothing for a peer. */
    private static final ErrnoNames NOT_A_SOCKET_QUEUE = ErrnoNames.of("ENOTTY", "ENOTSOCK", "EINVAL", "EOPNOTSUPP");
    private static final long SIOCOUTQ = LinuxConstants.siocoutq(System.getProperty("os.arch"));
    private long perCallCap = LinuxConstants.perCallCap(4096);
    private PageCache pageCache;
    private volatile boolean residencyKnown;
    // Remembered like the JDK does: a kernel without copy_file_range keeps failing the same way.
    private volatile boolean copyFileRangeAvailable = true;

    /** Cheap: loads nothing (ServiceLoader instantiates every provider). */
    public LinuxSendfileProvider() {
        super("linux", "linux", list("x86_64", "aarch_64"), LinuxConstants.ERRNO, LinuxConstants.O_NONBLOCK,
                LinuxConstants.O_APPEND);
    }

    @Override
    protected void kernelChosen(LinuxKernel chosen) {
        super.kernelChosen(chosen);
        long pageSize = kernel().pageSize();
        perCallCap = LinuxConstants.perCallCap(pageSize);
        pageCache = new PageCache(kernel(), pageSize);
        residencyKnown = pageCache.residencyKnown();
    }

    @Override
    protected LinuxKernel newKernel(SystemCalls gateway) {
        if (!(gateway instanceof LinuxSystemCalls)) {
            throw new IllegalArgumentException(gateway + " does not make the Linux system calls");
        }
        return new LinuxKernel((LinuxSystemCalls) gateway, errnos);
    }

    @Override
    protected SystemCalls foreignCalls(StringBuilder why) {
        return ForeignGateway.open(why);
    }

    @Override
    protected boolean servesWithoutLibrary(Platform platform) {
        return ForeignGateway.serves(platform.arch());
    }

    /**
     * Every flag, with FreeBSD's meaning (see {@link SendFlag}); {@code SF_NODISKIO} where the kernel tells
     * page-cache residency without reading (cachestat(2), Linux 6.5+). {@code SF_MNOWAIT} has no effect, as on
     * FreeBSD 11 and later.
     */
    @Override
    public boolean supports(SendFlag flag) {
        return flag != SendFlag.SF_NODISKIO || residencyKnown;
    }

    @Override
    public boolean prefetch(FileChannel file, long offset, long length) throws IOException {
        if (offset < 0 || length < 0) {
            throw new IllegalArgumentException("offset and length must be >= 0, were " + offset + " and " + length);
        }
        return pageCache.readAhead(descriptor(file), offset, length);
    }

    @Override
    protected boolean fileTargets() {
        return true;
    }

    @Override
    protected long perCallCap() {
        return perCallCap;
    }

    @Override
    protected long sendOnce(int outFd, int inFd, long offset, long count) {
        return kernel().sendfile(outFd, inFd, offset, count);
    }

    @Override
    public long sendfile(int outFd, int inFd, long offset, long count, SendOptions options) throws IOException {
        return send(outFd, inFd, offset, count, options, true);
    }

    @Override
    public long sendfileNonBlocking(int outFd, int inFd, long offset, long count, SendOptions options)
            throws IOException {
        return send(outFd, inFd, offset, count, options, false);
    }

    /** With {@code wouldBlockThrows} false, a full target with nothing sent is {@link #WOULD_BLOCK}: no exception made. */
    private long send(int outFd, int inFd, long offset, long count, SendOptions options, boolean wouldBlockThrows)
            throws IOException {
        if (options == SendOptions.NONE) {
            long n = kernel().sendfile(outFd, inFd, offset, Math.min(count, perCallCap));
            if (n == eagain && !wouldBlockThrows) {
                return WOULD_BLOCK;
            }
            if (n < 0 && !pastLargestFile(n)) {
                throw sendfileError(n, outFd, inFd, offset, 0);
            }
            return Math.max(n, 0);
        }
        Set<SendFlag> flags = options.flags();
        boolean noCache = flags.contains(SendFlag.SF_NOCACHE);
        boolean noDiskIo = flags.contains(SendFlag.SF_NODISKIO);
        boolean sync = flags.contains(SendFlag.SF_SYNC);
        int readahead = flags.contains(SendFlag.SF_USER_READAHEAD) ? options.readaheadPages() : 0;
        long start = offset;
        if ((noCache || noDiskIo || readahead > 0) && offset == CURRENT_POSITION && count > 0) {
            start = kernel().lseek(inFd, 0, LinuxConstants.SEEK_CUR);
            if (start < 0) {
                throw error("lseek", start, SendfileException.NO_FD, inFd, 0, null);
            }
        }
        long limit = count;
        boolean onDisk = false;
        if (noDiskIo && count > 0) {
            limit = pageCache.residentPrefix(inFd, start, Math.min(count, perCallCap));
            if (limit < 0) {
                throw error("cachestat", limit, SendfileException.NO_FD, inFd, 0, null);
            }
            if (limit == 0) {
                long size = kernel().fileSize(inFd);
                if (size < 0) {
                    throw error("fstat", size, SendfileException.NO_FD, inFd, 0, null);
                }
                onDisk = start < size; // else the file part is at its end: nothing to wait for
            }
        }
        long headersBefore = options.headerBytes();
        long trailersBefore = options.trailerBytes();
        long total = sendParts(outFd, inFd, offset, count, limit, onDisk, options, wouldBlockThrows);
        if (total == WOULD_BLOCK) {
            return total;
        }
        long fileSent = total - (headersBefore - options.headerBytes()) - (trailersBefore - options.trailerBytes());
        if (readahead > 0 && fileSent > 0) {
            pageCache.readAhead(inFd, start + fileSent, readahead);
        }
        if (sync && total > 0) {
            // The kernel has no such flag: SIOCOUTQ counts what is unsent or unacknowledged.
            awaitAcknowledged(outFd, total, "ioctl(SIOCOUTQ)", fd -> kernel().ioctlInt(fd, SIOCOUTQ),
                    NOT_A_SOCKET_QUEUE);
        }
        if (noCache && fileSent > 0) {
            pageCache.drop(inFd, start, fileSent, sync);
        }
        return total;
    }

    /**
     * Headers (with MSG_MORE while more follows), then at most {@code limit} file bytes, then the trailers
     * once the file part is complete.
     *
     * @param limit  file bytes this call may send ({@code count}, or the resident prefix under SF_NODISKIO)
     * @param onDisk whether the next file byte is on the disk (SF_NODISKIO): headers go, the file waits
     * @return bytes written, or {@link #WOULD_BLOCK}
     */
    private long sendParts(int outFd, int inFd, long offset, long count, long limit, boolean onDisk,
            SendOptions options, boolean wouldBlockThrows) throws IOException {
        long headerBytes = options.headerBytes();
        long trailerBytes = options.trailerBytes();
        long total = 0;
        // Header bytes written with MSG_MORE wait in the kernel for what follows them; when this call ends
        // before anything follows (end of file, EAGAIN, an error), they must be pushed out, or the peer gets
        // them only after TCP's 200 ms cork timeout.
        boolean held = false;
        try {
            if (headerBytes > 0) {
                boolean more = !onDisk && (count > 0 || trailerBytes > 0);
                long n = BufferWrites.write(kernel(), outFd, options, false,
                        LinuxConstants.MSG_NOSIGNAL | (more ? LinuxConstants.MSG_MORE : 0));
                if (n == eagain && !wouldBlockThrows) {
                    return WOULD_BLOCK;
                }
                if (n < 0) {
                    throw error("sendmsg", n, outFd, SendfileException.NO_FD, 0, null);
                }
                total = n;
                held = more && n > 0;
                if (n < headerBytes) {
                    return total;
                }
            }
            if (onDisk) {
                // FreeBSD's SF_NODISKIO: EBUSY where nothing went, the count where something did.
                if (total == 0) {
                    throw error("sendfile", -errnos.number("EBUSY"), outFd, inFd, 0,
                            "SF_NODISKIO: the next page of the file is not in memory; read it ahead, then send again");
                }
                return total;
            }
            long fileSent = 0;
            boolean fileDone = count == 0 || limit == 0; // limit 0 with data on the disk was handled above
            while (!fileDone && fileSent < limit) {
                long n = kernel().sendfile(outFd, inFd, offset == CURRENT_POSITION ? offset : offset + fileSent,
                        Math.min(limit - fileSent, perCallCap));
                if (pastLargestFile(n)) {
                    n = 0;
                } else if (n < 0) {
                    if (n == eagain && (total + fileSent > 0 || !wouldBlockThrows)) {
                        if (total + fileSent == 0) {
                            return WOULD_BLOCK;
                        }
                        break;
                    }
                    throw sendfileError(n, outFd, inFd, offset, total + fileSent);
                }
                fileSent += n;
                held &= n == 0; // the call that ends sendfile without SPLICE_F_MORE pushes what precedes it
                fileDone = n == 0 || fileSent == count;
                if (trailerBytes == 0) {
                    // Without trailers one call is the contract; the caller continues from the result.
                    break;
                }
            }
            total += fileSent;
            if (fileDone && trailerBytes > 0) {
                long n = BufferWrites.write(kernel(), outFd, options, true, LinuxConstants.MSG_NOSIGNAL);
                if (n == eagain && total == 0 && !wouldBlockThrows) {
                    return WOULD_BLOCK;
                }
                if (n < 0 && !(n == eagain && total > 0)) {
                    throw error("sendmsg", n, outFd, SendfileException.NO_FD, total, null);
                }
                held &= n <= 0;
                total += Math.max(n, 0);
            }
            return total;
        } finally {
            if (held) {
                pushHeldBytes(outFd);
            }
        }
    }

    /**
     * Clearing TCP_CORK pushes a socket's pending partial frames (net/ipv4/tcp.c, __tcp_sock_set_cork). A
     * caller that set TCP_CORK itself is left corked: its own uncork sends them. Not TCP: nothing is held.
     */
    private void pushHeldBytes(int outFd) {
        if (kernel().getIntSockopt(outFd, LinuxConstants.IPPROTO_TCP, LinuxConstants.TCP_CORK) == 0) {
            kernel().setIntSockopt(outFd, LinuxConstants.IPPROTO_TCP, LinuxConstants.TCP_CORK, 0);
        }
    }

    /**
     * The kernel answers EOVERFLOW when the offset lies beyond the largest file the file system allows
     * (fs/read_write.c, do_sendfile): no file reaches there, so it is past the end of this one. Sendfile
     * clamps {@code count} so that {@code offset + count} cannot overflow, which leaves this the only source
     * of EOVERFLOW.
     */
    private boolean pastLargestFile(long result) {
        return kernel().isError(result, PAST_LARGEST_FILE);
    }

    private SendfileException sendfileError(long n, int outFd, int inFd, long offset, long sent) {
        String hint = null;
        if (isError(n, "EINVAL")) {
            hint = "outFd may be open for appending (O_APPEND), or inFd is not a regular file";
        } else if (isError(n, "ESPIPE")) {
            hint = offset == CURRENT_POSITION
                    ? "inFd has no file position (the offset-less form needs a seekable file)"
                    : "inFd is a pipe or socket: sendfile reads from regular files only";
        } else if (isError(n, "EBADF")) {
            hint = "a descriptor is closed, or inFd is not open for reading / outFd not for writing";
        }
        return error("sendfile", n, outFd, inFd, sent, hint);
    }

    @Override
    protected long transferToFile(int inFd, long position, long count, int outFd, TransferGuard guard,
            boolean keepHoles) throws IOException {
        if (!copyFileRangeAvailable) {
            return -1;
        }
        if (!keepHoles) {
            return copyRange(inFd, position, count, outFd, guard, 0);
        }
        long done = 0;
        while (done < count) {
            long at = position + done;
            long data = kernel().lseek(inFd, at, LinuxConstants.SEEK_DATA);
            if (isError(data, "ENXIO")) {
                data = Long.MAX_VALUE; // only a hole up to the end of the file, or past it
            } else if (data < 0) {
                // No hole information (EINVAL, EOPNOTSUPP): every byte is data.
                long n = copyRange(inFd, at, count - done, outFd, guard, done);
                return n < 0 ? (done == 0 ? -1 : done) : done + n;
            }
            if (data > at) {
                long size = kernel().lseek(inFd, 0, LinuxConstants.SEEK_END);
                long hole = Math.min(Math.min(data, Math.max(size, at)), position + count) - at;
                long moved = hole > 0 ? kernel().lseek(outFd, hole, LinuxConstants.SEEK_CUR) : 0;
                if (moved < 0) {
                    throw error("lseek", moved, outFd, inFd, done, "skipping a hole in the target");
                }
                done += hole;
                if (data == Long.MAX_VALUE || hole == 0) {
                    return done; // the file ends in that hole
                }
                continue;
            }
            long end = kernel().lseek(inFd, at, LinuxConstants.SEEK_HOLE);
            long length = Math.min(end < 0 ? Long.MAX_VALUE : end, position + count) - at;
            long n = copyRange(inFd, at, length, outFd, guard, done);
            if (n < 0) {
                return done == 0 ? -1 : done;
            }
            done += n;
            if (n < length) {
                return done; // the file ended early
            }
        }
        return done;
    }

    /**
     * copy_file_range until {@code count} bytes or the end of the file; -1 if unavailable before any byte of
     * the whole transfer. Unavailable midway (holes already skipped), sendfile(2) takes over: it too writes at
     * the target's position.
     */
    private long copyRange(int inFd, long position, long count, int outFd, TransferGuard guard, long before)
            throws IOException {
        long copied = 0;
        boolean viaSendfile = false;
        while (copied < count) {
            guard.check(before + copied);
            long chunk = Math.min(count - copied, perCallCap);
            long n = viaSendfile ? kernel().sendfile(outFd, inFd, position + copied, chunk)
                    : kernel().copyFileRange(inFd, position + copied, outFd, chunk);
            if (n > 0) {
                copied += n;
            } else if (n == 0) {
                break;
            } else if (!viaSendfile && copied == 0 && kernel().isError(n, COPY_FILE_RANGE_CANNOT_SERVE)) {
                if (isError(n, "ENOSYS")) {
                    copyFileRangeAvailable = false;
                }
                if (before == 0) {
                    return -1; // nothing done yet: the caller's sendfile path takes the whole range
                }
                viaSendfile = true;
            } else {
                throw viaSendfile ? sendfileError(n, outFd, inFd, position + copied, before + copied)
                        : error("copy_file_range", n, outFd, inFd, before + copied, null);
            }
        }
        return copied;
    }

    @Override
    public Map<String, String> details() {
        Map<String, String> m = super.details();
        m.put("sendfile.perCallCap", "0x" + Long.toHexString(perCallCap));
        m.put("copy_file_range", copyFileRangeAvailable ? "used for file targets" : "unavailable (ENOSYS)");
        m.put("SF_NODISKIO", residencyKnown ? "page-cache residency from cachestat(2)"
                : "unsupported: this kernel has no cachestat(2) (Linux 6.5+)");
        return m;
    }
}
