package io.github.sendfile4j.unix;

import io.github.sendfile4j.spi.Platform;
import java.nio.Buffer;
import java.nio.file.Path;

/**
 * The JNI implementation of the system calls, one class for every platform's library: {@code JNI_OnLoad}
 * (native/src/sendfile4j.c) registers the calls every platform has, and each platform's file registers its
 * family's own (transfer_linux.c: {@link LinuxSystemCalls}; transfer_bsd.c: {@link BsdSystemCalls}); a
 * provider reaches only its own family's through the interface it is given. The natives are private: each is
 * reached only through a method that checks what C would trust (no null object, no raw address from
 * outside, a direct buffer where an address is taken), so no caller can crash the JVM through it.
 */
final class NativeIo implements LinuxSystemCalls, BsdSystemCalls {
    /** The one instance; usable once {@link #load} has succeeded. */
    static final NativeIo INSTANCE = new NativeIo();

    /** Must equal SF4J_ABI_VERSION of the loaded library. */
    static final int ABI_VERSION = 5;

    private NativeIo() {
    }

    /**
     * Loads the library into the class loader of this class.
     *
     * @param platform    names the platform in errors
     * @param resourceDir the directory under {@code META-INF/native/} holding the library
     * @param library     the library to load, or {@code null} for the usual search
     * @return where it came from
     * @throws UnsatisfiedLinkError if no attempt worked, or the library is of another ABI version
     */
    static LoadedLibrary load(Platform platform, String resourceDir, Path library) {
        LoadedLibrary lib = NativeLibraryLoader.load("sendfile4j", platform, resourceDir, library);
        int abi = abiVersion0();
        if (abi != ABI_VERSION) {
            throw new UnsatisfiedLinkError(lib.path() + " has native ABI version " + abi + ", this sendfile4j needs "
                    + ABI_VERSION + ": remove the stale library (or -D" + NativeLibraryLoader.LIBRARY_PATH_PROPERTY
                    + ") so the jar's copy is used");
        }
        return lib;
    }

    @Override
    public long sendfile(int outFd, int inFd, long offset, long count) {
        return sendfile0(outFd, inFd, offset, nonNegative("count", count));
    }

    @Override
    public long sendfileHdtr(int outFd, int inFd, long offset, long count, IoVectors v, int headerCount,
            int trailerCount, int flags) {
        if (headerCount < 0 || trailerCount < 0 || headerCount + trailerCount > v.count()) {
            throw new IllegalArgumentException("headerCount " + headerCount + " + trailerCount " + trailerCount
                    + " exceeds the " + v.count() + " filled entries");
        }
        return sendfileHdtr0(outFd, inFd, offset, nonNegative("count", count), v.address(), headerCount, trailerCount,
                flags, v.sbytesAddress());
    }

    @Override
    public long copyFileRange(int inFd, long inOffset, int outFd, long count) {
        return copyFileRange0(inFd, nonNegative("inOffset", inOffset), outFd, nonNegative("count", count));
    }

    @Override
    public int fadvise(int fd, long offset, long length, int advice) {
        return fadvise0(fd, nonNegative("offset", offset), nonNegative("length", length), advice);
    }

    @Override
    public long cachestat(int fd, long offset, long length) {
        return cachestat0(fd, nonNegative("offset", offset), nonNegative("length", length));
    }

    @Override
    public long fileSize(int fd) {
        return fileSize0(fd);
    }

    @Override
    public long ioctlInt(int fd, long request) {
        return ioctlInt0(fd, request);
    }

    @Override
    public long sendmsg(int fd, IoVectors v, int flags) {
        return sendmsg0(fd, v.address(), v.count(), flags);
    }

    @Override
    public long writev(int fd, IoVectors v) {
        return writev0(fd, v.address(), v.count());
    }

    @Override
    public int getFl(int fd) {
        return getFl0(fd);
    }

    @Override
    public int setFl(int fd, int flags) {
        return setFl0(fd, flags);
    }

    @Override
    public long lseek(int fd, long offset, int whence) {
        return lseek0(fd, offset, whence);
    }

    @Override
    public int dup(int fd) {
        return dup0(fd);
    }

    @Override
    public int close(int fd) {
        return close0(fd);
    }

    @Override
    public int pollWritable(int fd, int timeoutMillis) {
        return pollWritable0(fd, Math.max(0, timeoutMillis));
    }

    @Override
    public long getIntSockopt(int fd, int level, int name) {
        return getIntSockopt0(fd, level, name);
    }

    @Override
    public int setIntSockopt(int fd, int level, int name, int value) {
        return setIntSockopt0(fd, level, name, value);
    }

    @Override
    public long pageSize() {
        return pageSize0();
    }

    @Override
    public int descriptor(Object holder) {
        if (holder == null) {
            throw new NullPointerException("holder");
        }
        return descriptor0(holder);
    }

    /**
     * @param buffer a direct buffer
     * @return the address of its first byte (position ignored)
     */
    static long addressOf(Buffer buffer) {
        if (!buffer.isDirect()) {
            throw new IllegalArgumentException("not a direct buffer: " + buffer);
        }
        return bufferAddress0(buffer);
    }

    private static long nonNegative(String what, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " must be >= 0, was " + value);
        }
        return value;
    }

    private static native int abiVersion0();

    private static native long sendfile0(int outFd, int inFd, long offset, long count);

    private static native long sendfileHdtr0(int outFd, int inFd, long offset, long count, long iovAddress,
            int headerCount, int trailerCount, int flags, long sbytesAddress);

    private static native long copyFileRange0(int inFd, long inOffset, int outFd, long count);

    private static native int fadvise0(int fd, long offset, long length, int advice);

    private static native long cachestat0(int fd, long offset, long length);

    private static native long fileSize0(int fd);

    private static native long ioctlInt0(int fd, long request);

    private static native long sendmsg0(int fd, long iovAddress, int iovCount, int flags);

    private static native long writev0(int fd, long iovAddress, int iovCount);

    private static native int getFl0(int fd);

    private static native int setFl0(int fd, int flags);

    private static native long lseek0(int fd, long offset, int whence);

    private static native int dup0(int fd);

    private static native int close0(int fd);

    private static native int pollWritable0(int fd, int timeoutMillis);

    private static native long getIntSockopt0(int fd, int level, int name);

    private static native int setIntSockopt0(int fd, int level, int name, int value);

    private static native long pageSize0();

    private static native long bufferAddress0(Buffer directBuffer);

    private static native int descriptor0(Object holder);
}
