package io.github.sendfile4j.linux;

import io.github.sendfile4j.unix.ErrnoTable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Linux's raw values, identical on x86_64 and aarch64 (both use the asm-generic numbers). Sources: glibc
 * {@code sysdeps/unix/sysv/linux/bits/fcntl-linux.h} and {@code bits/socket.h}; Linux
 * {@code include/uapi/asm-generic/errno-base.h}, {@code errno.h} and {@code include/uapi/linux/tcp.h}.
 * Linux defines no {@code SF_*} sendfile flags.
 */
public final class LinuxConstants {
    /** {@code O_NONBLOCK}, 04000 octal. */
    public static final int O_NONBLOCK = 0x800;
    /** {@code O_APPEND}, 02000 octal. */
    public static final int O_APPEND = 0x400;
    /** {@code MSG_MORE}: more data follows, do not push a partial frame. */
    public static final int MSG_MORE = 0x8000;
    /** {@code MSG_NOSIGNAL}: EPIPE instead of SIGPIPE. */
    public static final int MSG_NOSIGNAL = 0x4000;
    /** {@code IPPROTO_TCP}, the socket option level of TCP options (glibc {@code netinet/in.h}). */
    public static final int IPPROTO_TCP = 6;
    /** {@code TCP_CORK}. */
    public static final int TCP_CORK = 3;
    /** {@code IOV_MAX}. */
    public static final int IOV_MAX = 1024;
    /** {@code SEEK_CUR}. */
    public static final int SEEK_CUR = 1;
    /** {@code INT_MAX}: the per-call cap of sendfile is this rounded down to the page size (MAX_RW_COUNT). */
    public static final long INT_MAX = 0x7fffffffL;

    /** The errno numbers sendfile4j may meet on Linux. */
    public static final ErrnoTable ERRNO = new ErrnoTable(errnos());

    private LinuxConstants() {
    }

    private static Map<String, Integer> errnos() {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("EPERM", 1);
        m.put("ENOENT", 2);
        m.put("EINTR", 4);
        m.put("EIO", 5);
        m.put("EBADF", 9);
        m.put("EAGAIN", 11);
        m.put("EWOULDBLOCK", 11);
        m.put("ENOMEM", 12);
        m.put("EACCES", 13);
        m.put("EFAULT", 14);
        m.put("EBUSY", 16);
        m.put("EXDEV", 18);
        m.put("EISDIR", 21);
        m.put("EINVAL", 22);
        m.put("EMFILE", 24);
        m.put("EFBIG", 27);
        m.put("ENOSPC", 28);
        m.put("ESPIPE", 29);
        m.put("EROFS", 30);
        m.put("EPIPE", 32);
        m.put("ENOSYS", 38);
        m.put("EOVERFLOW", 75);
        m.put("ENOTSOCK", 88);
        m.put("EOPNOTSUPP", 95);
        m.put("ENOTSUP", 95);
        m.put("ECONNRESET", 104);
        m.put("ENOBUFS", 105);
        m.put("ENOTCONN", 107);
        m.put("ETIMEDOUT", 110);
        m.put("EDQUOT", 122);
        return m;
    }

    /**
     * @param pageSize the kernel's page size
     * @return the most bytes one sendfile call moves: {@code INT_MAX & PAGE_MASK} (0x7ffff000 with 4 KiB
     *         pages, 0x7fff0000 with 64 KiB pages)
     */
    public static long perCallCap(long pageSize) {
        return INT_MAX & ~(pageSize - 1);
    }
}
