package io.github.sendfile4j.darwin;

import io.github.sendfile4j.unix.ConstantsTable;
import io.github.sendfile4j.unix.ErrnoTable;

/**
 * macOS's raw values (x86_64 and arm64 alike), from this package's {@code constants.txt}, which cites each
 * one's header in XNU or Libc. macOS defines no SF_* sendfile flag: {@code flags} must be 0 (EINVAL otherwise).
 * With {@code __DARWIN_UNIX03}, EOPNOTSUPP (102) and ENOTSUP (45) differ, unlike Linux and FreeBSD.
 */
public final class DarwinConstants {
    private static final ConstantsTable TABLE = ConstantsTable.read(
            DarwinConstants.class.getResourceAsStream("constants.txt"), "darwin/constants.txt");

    /** {@code O_NONBLOCK}. */
    public static final int O_NONBLOCK = TABLE.integer("O_NONBLOCK");
    /** {@code O_APPEND}. */
    public static final int O_APPEND = TABLE.integer("O_APPEND");
    /** {@code SO_NOSIGPIPE}: set on the socket so a closed peer is EPIPE, not SIGPIPE. */
    public static final int SO_NOSIGPIPE = TABLE.integer("SO_NOSIGPIPE");
    /**
     * {@code SO_NWRITE}: the bytes in a socket's send buffer, {@code so_snd.sb_cc} (bsd/kern/uipc_socket.c,
     * sogetoptlock); TCP keeps sent bytes there until they are acknowledged, so 0 means nothing is unsent or
     * unacknowledged.
     */
    public static final int SO_NWRITE = TABLE.integer("SO_NWRITE");
    /** {@code SOL_SOCKET}. */
    public static final int SOL_SOCKET = TABLE.integer("SOL_SOCKET");
    /** {@code MSG_NOSIGNAL}, public only from macOS 11. */
    public static final int MSG_NOSIGNAL = TABLE.integer("MSG_NOSIGNAL");
    /** {@code TCP_NOPUSH}. */
    public static final int TCP_NOPUSH = TABLE.integer("TCP_NOPUSH");
    /** {@code IOV_MAX}. */
    public static final int IOV_MAX = TABLE.integer("IOV_MAX");

    /** The errno numbers sendfile4j may meet on macOS. */
    public static final ErrnoTable ERRNO = TABLE.errnos();

    private DarwinConstants() {
    }

}
