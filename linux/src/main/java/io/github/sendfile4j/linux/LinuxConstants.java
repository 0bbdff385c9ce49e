package io.github.sendfile4j.linux;

import io.github.sendfile4j.unix.ConstantsTable;
import io.github.sendfile4j.unix.ErrnoTable;

/**
 * Linux's raw values, identical on x86_64 and aarch64 (both use the asm-generic numbers), from this package's
 * {@code constants.txt}, which cites each one's header and is checked against the system headers by the
 * tests. Linux defines no {@code SF_*} sendfile flags.
 */
public final class LinuxConstants {
    private static final ConstantsTable TABLE = ConstantsTable.read(
            LinuxConstants.class.getResourceAsStream("constants.txt"), "linux/constants.txt");

    /** {@code O_NONBLOCK}, 04000 octal. */
    public static final int O_NONBLOCK = TABLE.integer("O_NONBLOCK");
    /** {@code O_APPEND}, 02000 octal. */
    public static final int O_APPEND = TABLE.integer("O_APPEND");
    /** {@code MSG_MORE}: more data follows, do not push a partial frame. */
    public static final int MSG_MORE = TABLE.integer("MSG_MORE");
    /** {@code MSG_NOSIGNAL}: EPIPE instead of SIGPIPE. */
    public static final int MSG_NOSIGNAL = TABLE.integer("MSG_NOSIGNAL");
    /** {@code IPPROTO_TCP}, the socket option level of TCP options (glibc {@code netinet/in.h}). */
    public static final int IPPROTO_TCP = TABLE.integer("IPPROTO_TCP");
    /** {@code TCP_CORK}. */
    public static final int TCP_CORK = TABLE.integer("TCP_CORK");
    /** {@code IOV_MAX}. */
    public static final int IOV_MAX = TABLE.integer("IOV_MAX");
    /** {@code SEEK_CUR}. */
    public static final int SEEK_CUR = TABLE.integer("SEEK_CUR");
    /** {@code SEEK_END}. */
    public static final int SEEK_END = TABLE.integer("SEEK_END");
    /** {@code SEEK_DATA}: the next offset holding data (Linux 3.1+; EINVAL where the file system has none). */
    public static final int SEEK_DATA = TABLE.integer("SEEK_DATA");
    /** {@code SEEK_HOLE}: the next hole (the end of the file counts as one). */
    public static final int SEEK_HOLE = TABLE.integer("SEEK_HOLE");
    /** {@code F_GETFL}. */
    public static final int F_GETFL = TABLE.integer("F_GETFL");
    /** {@code F_SETFL}. */
    public static final int F_SETFL = TABLE.integer("F_SETFL");
    /** {@code F_DUPFD_CLOEXEC}. */
    public static final int F_DUPFD_CLOEXEC = TABLE.integer("F_DUPFD_CLOEXEC");
    /** {@code POLLOUT}. */
    public static final int POLLOUT = TABLE.integer("POLLOUT");
    /** {@code POSIX_FADV_DONTNEED}. */
    public static final int POSIX_FADV_DONTNEED = TABLE.integer("POSIX_FADV_DONTNEED");
    /** {@code POSIX_FADV_WILLNEED}: start reading the range into the page cache, without waiting. */
    public static final int POSIX_FADV_WILLNEED = TABLE.integer("POSIX_FADV_WILLNEED");
    /** {@code SIOCOUTQ}: a socket's bytes not yet sent or not yet acknowledged (x86_64 and aarch64 value). */
    public static final long SIOCOUTQ = TABLE.value("SIOCOUTQ");
    /** {@code _SC_PAGESIZE}, sysconf's name for the page size. */
    public static final int _SC_PAGESIZE = TABLE.integer("_SC_PAGESIZE");
    /** {@code INT_MAX}: the per-call cap of sendfile is this rounded down to the page size (MAX_RW_COUNT). */
    public static final long INT_MAX = TABLE.value("INT_MAX");

    /** The errno numbers sendfile4j may meet on Linux. */
    public static final ErrnoTable ERRNO = TABLE.errnos();

    private LinuxConstants() {
    }

    /**
     * {@code SYS_copy_file_range} of a 64-bit Linux architecture, for callers that reach the system call
     * through {@code syscall(2)} (the FFM gateway: glibc before 2.27 has no wrapper). Every architecture named
     * here shares the rest of this table (checked against each one's headers by the tests): x86_64
     * (arch/x86/entry/syscalls/syscall_64.tbl), aarch64 and riscv64 (include/uapi/asm-generic/unistd.h),
     * ppc64le (arch/powerpc/kernel/syscalls/syscall.tbl), s390x (arch/s390/kernel/syscalls/syscall.tbl).
     *
     * @param arch the JVM's {@code os.arch}, or os-maven-plugin's name of the architecture
     * @return the number, or -1 for an architecture not named above
     */
    public static long copyFileRangeSyscall(String arch) {
        switch (arch) {
            case "amd64":
            case "x86_64":
                return 326;
            case "aarch64":
            case "aarch_64":
            case "riscv64":
                return 285;
            case "ppc64le":
            case "ppcle_64":
                return 379;
            case "s390x":
            case "s390_64":
                return 375;
            default:
                return -1;
        }
    }

    /**
     * {@code POSIX_FADV_DONTNEED} of an architecture: one of the two values of this table that differ between
     * the architectures of {@link #copyFileRangeSyscall} (the other: {@link #siocoutq}), 6 on s390x (include/uapi/linux/fadvise.h), 4 elsewhere.
     *
     * @param arch the JVM's {@code os.arch}, or os-maven-plugin's name of the architecture
     * @return the advice number
     */
    public static int fadviseDontNeed(String arch) {
        return arch.equals("s390x") || arch.equals("s390_64") ? 6 : POSIX_FADV_DONTNEED;
    }

    /**
     * {@code SYS_cachestat}: 451 on every architecture of {@link #copyFileRangeSyscall} (Linux 6.5:
     * arch/x86/entry/syscalls/syscall_64.tbl, include/uapi/asm-generic/unistd.h,
     * arch/powerpc/kernel/syscalls/syscall.tbl, arch/s390/kernel/syscalls/syscall.tbl), newer than the
     * headers of the glibc the libraries are built with.
     */
    static final long SYS_CACHESTAT = 451;

    /**
     * {@code SYS_fstat} of an architecture of {@link #copyFileRangeSyscall}, for callers that reach fstat(2)
     * through {@code syscall(2)} (glibc's {@code fstat} symbol is GLIBC_2.33). Every one of them puts
     * {@code st_size} at byte 48 of its {@code struct stat}.
     *
     * @param arch the JVM's {@code os.arch}, or os-maven-plugin's name of the architecture
     * @return the number, or -1 for an architecture not named there
     */
    public static long fstatSyscall(String arch) {
        switch (arch) {
            case "amd64":
            case "x86_64":
                return 5;
            case "aarch64":
            case "aarch_64":
            case "riscv64":
                return 80;
            case "ppc64le":
            case "ppcle_64":
            case "s390x":
            case "s390_64":
                return 108;
            default:
                return -1;
        }
    }

    /**
     * {@code SIOCOUTQ} of an architecture: {@code TIOCOUTQ}, {@code _IOR('t', 115, int)} on powerpc
     * (arch/powerpc/include/uapi/asm/ioctls.h), 0x5411 elsewhere.
     *
     * @param arch the JVM's {@code os.arch}, or os-maven-plugin's name of the architecture
     * @return the request number
     */
    public static long siocoutq(String arch) {
        return arch.equals("ppc64le") || arch.equals("ppcle_64") ? 0x40047473L : SIOCOUTQ;
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
