package io.github.sendfile4j.unix;

import io.github.sendfile4j.spi.LoadedLibrary;
import io.github.sendfile4j.spi.NativeLibraryLoader;
import io.github.sendfile4j.spi.Platform;
import java.nio.Buffer;

/**
 * The JNI gateway to {@code libsendfile4j}, one class for every platform's library (the natives are
 * registered by {@code JNI_OnLoad} in native/src/sendfile4j.c). Each call is a thin wrapper over one system
 * call: it retries {@code EINTR} and returns a count, or {@code -errno}. No argument is checked here: callers
 * in this library check them first. Not part of the public API.
 */
public final class NativeIo {
    /** Must equal SF4J_ABI_VERSION of the loaded library. */
    static final int ABI_VERSION = 3;

    private NativeIo() {
    }

    /**
     * Loads the library into the class loader of this class.
     *
     * @param platform    names the platform in errors
     * @param resourceDir the directory under {@code META-INF/native/} holding the library
     * @return where it came from
     * @throws UnsatisfiedLinkError if no attempt worked, or the library is of another ABI version
     */
    static LoadedLibrary load(Platform platform, String resourceDir) {
        LoadedLibrary lib = NativeLibraryLoader.load("sendfile4j", platform, resourceDir,
                NativeIo.class.getClassLoader(),
                new NativeLibraryLoader.Loader() {
                    @Override
                    public void load(String absolutePath) {
                        System.load(absolutePath);
                    }

                    @Override
                    public void loadLibrary(String name) {
                        System.loadLibrary(name);
                    }
                });
        int abi = abiVersion0();
        if (abi != ABI_VERSION) {
            throw new UnsatisfiedLinkError(lib.path() + " has native ABI version " + abi + ", this sendfile4j needs "
                    + ABI_VERSION + ": remove the stale library (or -D" + NativeLibraryLoader.LIBRARY_PATH_PROPERTY
                    + ") so the jar's copy is used");
        }
        return lib;
    }

    static native int abiVersion0();

    /** Linux sendfile(2); {@code offset < 0} passes a NULL offset pointer. */
    public static native long sendfile0(int outFd, int inFd, long offset, long count);

    /** BSD sendfile(2) with an sf_hdtr over the iovec array at {@code iovAddress}; bytes sent stored at {@code sbytesAddress}. */
    public static native long sendfileHdtr0(int outFd, int inFd, long offset, long count, long iovAddress,
            int headerCount, int trailerCount, int flags, long sbytesAddress);

    /** Linux copy_file_range(2) from {@code inOffset}, writing at (and advancing) the target's own position. */
    public static native long copyFileRange0(int inFd, long inOffset, int outFd, long count);

    /** posix_fadvise(POSIX_FADV_DONTNEED). */
    public static native int fadviseDontNeed0(int fd, long offset, long length);

    /** sendmsg(2) with {@code flags} (writev(2) when 0, or when the descriptor is not a socket). */
    public static native long writev0(int fd, long iovAddress, int iovCount, int flags);

    /** fcntl(F_GETFL). */
    public static native int getFl0(int fd);

    /** fcntl(F_SETFL). */
    public static native int setFl0(int fd, int flags);

    /** lseek(2). */
    public static native long lseek0(int fd, long offset, int whence);

    /** fcntl(F_DUPFD_CLOEXEC): a private duplicate of {@code fd}. */
    public static native int dup0(int fd);

    /** close(2), never retried. */
    public static native int close0(int fd);

    /** poll(2) for POLLOUT: 1 ready (or failed: the next write tells), 0 timed out or interrupted. */
    public static native int pollWritable0(int fd, int timeoutMillis);

    /** getsockopt(2) of an int option: its value zero-extended (never negative), or -errno. */
    public static native long getIntSockopt0(int fd, int level, int name);

    /** setsockopt(2) of an int option: 0 or -errno. */
    public static native int setIntSockopt0(int fd, int level, int name, int value);

    /** sysconf(_SC_PAGESIZE). */
    public static native long pageSize0();

    /** The address of a direct buffer's first byte (ignores position). */
    public static native long bufferAddress0(Buffer directBuffer);

    /** The descriptor of a FileDescriptor or of a JDK object with a private "fd" FileDescriptor field; -1 closed, -2 no field. */
    public static native int descriptor0(Object holder);
}
