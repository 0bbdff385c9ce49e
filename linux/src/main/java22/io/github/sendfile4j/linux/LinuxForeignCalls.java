package io.github.sendfile4j.linux;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.github.sendfile4j.unix.IoVectors;
import io.github.sendfile4j.unix.LinuxSystemCalls;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;

/**
 * {@link LinuxSystemCalls} through the FFM API (JDK 22+): libc linked by {@link Linker}, errno captured by the
 * linker ({@code captureCallState}), so no native library is extracted or loaded. Like the JNI library's C,
 * every method is exactly one call with its result as a count or {@code -errno}; retries and fallbacks are
 * {@link io.github.sendfile4j.unix.Kernel}'s.
 * <p>
 * The symbols come from {@link ForeignSymbols}: libc, unless a library to look in first is named (the test
 * suite injects faults that way). Pointer parameters are declared {@code long}: on the LP64 ABIs Linux runs
 * on (x86-64 System V, AAPCS64) a pointer and a 64-bit integer travel in the same register, and a
 * {@code long} needs no {@link MemorySegment} per call. Every pointer passed is one this class or
 * {@link IoVectors} owns. Per-thread scratch memory ({@link #SCRATCH}) makes a call allocate nothing.
 */
final class LinuxForeignCalls implements LinuxSystemCalls {
    private static final Linker LINKER = Linker.nativeLinker();

    /** {@code struct msghdr}, glibc bits/socket.h on LP64: 56 bytes. */
    private static final StructLayout MSGHDR = MemoryLayout.structLayout(
            ADDRESS.withName("msg_name"),
            JAVA_INT.withName("msg_namelen"),
            MemoryLayout.paddingLayout(4),
            ADDRESS.withName("msg_iov"),
            JAVA_LONG.withName("msg_iovlen"),
            ADDRESS.withName("msg_control"),
            JAVA_LONG.withName("msg_controllen"),
            JAVA_INT.withName("msg_flags"),
            MemoryLayout.paddingLayout(4)).withName("msghdr");
    /** {@code struct pollfd}, poll.h: 8 bytes. */
    private static final StructLayout POLLFD = MemoryLayout.structLayout(
            JAVA_INT.withName("fd"),
            JAVA_SHORT.withName("events"),
            JAVA_SHORT.withName("revents")).withName("pollfd");
    /** {@code struct cachestat_range}, include/uapi/linux/mman.h (Linux 6.5). */
    private static final StructLayout CACHESTAT_RANGE = MemoryLayout.structLayout(
            JAVA_LONG.withName("off"),
            JAVA_LONG.withName("len")).withName("cachestat_range");
    /** {@code struct cachestat}, include/uapi/linux/mman.h (Linux 6.5). */
    private static final StructLayout CACHESTAT = MemoryLayout.structLayout(
            JAVA_LONG.withName("nr_cache"),
            JAVA_LONG.withName("nr_dirty"),
            JAVA_LONG.withName("nr_writeback"),
            JAVA_LONG.withName("nr_evicted"),
            JAVA_LONG.withName("nr_recently_evicted")).withName("cachestat");
    /** {@code struct stat}: only {@code st_size} is read, at byte 48 on every supported architecture. */
    private static final long STAT_SIZE = 144;
    private static final long ST_SIZE_AT = 48;
    /**
     * One thread's scratch memory: the errno the linker captures, an {@code off_t} passed by pointer, a
     * msghdr, a pollfd, an int socket option with its {@code socklen_t}, cachestat's range and result, and a
     * struct stat.
     */
    private static final StructLayout SCRATCH_LAYOUT = MemoryLayout.structLayout(
            Linker.Option.captureStateLayout().withName("captured"),
            MemoryLayout.paddingLayout(padTo8(Linker.Option.captureStateLayout().byteSize())),
            JAVA_LONG.withName("offset"),
            MSGHDR.withName("msghdr"),
            POLLFD.withName("pollfd"),
            JAVA_INT.withName("option"),
            JAVA_INT.withName("optlen"),
            CACHESTAT_RANGE.withName("range"),
            CACHESTAT.withName("cachestat"),
            MemoryLayout.sequenceLayout(STAT_SIZE / 8, JAVA_LONG).withName("stat"));
    private static final long ERRNO_AT = SCRATCH_LAYOUT.byteOffset(groupElement("captured"), groupElement("errno"));
    private static final long OFFSET_AT = SCRATCH_LAYOUT.byteOffset(groupElement("offset"));
    private static final long MSGHDR_AT = SCRATCH_LAYOUT.byteOffset(groupElement("msghdr"));
    private static final long MSG_IOV_AT = MSGHDR_AT + MSGHDR.byteOffset(groupElement("msg_iov"));
    private static final long MSG_IOVLEN_AT = MSGHDR_AT + MSGHDR.byteOffset(groupElement("msg_iovlen"));
    private static final long POLLFD_AT = SCRATCH_LAYOUT.byteOffset(groupElement("pollfd"));
    private static final long POLL_FD_AT = POLLFD_AT + POLLFD.byteOffset(groupElement("fd"));
    private static final long POLL_EVENTS_AT = POLLFD_AT + POLLFD.byteOffset(groupElement("events"));
    private static final long POLL_REVENTS_AT = POLLFD_AT + POLLFD.byteOffset(groupElement("revents"));
    private static final long OPTION_AT = SCRATCH_LAYOUT.byteOffset(groupElement("option"));
    private static final long OPTLEN_AT = SCRATCH_LAYOUT.byteOffset(groupElement("optlen"));
    private static final long RANGE_AT = SCRATCH_LAYOUT.byteOffset(groupElement("range"));
    private static final long RANGE_OFF_AT = RANGE_AT + CACHESTAT_RANGE.byteOffset(groupElement("off"));
    private static final long RANGE_LEN_AT = RANGE_AT + CACHESTAT_RANGE.byteOffset(groupElement("len"));
    private static final long CACHESTAT_AT = SCRATCH_LAYOUT.byteOffset(groupElement("cachestat"));
    private static final long NR_CACHE_AT = CACHESTAT_AT + CACHESTAT.byteOffset(groupElement("nr_cache"));
    private static final long STAT_AT = SCRATCH_LAYOUT.byteOffset(groupElement("stat"));

    private static final long SYS_COPY_FILE_RANGE = LinuxConstants.copyFileRangeSyscall(System.getProperty("os.arch"));
    private static final long SYS_FSTAT = LinuxConstants.fstatSyscall(System.getProperty("os.arch"));
    private static final int ENOSYS = LinuxConstants.ERRNO.number("ENOSYS");

    private static final MethodHandle SENDFILE = errnoCall("sendfile", JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_LONG,
            JAVA_LONG);
    private static final MethodHandle SYSCALL6 = link("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));
    private static final MethodHandle POSIX_FADVISE = link("posix_fadvise",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
    // ioctl is variadic; its third argument here is a pointer.
    private static final MethodHandle IOCTL = link("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(2), Linker.Option.captureCallState("errno"));
    private static final MethodHandle SENDMSG = errnoCall("sendmsg", JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT);
    private static final MethodHandle WRITEV = errnoCall("writev", JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT);
    // fcntl is variadic; glibc reads its third argument as a pointer-sized word, hence long.
    private static final MethodHandle FCNTL = link("fcntl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG),
            Linker.Option.firstVariadicArg(2), Linker.Option.captureCallState("errno"));
    private static final MethodHandle LSEEK = errnoCall("lseek", JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT);
    private static final MethodHandle CLOSE = errnoCall("close", JAVA_INT, JAVA_INT);
    private static final MethodHandle POLL = errnoCall("poll", JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT);
    private static final MethodHandle GETSOCKOPT = errnoCall("getsockopt", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
            JAVA_LONG, JAVA_LONG);
    private static final MethodHandle SETSOCKOPT = errnoCall("setsockopt", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT,
            JAVA_LONG, JAVA_INT);
    private static final MethodHandle SYSCONF = link("sysconf", FunctionDescriptor.of(JAVA_LONG, JAVA_INT));

    private static final ThreadLocal<MemorySegment> SCRATCH = ThreadLocal.withInitial(() -> {
        MemorySegment s = Arena.ofAuto().allocate(SCRATCH_LAYOUT);
        s.fill((byte) 0); // msghdr: no name, no control data, ever
        return s;
    });

    private final ForeignDescriptors descriptors = new ForeignDescriptors();

    LinuxForeignCalls() {
    }

    @Override
    public long sendfile(int outFd, int inFd, long offset, long count) {
        nonNegative("count", count);
        MemorySegment s = SCRATCH.get();
        long offsetPointer = 0;
        if (offset >= 0) {
            s.set(JAVA_LONG, OFFSET_AT, offset);
            offsetPointer = s.address() + OFFSET_AT;
        }
        try {
            return result((long) SENDFILE.invokeExact(s, outFd, inFd, offsetPointer, count), s);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public long copyFileRange(int inFd, long inOffset, int outFd, long count) {
        nonNegative("inOffset", inOffset);
        nonNegative("count", count);
        if (SYS_COPY_FILE_RANGE < 0) {
            return -ENOSYS;
        }
        MemorySegment s = SCRATCH.get();
        s.set(JAVA_LONG, OFFSET_AT, inOffset);
        try {
            return result((long) SYSCALL6.invokeExact(s, SYS_COPY_FILE_RANGE, (long) inFd, s.address() + OFFSET_AT,
                    (long) outFd, 0L, count, 0L), s);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public int fadvise(int fd, long offset, long length, int advice) {
        nonNegative("offset", offset);
        nonNegative("length", length);
        try {
            // posix_fadvise returns the error number instead of setting errno.
            return -(int) POSIX_FADVISE.invokeExact(fd, offset, length, advice);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public long cachestat(int fd, long offset, long length) {
        nonNegative("offset", offset);
        nonNegative("length", length);
        MemorySegment s = SCRATCH.get();
        s.set(JAVA_LONG, RANGE_OFF_AT, offset);
        s.set(JAVA_LONG, RANGE_LEN_AT, length);
        try {
            long r = (long) SYSCALL6.invokeExact(s, LinuxConstants.SYS_CACHESTAT, (long) fd, s.address() + RANGE_AT,
                    s.address() + CACHESTAT_AT, 0L, 0L, 0L);
            return r < 0 ? -errno(s) : s.get(JAVA_LONG, NR_CACHE_AT);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public long fileSize(int fd) {
        if (SYS_FSTAT < 0) {
            return -ENOSYS;
        }
        MemorySegment s = SCRATCH.get();
        try {
            long r = (long) SYSCALL6.invokeExact(s, SYS_FSTAT, (long) fd, s.address() + STAT_AT, 0L, 0L, 0L, 0L);
            return r < 0 ? -errno(s) : s.get(JAVA_LONG, STAT_AT + ST_SIZE_AT);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public long ioctlInt(int fd, long request) {
        MemorySegment s = SCRATCH.get();
        s.set(JAVA_INT, OPTION_AT, 0);
        try {
            int r = (int) IOCTL.invokeExact(s, fd, request, s.address() + OPTION_AT);
            return r < 0 ? -errno(s) : s.get(JAVA_INT, OPTION_AT);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public long sendmsg(int fd, IoVectors v, int flags) {
        MemorySegment s = SCRATCH.get();
        s.set(JAVA_LONG, MSG_IOV_AT, v.address());
        s.set(JAVA_LONG, MSG_IOVLEN_AT, v.count());
        try {
            return result((long) SENDMSG.invokeExact(s, fd, s.address() + MSGHDR_AT, flags), s);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public long writev(int fd, IoVectors v) {
        MemorySegment s = SCRATCH.get();
        try {
            return result((long) WRITEV.invokeExact(s, fd, v.address(), v.count()), s);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public int getFl(int fd) {
        return fcntl(fd, LinuxConstants.F_GETFL, 0);
    }

    @Override
    public int setFl(int fd, int flags) {
        int r = fcntl(fd, LinuxConstants.F_SETFL, flags);
        return r < 0 ? r : 0;
    }

    @Override
    public int dup(int fd) {
        return fcntl(fd, LinuxConstants.F_DUPFD_CLOEXEC, 0);
    }

    private static int fcntl(int fd, int cmd, long arg) {
        MemorySegment s = SCRATCH.get();
        try {
            return (int) result((int) FCNTL.invokeExact(s, fd, cmd, arg), s);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public long lseek(int fd, long offset, int whence) {
        MemorySegment s = SCRATCH.get();
        try {
            return result((long) LSEEK.invokeExact(s, fd, offset, whence), s);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public int close(int fd) {
        MemorySegment s = SCRATCH.get();
        try {
            return (int) result((int) CLOSE.invokeExact(s, fd), s);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public int pollWritable(int fd, int timeoutMillis) {
        MemorySegment s = SCRATCH.get();
        s.set(JAVA_INT, POLL_FD_AT, fd);
        s.set(JAVA_SHORT, POLL_EVENTS_AT, (short) LinuxConstants.POLLOUT);
        s.set(JAVA_SHORT, POLL_REVENTS_AT, (short) 0);
        try {
            return (int) result((int) POLL.invokeExact(s, s.address() + POLLFD_AT, 1L, Math.max(0, timeoutMillis)), s);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public long getIntSockopt(int fd, int level, int name) {
        MemorySegment s = SCRATCH.get();
        s.set(JAVA_INT, OPTION_AT, 0);
        s.set(JAVA_INT, OPTLEN_AT, (int) JAVA_INT.byteSize());
        try {
            int r = (int) GETSOCKOPT.invokeExact(s, fd, level, name, s.address() + OPTION_AT, s.address() + OPTLEN_AT);
            return r < 0 ? -errno(s) : Integer.toUnsignedLong(s.get(JAVA_INT, OPTION_AT));
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public int setIntSockopt(int fd, int level, int name, int value) {
        MemorySegment s = SCRATCH.get();
        s.set(JAVA_INT, OPTION_AT, value);
        try {
            return (int) result((int) SETSOCKOPT.invokeExact(s, fd, level, name, s.address() + OPTION_AT,
                    (int) JAVA_INT.byteSize()), s);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public long pageSize() {
        try {
            return (long) SYSCONF.invokeExact(LinuxConstants._SC_PAGESIZE);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public int descriptor(Object holder) {
        if (holder == null) {
            throw new NullPointerException("holder");
        }
        return descriptors.of(holder);
    }

    /** A libc result: the value, or {@code -errno} where the call reported failure with -1. */
    private static long result(long r, MemorySegment scratch) {
        return r < 0 ? -errno(scratch) : r;
    }

    private static int errno(MemorySegment scratch) {
        return scratch.get(JAVA_INT, ERRNO_AT);
    }

    private static MethodHandle errnoCall(String name, MemoryLayout result, MemoryLayout... args) {
        return link(name, FunctionDescriptor.of(result, args), Linker.Option.captureCallState("errno"));
    }

    @SuppressWarnings("restricted") // allowed: ForeignGateway opens this class only with native access enabled
    private static MethodHandle link(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        MemorySegment symbol = ForeignSymbols.LOOKUP.find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(symbol, descriptor, options);
    }

    private static long padTo8(long n) {
        return ((n + 7) & ~7L) - n;
    }

    private static void nonNegative(String what, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " must be >= 0, was " + value);
        }
    }

    private static IllegalStateException unexpected(Throwable t) {
        // A downcall handle throws nothing of its own; this is a defect, never an I/O error.
        return new IllegalStateException("FFM downcall failed", t);
    }
}
