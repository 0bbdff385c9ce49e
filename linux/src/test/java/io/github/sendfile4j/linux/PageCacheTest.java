package io.github.sendfile4j.linux;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sendfile4j.unix.IoVectors;
import io.github.sendfile4j.unix.LinuxSystemCalls;
import java.util.BitSet;
import org.junit.jupiter.api.Test;

/**
 * The resident-prefix search of SF_NODISKIO over every shape of residency, against a page cache given as a
 * bit set (what cachestat(2) would count), including how many cachestat calls it takes. The real page cache is
 * LinuxFlagsTest's, in the tests module.
 */
class PageCacheTest {
    private static final int PAGE = 4096;

    /** cachestat over a bit set of resident pages; every other call is refused. */
    private static final class Residency implements LinuxSystemCalls {
        final BitSet resident = new BitSet();
        int cachestatCalls;
        boolean hasCachestat = true;

        @Override
        public long cachestat(int fd, long offset, long length) {
            cachestatCalls++;
            if (!hasCachestat) {
                return -LinuxConstants.ERRNO.number("ENOSYS");
            }
            if (fd < 0) {
                return -LinuxConstants.ERRNO.number("EBADF");
            }
            long first = offset / PAGE;
            long end = (offset + length + PAGE - 1) / PAGE;
            return resident.get((int) first, (int) end).cardinality();
        }

        @Override
        public long sendfile(int outFd, int inFd, long offset, long count) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long copyFileRange(int inFd, long inOffset, int outFd, long count) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int fadvise(int fd, long offset, long length, int advice) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long fileSize(int fd) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long ioctlInt(int fd, long request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long sendmsg(int fd, IoVectors v, int flags) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long writev(int fd, IoVectors v) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int getFl(int fd) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int setFl(int fd, int flags) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long lseek(int fd, long offset, int whence) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int dup(int fd) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int close(int fd) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int pollWritable(int fd, int timeoutMillis) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long getIntSockopt(int fd, int level, int name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int setIntSockopt(int fd, int level, int name, int value) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long pageSize() {
            return PAGE;
        }

        @Override
        public int descriptor(Object holder) {
            throw new UnsupportedOperationException();
        }
    }

    private static PageCache cache(Residency r) {
        return new PageCache(new LinuxKernel(r, LinuxConstants.ERRNO), PAGE);
    }

    @Test
    void theLongestResidentRunFromTheStartIsFoundForEveryEnd() {
        for (int residentPages = 0; residentPages <= 40; residentPages++) {
            Residency r = new Residency();
            r.resident.set(0, residentPages);
            r.resident.set(residentPages + 1, 60); // a hole of one page, then resident again: not part of it
            for (int start : new int[] {0, 1, 4095, 4096, 5000}) {
                long runEnd = (long) r.resident.nextClearBit(start / PAGE) * PAGE; // first page not resident
                long expected = Math.max(0, Math.min(runEnd, start + 30L * PAGE) - start);
                assertEquals(expected, cache(r).residentPrefix(7, start, 30L * PAGE),
                        residentPages + " resident pages, start " + start);
            }
        }
    }

    @Test
    void aFullyResidentRangeTakesOneCallAndAColdOneAFewPerDoubling() {
        Residency r = new Residency();
        r.resident.set(0, 1 << 14);
        assertEquals(64L * PAGE, cache(r).residentPrefix(7, 0, 64L * PAGE));
        assertEquals(1, r.cachestatCalls);
        r.resident.clear();
        r.cachestatCalls = 0;
        assertEquals(0, cache(r).residentPrefix(7, 0, PageCache.PROBE_WINDOW));
        // A binary search over the window's pages: about log2(pages) calls, never one per page.
        assertTrue(r.cachestatCalls <= 1 + 64 - Long.numberOfLeadingZeros(PageCache.PROBE_WINDOW / PAGE),
                r.cachestatCalls + " calls");
    }

    @Test
    void oneCallNeverLooksPastItsWindow() {
        Residency r = new Residency();
        r.resident.set(0, (int) (2 * PageCache.PROBE_WINDOW / PAGE));
        assertEquals(PageCache.PROBE_WINDOW, cache(r).residentPrefix(7, 0, 2 * PageCache.PROBE_WINDOW));
    }

    @Test
    void residencyIsKnownWhereCachestatExists() {
        Residency r = new Residency();
        assertTrue(cache(r).residencyKnown());
        r.hasCachestat = false;
        assertFalse(cache(r).residencyKnown());
    }
}
