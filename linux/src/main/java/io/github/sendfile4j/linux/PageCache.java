package io.github.sendfile4j.linux;

import io.github.sendfile4j.unix.ErrnoNames;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * What the SF_* flags ask of the page cache on Linux, from the provider's point of view: how much of a range
 * is resident (SF_NODISKIO), reading ahead (SF_USER_READAHEAD), and dropping a sent range (SF_NOCACHE).
 */
final class PageCache {
    /** The most a resident-prefix probe looks at in one call: a partial result is normal, and fewer probes. */
    static final long PROBE_WINDOW = 64L << 20;
    /**
     * When to drop a sent range again. A socket still holds the pages it has not had acknowledged, and
     * posix_fadvise(DONTNEED) skips pages in use, so one call right after the send leaves part of the range
     * cached (measured: half of an 8 MiB send to a loopback peer); FreeBSD frees them as the network stack
     * lets go. These retries catch what the peer has acknowledged since, without making the send wait.
     */
    private static final long[] DROP_AGAIN_MILLIS = {20, 200, 1000};
    private static final ErrnoNames NO_CACHESTAT = ErrnoNames.of("ENOSYS");
    /** 128 KiB: Linux's default readahead size (read_ahead_kb), the least a device normally reads ahead. */
    static final long READ_AHEAD_PIECE = 128 << 10;

    private final LinuxKernel kernel;
    private final long pageSize;
    private final int dontNeed;

    PageCache(LinuxKernel kernel, long pageSize) {
        this.kernel = kernel;
        this.pageSize = pageSize;
        this.dontNeed = LinuxConstants.fadviseDontNeed(System.getProperty("os.arch"));
    }

    /**
     * Not mincore(2) over a mapping where cachestat is missing: mincore answers for a file mapping only to a
     * process that owns the file or may write it, and reports every page resident to anyone else
     * (mm/mincore.c, can_do_mincore), which would make SF_NODISKIO wait on the disk for read-only files.
     *
     * @return whether this kernel tells residency without reading (cachestat(2), Linux 6.5+)
     */
    boolean residencyKnown() {
        // A closed descriptor: EBADF where the call exists, ENOSYS where it does not.
        return !kernel.isError(kernel.cachestat(-1, 0, 0), NO_CACHESTAT);
    }

    /**
     * The longest run of {@code [start, start + want)} from {@code start} whose pages are all in the page
     * cache, found with cachestat(2) (a binary search over whole-page prefixes), never by reading the file.
     *
     * @param fd    the file
     * @param start where the run begins
     * @param want  the most bytes asked for, {@code > 0}
     * @return bytes from {@code start} that can be sent without waiting on the disk, or -errno
     */
    long residentPrefix(int fd, long start, long want) {
        long first = start & ~(pageSize - 1);
        long end = start + Math.min(want, PROBE_WINDOW);
        long pages = (end - first + pageSize - 1) / pageSize;
        long all = kernel.cachestat(fd, first, pages * pageSize);
        if (all < 0) {
            return all;
        }
        long resident = 0; // a prefix of this many pages is resident
        if (all == pages) {
            resident = pages;
        } else {
            long notResident = pages; // a prefix of this many is not
            while (notResident - resident > 1) {
                long mid = (resident + notResident) >>> 1;
                long cached = kernel.cachestat(fd, first, mid * pageSize);
                if (cached < 0) {
                    return cached;
                }
                if (cached == mid) {
                    resident = mid;
                } else {
                    notResident = mid;
                }
            }
        }
        return Math.max(0, Math.min(first + resident * pageSize, end) - start);
    }

    /**
     * Starts reading {@code pages} pages after {@code from} into the page cache, without waiting for them.
     *
     * @param fd    the file
     * @param from  the first byte after the sent range
     * @param pages how many pages
     */
    void readAhead(int fd, long from, int pages) {
        readAhead(fd, from, pages * pageSize);
    }

    /**
     * Starts reading {@code [from, from + length)} into the page cache without waiting: posix_fadvise(WILLNEED)
     * in pieces of {@link #READ_AHEAD_PIECE}, because one call reads at most the device's readahead size
     * (mm/readahead.c, force_page_cache_ra: {@code nr_to_read = min(nr_to_read, max_pages)}) and would quietly
     * drop the rest. The pieces go to the disk together: measured on a file system that waits 5 ms per read,
     * four streams of 2 MiB windows read at 147 MiB/s one pread after another and at 231 MiB/s asked for first.
     *
     * @return whether the kernel took every piece
     */
    boolean readAhead(int fd, long from, long length) {
        boolean all = true;
        for (long off = from, end = from + length; off < end; off += READ_AHEAD_PIECE) {
            long piece = Math.min(READ_AHEAD_PIECE, end - off);
            all &= kernel.fadvise(fd, off, piece, LinuxConstants.POSIX_FADV_WILLNEED) == 0;
        }
        return all;
    }

    /**
     * Drops a sent range from the page cache now and, unless {@code acknowledged}, again a few times later
     * (see {@link #DROP_AGAIN_MILLIS}) on a private duplicate of {@code fd}, so the caller may close its own.
     *
     * @param fd           the file
     * @param offset       the range's start
     * @param length       the range's length
     * @param acknowledged whether the peer has acknowledged every sent byte (SF_SYNC), so the socket holds
     *                     none of the pages any more
     */
    void drop(int fd, long offset, long length, boolean acknowledged) {
        kernel.fadvise(fd, offset, length, dontNeed);
        if (acknowledged) {
            return;
        }
        int own = kernel.dup(fd);
        if (own < 0) {
            return; // out of descriptors: the range stays cached, which is what happens without the flag
        }
        Droppers.schedule(new Runnable() {
            private int attempt;

            @Override
            public void run() {
                kernel.fadvise(own, offset, length, dontNeed);
                if (++attempt < DROP_AGAIN_MILLIS.length) {
                    Droppers.schedule(this, DROP_AGAIN_MILLIS[attempt] - DROP_AGAIN_MILLIS[attempt - 1]);
                } else {
                    kernel.close(own);
                }
            }
        }, DROP_AGAIN_MILLIS[0]);
    }

    /** One daemon thread for every provider, started on the first SF_NOCACHE send. */
    private static final class Droppers {
        private static final ScheduledExecutorService EXECUTOR = executor();

        static void schedule(Runnable task, long delayMillis) {
            EXECUTOR.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
        }

        private static ScheduledExecutorService executor() {
            ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "sendfile4j-nocache");
                t.setDaemon(true);
                return t;
            });
            e.setRemoveOnCancelPolicy(true);
            return e;
        }
    }
}
