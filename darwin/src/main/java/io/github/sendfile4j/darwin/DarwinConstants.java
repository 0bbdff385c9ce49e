package io.github.sendfile4j.darwin;

import io.github.sendfile4j.unix.ErrnoTable;
import java.util.Map;

/**
 * macOS's raw values (x86_64 and arm64 alike), from XNU: {@code bsd/sys/fcntl.h}, {@code bsd/sys/socket.h},
 * {@code bsd/sys/errno.h}. macOS defines no SF_* sendfile flag: {@code flags} must be 0 (EINVAL otherwise).
 * With {@code __DARWIN_UNIX03}, EOPNOTSUPP (102) and ENOTSUP (45) differ, unlike Linux and FreeBSD.
 */
public final class DarwinConstants {
    /** {@code O_NONBLOCK}. */
    public static final int O_NONBLOCK = 0x0004;
    /** {@code O_APPEND}. */
    public static final int O_APPEND = 0x0008;
    /** {@code SO_NOSIGPIPE}: set on the socket so a closed peer is EPIPE, not SIGPIPE. */
    public static final int SO_NOSIGPIPE = 0x1022;
    /** {@code SOL_SOCKET}. */
    public static final int SOL_SOCKET = 0xffff;
    /** {@code MSG_NOSIGNAL}, public only from macOS 11. */
    public static final int MSG_NOSIGNAL = 0x80000;
    /** {@code TCP_NOPUSH}. */
    public static final int TCP_NOPUSH = 0x04;
    /** {@code IOV_MAX}. */
    public static final int IOV_MAX = 1024;

    /** The errno numbers sendfile4j may meet on macOS. */
    public static final ErrnoTable ERRNO = new ErrnoTable(errnos());

    private DarwinConstants() {
    }

    private static Map<String, Integer> errnos() {
        Map<String, Integer> m = ErrnoTable.bsdCommon();
        m.put("ENOTSUP", 45);
        m.put("EOPNOTSUPP", 102);
        return m;
    }
}
