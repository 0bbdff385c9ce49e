package io.github.sendfile4j.freebsd;

import io.github.sendfile4j.SendFlag;
import io.github.sendfile4j.unix.ConstantsTable;
import io.github.sendfile4j.unix.ErrnoTable;

/**
 * FreeBSD's raw values (amd64 and arm64 alike), from this package's {@code constants.txt}, which cites each
 * one's header in the FreeBSD source tree. SF_USER_READAHEAD needs FreeBSD 12, SF_NOCACHE 11; sendfile4j
 * targets 13+.
 */
public final class FreeBsdConstants {
    private static final ConstantsTable TABLE = ConstantsTable.read(
            FreeBsdConstants.class.getResourceAsStream("constants.txt"), "freebsd/constants.txt");

    /** Return EBUSY instead of waiting on a busy page. */
    public static final int SF_NODISKIO = TABLE.integer("SF_NODISKIO");
    /** Obsolete: a no-op since FreeBSD 11. */
    public static final int SF_MNOWAIT = TABLE.integer("SF_MNOWAIT");
    /** Sleep until the network stack releases the pages. */
    public static final int SF_SYNC = TABLE.integer("SF_SYNC");
    /** Read ahead exactly the pages given in the upper 16 bits. */
    public static final int SF_USER_READAHEAD = TABLE.integer("SF_USER_READAHEAD");
    /** Free the pages once sent. */
    public static final int SF_NOCACHE = TABLE.integer("SF_NOCACHE");
    /** {@code O_NONBLOCK}. */
    public static final int O_NONBLOCK = TABLE.integer("O_NONBLOCK");
    /** {@code O_APPEND}. */
    public static final int O_APPEND = TABLE.integer("O_APPEND");
    /** {@code MSG_NOSIGNAL}. */
    public static final int MSG_NOSIGNAL = TABLE.integer("MSG_NOSIGNAL");
    /** {@code SO_NOSIGPIPE}. */
    public static final int SO_NOSIGPIPE = TABLE.integer("SO_NOSIGPIPE");
    /** {@code SOL_SOCKET}. */
    public static final int SOL_SOCKET = TABLE.integer("SOL_SOCKET");
    /** {@code TCP_NOPUSH}, FreeBSD's cork. */
    public static final int TCP_NOPUSH = TABLE.integer("TCP_NOPUSH");
    /** {@code IOV_MAX}. */
    public static final int IOV_MAX = TABLE.integer("IOV_MAX");

    /** The errno numbers sendfile4j may meet on FreeBSD. */
    public static final ErrnoTable ERRNO = TABLE.errnos();

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

}
