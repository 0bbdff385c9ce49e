package io.github.sendfile4j.freebsd;

import io.github.sendfile4j.SendFlag;
import io.github.sendfile4j.unix.ErrnoTable;
import java.util.Map;

/**
 * FreeBSD's raw values (amd64 and arm64 alike), from the FreeBSD source tree: {@code sys/sys/socket.h}
 * (SF_* flags, SF_FLAGS, MSG_NOSIGNAL, SO_NOSIGPIPE), {@code sys/sys/fcntl.h} (O_NONBLOCK, O_APPEND) and
 * {@code sys/sys/errno.h}. SF_USER_READAHEAD needs FreeBSD 12, SF_NOCACHE 11; sendfile4j targets 13+.
 */
public final class FreeBsdConstants {
    /** Return EBUSY instead of waiting on a busy page. */
    public static final int SF_NODISKIO = 0x00000001;
    /** Obsolete: a no-op since FreeBSD 11. */
    public static final int SF_MNOWAIT = 0x00000002;
    /** Sleep until the network stack releases the pages. */
    public static final int SF_SYNC = 0x00000004;
    /** Read ahead exactly the pages given in the upper 16 bits. */
    public static final int SF_USER_READAHEAD = 0x00000008;
    /** Free the pages once sent. */
    public static final int SF_NOCACHE = 0x00000010;
    /** {@code O_NONBLOCK}. */
    public static final int O_NONBLOCK = 0x0004;
    /** {@code O_APPEND}. */
    public static final int O_APPEND = 0x0008;
    /** {@code MSG_NOSIGNAL}. */
    public static final int MSG_NOSIGNAL = 0x20000;
    /** {@code SO_NOSIGPIPE}. */
    public static final int SO_NOSIGPIPE = 0x0800;
    /** {@code SOL_SOCKET}. */
    public static final int SOL_SOCKET = 0xffff;
    /** {@code TCP_NOPUSH}, FreeBSD's cork. */
    public static final int TCP_NOPUSH = 4;
    /** {@code IOV_MAX}. */
    public static final int IOV_MAX = 1024;

    /** The errno numbers sendfile4j may meet on FreeBSD. */
    public static final ErrnoTable ERRNO = new ErrnoTable(errnos());

    private FreeBsdConstants() {
    }

    /**
     * {@code SF_FLAGS(readahead, flags)} of sys/sys/socket.h.
     *
     * @param readaheadPages pages, 0..0xffff
     * @param flags          SF_* bits
     * @return the value of the flags argument
     */
    public static int sfFlags(int readaheadPages, int flags) {
        return (readaheadPages << 16) | flags;
    }

    /**
     * @param flag a portable flag
     * @return its FreeBSD bit
     */
    public static int valueOf(SendFlag flag) {
        switch (flag) {
            case SF_NODISKIO:
                return SF_NODISKIO;
            case SF_MNOWAIT:
                return SF_MNOWAIT;
            case SF_SYNC:
                return SF_SYNC;
            case SF_USER_READAHEAD:
                return SF_USER_READAHEAD;
            case SF_NOCACHE:
                return SF_NOCACHE;
            default:
                throw new IllegalArgumentException(String.valueOf(flag));
        }
    }

    private static Map<String, Integer> errnos() {
        Map<String, Integer> m = ErrnoTable.bsdCommon();
        m.put("EOPNOTSUPP", 45);
        m.put("ENOTSUP", 45);
        m.put("ENOTCAPABLE", 93);
        m.put("EINTEGRITY", 97);
        return m;
    }
}
