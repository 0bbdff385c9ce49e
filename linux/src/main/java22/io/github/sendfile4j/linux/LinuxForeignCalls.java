package io.github.sendfile4j.linux;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import io.github.sendfile4j.unix.IoVectors;
import io.github.sendfile4j.unix.SystemCalls;
import java.io.FileDescriptor;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Field;

/**
 * {@link SystemCalls} through the FFM API (JDK 22+): libc linked by {@link Linker}, errno captured by the
 * linker ({@code captureCallState}), so no native library is extracted or loaded. The same calls, retries and
 * results as the JNI library's C (native/src), which is the reference for every method here.
 * <p>
 * Pointer parameters are declared {@code long}: on the LP64 ABIs Linux runs on (x86-64 System V, AAPCS64) a
 * pointer and a 64-bit integer travel in the same register, and a {@code long} needs no {@link MemorySegment}
 * per call. Every pointer passed is one this class or {@link IoVectors} owns. Per-thread scratch memory
 * (errno, the offset, a msghdr, a pollfd, a socket option) makes a call allocate nothing.
 */
final class LinuxForeignCalls implements SystemCalls {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final long ERRNO_AT = CAPTURE.byteOffset(MemoryLayout.PathElement.groupElement("errno"));
    // Scratch layout after the capture state: off_t, struct msghdr (56 bytes on LP64 Linux, glibc
    // bits/socket.h), struct pollfd (8), an int option value and its socklen_t.
    private static final long OFFSET_AT = align8(CAPTURE.byteSize());
    private static final long MSGHDR_AT = OFFSET_AT + 8;
    private static final long POLLFD_AT = MSGHDR_AT + 56;
    private static final long OPTION_AT = POLLFD_AT + 8;
    private static final long OPTLEN_AT = OPTION_AT + 4;
    private static final long SCRATCH_SIZE = OPTLEN_AT + 4;

    private static final int EINTR = LinuxConstants.ERRNO.number("EINTR");
    private static final int ENOTSOCK = LinuxConstants.ERRNO.number("ENOTSOCK");
    private static final int ENOSYS = LinuxConstants.ERRNO.number("ENOSYS");
    private static final long SYS_COPY_FILE_RANGE = LinuxConstants.copyFileRangeSyscall(System.getProperty("os.arch"));
    private static final int FADV_DONTNEED = LinuxConstants.fadviseDontNeed(System.getProperty("os.arch"));

    private static final MethodHandle SENDFILE = errnoCall("sendfile", JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_LONG,
            JAVA_LONG);
    private static final MethodHandle SYSCALL6 = link("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(1), Linker.Option.captureCallState("errno"));
    private static final MethodHandle POSIX_FADVISE = link("posix_fadvise",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
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

    private static final ThreadLocal<MemorySegment> SCRATCH = ThreadLocal.withInitial(
            () -> Arena.ofAuto().allocate(SCRATCH_SIZE, 8));

    private final Descriptors descriptors = new Descriptors();

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
            long n;
            do {
                n = (long) SENDFILE.invokeExact(s, outFd, inFd, offsetPointer, count);
            } while (n < 0 && errno(s) == EINTR);
            return n < 0 ? -errno(s) : n;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public long sendfileHdtr(int outFd, int inFd, long offset, long count, IoVectors v, int headerCount,
            int trailerCount, int flags) {
        return -ENOSYS; // Linux has no sf_hdtr (as in transfer_linux.c)
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
            long n;
            do {
                n = (long) SYSCALL6.invokeExact(s, SYS_COPY_FILE_RANGE, (long) inFd, s.address() + OFFSET_AT,
                        (long) outFd, 0L, count, 0L);
            } while (n < 0 && errno(s) == EINTR);
            return n < 0 ? -errno(s) : n;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public int fadviseDontNeed(int fd, long offset, long length) {
        nonNegative("offset", offset);
        nonNegative("length", length);
        try {
            // posix_fadvise returns the error number instead of setting errno.
            return -(int) POSIX_FADVISE.invokeExact(fd, offset, length, FADV_DONTNEED);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public long gatherWrite(int fd, IoVectors v, int flags) {
        MemorySegment s = SCRATCH.get();
        try {
            long n;
            if (flags != 0) {
                // A non-socket refuses sendmsg with ENOTSOCK: then it is a plain writev (files, pipes).
                s.set(JAVA_LONG, MSGHDR_AT, 0L);          // msg_name
                s.set(JAVA_LONG, MSGHDR_AT + 8, 0L);      // msg_namelen and padding
                s.set(JAVA_LONG, MSGHDR_AT + 16, v.address());
                s.set(JAVA_LONG, MSGHDR_AT + 24, v.count());
                s.set(JAVA_LONG, MSGHDR_AT + 32, 0L);     // msg_control
                s.set(JAVA_LONG, MSGHDR_AT + 40, 0L);     // msg_controllen
                s.set(JAVA_LONG, MSGHDR_AT + 48, 0L);     // msg_flags and padding
                do {
                    n = (long) SENDMSG.invokeExact(s, fd, s.address() + MSGHDR_AT, flags);
                } while (n < 0 && errno(s) == EINTR);
                if (n >= 0) {
                    return n;
                }
                if (errno(s) != ENOTSOCK) {
                    return -errno(s);
                }
            }
            do {
                n = (long) WRITEV.invokeExact(s, fd, v.address(), v.count());
            } while (n < 0 && errno(s) == EINTR);
            return n < 0 ? -errno(s) : n;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public int getFl(int fd) {
        return fcntl(fd, LinuxConstants.F_GETFL, 0, false);
    }

    @Override
    public int setFl(int fd, int flags) {
        int r = fcntl(fd, LinuxConstants.F_SETFL, flags, true);
        return r < 0 ? r : 0;
    }

    @Override
    public int dup(int fd) {
        return fcntl(fd, LinuxConstants.F_DUPFD_CLOEXEC, 0, false);
    }

    private static int fcntl(int fd, int cmd, long arg, boolean retry) {
        MemorySegment s = SCRATCH.get();
        try {
            int r;
            do {
                r = (int) FCNTL.invokeExact(s, fd, cmd, arg);
            } while (retry && r < 0 && errno(s) == EINTR);
            return r < 0 ? -errno(s) : r;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public long lseek(int fd, long offset, int whence) {
        MemorySegment s = SCRATCH.get();
        try {
            long r = (long) LSEEK.invokeExact(s, fd, offset, whence);
            return r < 0 ? -errno(s) : r;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public int close(int fd) {
        // Never retried: after EINTR the number is released, and a retry could close another thread's.
        MemorySegment s = SCRATCH.get();
        try {
            int r = (int) CLOSE.invokeExact(s, fd);
            return r < 0 ? -errno(s) : 0;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public int pollWritable(int fd, int timeoutMillis) {
        MemorySegment s = SCRATCH.get();
        s.set(JAVA_INT, POLLFD_AT, fd);
        s.set(JAVA_SHORT, POLLFD_AT + 4, (short) LinuxConstants.POLLOUT);
        s.set(JAVA_SHORT, POLLFD_AT + 6, (short) 0);
        try {
            int r = (int) POLL.invokeExact(s, s.address() + POLLFD_AT, 1L, Math.max(0, timeoutMillis));
            if (r < 0) {
                return errno(s) == EINTR ? 0 : -errno(s);
            }
            return r > 0 ? 1 : 0;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    @Override
    public long getIntSockopt(int fd, int level, int name) {
        MemorySegment s = SCRATCH.get();
        s.set(JAVA_INT, OPTION_AT, 0);
        s.set(JAVA_INT, OPTLEN_AT, 4);
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
            int r = (int) SETSOCKOPT.invokeExact(s, fd, level, name, s.address() + OPTION_AT, 4);
            return r < 0 ? -errno(s) : 0;
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

    private static int errno(MemorySegment scratch) {
        return scratch.get(JAVA_INT, ERRNO_AT);
    }

    private static MethodHandle errnoCall(String name, MemoryLayout result, MemoryLayout... args) {
        return link(name, FunctionDescriptor.of(result, args), Linker.Option.captureCallState("errno"));
    }

    @SuppressWarnings("restricted") // allowed: ForeignGateway opens this class only with native access enabled
    private static MethodHandle link(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no " + name));
        return LINKER.downcallHandle(symbol, descriptor, options);
    }

    private static long align8(long n) {
        return (n + 7) & ~7L;
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

    /**
     * The number behind a {@link FileDescriptor}, or behind the private {@code fd} field of the JDK's channels
     * and streams, read through method handles that the opened packages allow; -1 when closed, -2 when the
     * object holds none (the same answers as the JNI library's {@code descriptor0}).
     */
    private static final class Descriptors {
        private static final VarHandle FD_INT = fileDescriptorField();
        private final ClassValue<VarHandle> holders = new ClassValue<VarHandle>() {
            @Override
            protected VarHandle computeValue(Class<?> type) {
                return holderField(type);
            }
        };

        int of(Object holder) {
            FileDescriptor fd;
            if (holder instanceof FileDescriptor f) {
                fd = f;
            } else {
                VarHandle h = holders.get(holder.getClass());
                if (h == null) {
                    return -2;
                }
                fd = (FileDescriptor) h.get(holder);
                if (fd == null) {
                    return -1;
                }
            }
            return (int) FD_INT.get(fd);
        }

        private static VarHandle fileDescriptorField() {
            try {
                return MethodHandles.privateLookupIn(FileDescriptor.class, MethodHandles.lookup())
                        .findVarHandle(FileDescriptor.class, "fd", int.class);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("java.io.FileDescriptor has no readable int fd field", e);
            }
        }

        /** Like JNI's GetFieldID: the class's own field or an inherited one. */
        private static VarHandle holderField(Class<?> type) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                for (Field f : c.getDeclaredFields()) {
                    if (f.getName().equals("fd") && f.getType() == FileDescriptor.class
                            && !java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                        try {
                            return MethodHandles.privateLookupIn(c, MethodHandles.lookup()).unreflectVarHandle(f);
                        } catch (IllegalAccessException e) {
                            return null; // a package not opened to this module: no descriptor to be had
                        }
                    }
                }
            }
            return null;
        }
    }
}
