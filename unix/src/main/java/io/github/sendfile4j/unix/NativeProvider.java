package io.github.sendfile4j.unix;

import io.github.sendfile4j.Capabilities;
import io.github.sendfile4j.SendfileException;
import io.github.sendfile4j.spi.Platform;
import io.github.sendfile4j.spi.SendfileProvider;
import io.github.sendfile4j.internal.ChannelCopier;
import io.github.sendfile4j.internal.TransferGuard;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.SelectableChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * What every native provider does the same way: loading the library, descriptors, blocking mode and the
 * translation of {@code -errno} results into {@link SendfileException}. The OS-specific transfer logic is
 * in the subclass of each OS.
 */
public abstract class NativeProvider<K extends Kernel> implements SendfileProvider {
    /** Errors after which sendfile cannot serve a pair of descriptors at all; with nothing sent, the copy loop can. */
    private static final ErrnoNames SENDFILE_CANNOT_SERVE = ErrnoNames.of("EINVAL", "ENOSYS", "ENOTSOCK",
            "EOPNOTSUPP", "ENOTSUP", "EBADF", "ESPIPE");
    /** The offset lies beyond the largest file the file system allows: past the end of this one too. */
    private static final ErrnoNames PAST_LARGEST_FILE = ErrnoNames.of("EOVERFLOW");

    /** This platform's errno numbers. */
    protected final ErrnoTable errnos;
    /** {@code -EAGAIN} as a raw result, for the hot paths. */
    protected final long eagain;
    private final String name;
    private final String os;
    private final List<String> arches;
    private final int oNonblock;
    private final int oAppend;
    private volatile LoadedLibrary loaded;
    private volatile K kernel;
    private volatile String gateway = "(not chosen)";

    /**
     * @param name      provider name, such as {@code linux}
     * @param os        os-maven-plugin's OS name it serves
     * @param arches    os-maven-plugin's architectures it has libraries for
     * @param errnos    the platform's errno table
     * @param oNonblock the platform's O_NONBLOCK
     * @param oAppend   the platform's O_APPEND
     */
    protected NativeProvider(String name, String os, List<String> arches, ErrnoTable errnos, int oNonblock,
            int oAppend) {
        this.name = name;
        this.os = os;
        this.arches = Collections.unmodifiableList(arches);
        this.errnos = errnos;
        this.oNonblock = oNonblock;
        this.oAppend = oAppend;
        this.eagain = -errnos.number("EAGAIN");
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final boolean matches(Platform platform) {
        return os.equals(platform.os()) && (arches.contains(platform.arch()) || servesWithoutLibrary(platform));
    }

    /**
     * @param platform a platform of this provider's OS that it has no library for
     * @return whether it serves there all the same (through a gateway that needs no library)
     */
    protected boolean servesWithoutLibrary(Platform platform) {
        return false;
    }

    @Override
    public final void initialize() {
        start(Platform.current(), Gateway.fromProperty(), null, "-D" + Gateway.PROPERTY + "=");
    }

    /**
     * Initializes for an explicit platform, gateway and library instead of this JVM's platform and the
     * system properties: for a suite that runs several providers, or the same provider through both
     * gateways, in one JVM. The JNI library binds to the class loader of this class, so two providers that
     * load different libraries (a kernel model beside the real one) need classes of their own.
     *
     * @param platform the platform to serve; a model of another OS names that OS
     * @param gateway  which gateway may serve
     * @param library  the JNI library to load, or {@code null} for the usual search (the
     *                 {@code sendfile4j.library.path} property, {@code java.library.path}, the jar)
     * @throws UnsupportedOperationException if this provider does not serve {@code platform}
     * @throws UnsatisfiedLinkError          if the gateway asked for cannot serve, or no library loads
     * @throws IllegalStateException         if this provider was initialized already
     */
    public final void initialize(Platform platform, Gateway gateway, Path library) {
        start(platform, gateway, library, "gateway ");
    }

    /** @param askedBy how the reasons name where the gateway choice came from */
    private synchronized void start(Platform platform, Gateway gateway, Path library, String askedBy) {
        if (kernel != null) {
            throw new IllegalStateException("provider " + name + " is initialized already (gateway " + this.gateway + ")");
        }
        if (!matches(platform)) {
            throw new UnsupportedOperationException("provider " + name + " serves " + os + "-" + arches
                    + ", not " + platform);
        }
        StringBuilder why = new StringBuilder();
        if (gateway == Gateway.JNI) {
            why.append(askedBy).append("jni");
        }
        SystemCalls foreign = gateway != Gateway.JNI ? foreignCalls(why) : null;
        if (foreign != null) {
            this.gateway = "ffm (" + why + ")";
            kernelChosen(newKernel(foreign));
            return;
        }
        if (gateway == Gateway.FFM) {
            throw new UnsatisfiedLinkError(askedBy + "ffm, but the FFM gateway cannot serve: " + why);
        }
        if (!arches.contains(platform.arch())) {
            throw new UnsatisfiedLinkError("no " + name + " library for " + platform.arch() + ", and " + why);
        }
        loaded = NativeIo.load(platform, resourceDirectory(platform), library);
        this.gateway = "jni (" + why + ")";
        kernelChosen(newKernel(NativeIo.INSTANCE));
    }

    /**
     * The last step of initialization: a subclass that asks its kernel something once (page size, what the
     * kernel can tell) overrides this and calls it first.
     *
     * @param chosen the policy over the chosen gateway, from {@link #newKernel}
     */
    protected void kernelChosen(K chosen) {
        kernel = chosen;
    }

    /**
     * @param gateway the system calls of this platform: the JNI library's, or those {@link #foreignCalls}
     *                returned
     * @return the policy above them that this provider calls through
     */
    protected abstract K newKernel(SystemCalls gateway);

    /**
     * The FFM gateway of this platform, tried before the JNI library unless {@code -Dsendfile4j.gateway=jni}.
     *
     * @param why where to say why it serves (JDK, native access), or why it cannot
     * @return the gateway, or {@code null} when the JNI library is to serve
     */
    protected SystemCalls foreignCalls(StringBuilder why) {
        why.append("no FFM gateway for ").append(name);
        return null;
    }

    /**
     * @param platform this JVM's platform
     * @return the directory under {@code META-INF/native/} that holds its library (the classifier, unless a
     *         universal library serves several)
     */
    protected String resourceDirectory(Platform platform) {
        return platform.classifier();
    }

    @Override
    public Capabilities capabilities() {
        return new Capabilities(true, fileTargets(), kernelHeaders(),
                SendfileProvider.supportedFlags(this), perCallCap());
    }

    /** @return whether this kernel's sendfile writes to regular files (Linux 2.6.33+), not only to sockets */
    protected boolean fileTargets() {
        return false;
    }

    /** @return whether headers go inside the kernel's sendfile call (FreeBSD's sf_hdtr) */
    protected boolean kernelHeaders() {
        return false;
    }

    /** @return the system calls this provider makes, once {@link #initialize()} has chosen them */
    protected final K kernel() {
        return kernel;
    }

    @Override
    public int descriptor(Object holder) throws IOException {
        int fd = kernel().descriptor(holder);
        if (fd == -1) {
            throw new ClosedChannelException();
        }
        if (fd < 0) {
            throw new IOException(holder.getClass().getName() + " has no file descriptor: only the JDK's own"
                    + " FileDescriptor, file channels, socket channels and file streams have one");
        }
        return fd;
    }

    @Override
    public boolean isBlocking(int fd) throws IOException {
        int fl = kernel().getFl(fd);
        if (fl < 0) {
            throw error("fcntl", fl, fd, SendfileException.NO_FD, 0, null);
        }
        return (fl & oNonblock) == 0;
    }

    @Override
    public void setBlocking(int fd, boolean blocking) throws IOException {
        int fl = kernel().getFl(fd);
        if (fl < 0) {
            throw error("fcntl", fl, fd, SendfileException.NO_FD, 0, null);
        }
        int wanted = blocking ? fl & ~oNonblock : fl | oNonblock;
        if (wanted != fl) {
            int r = kernel().setFl(fd, wanted);
            if (r < 0) {
                throw error("fcntl", r, fd, SendfileException.NO_FD, 0, null);
            }
        }
    }

    /** How a platform reads a socket's bytes that are unsent or unacknowledged: the count, or {@code -errno}. */
    protected interface QueuedBytes {
        /**
         * @param socketFd the socket
         * @return its queued bytes, or {@code -errno}
         */
        long of(int socketFd);
    }

    /**
     * SF_SYNC where the kernel has no such flag: returns once {@code queued} is 0, when the socket holds no
     * byte that is unsent or unacknowledged, so that the caller may change the file. Sleeps between looks
     * (1 ms, doubling to 32 ms): no kernel offers a wake-up for "everything acknowledged". An interrupt ends
     * the wait as FreeBSD's does, with EINTR and the count; a closed socket ends it with the query's error; a
     * descriptor that is no socket holds nothing for a peer, so there is no wait.
     *
     * @param outFd      the socket sent to
     * @param sent       bytes the call sent, for the exception
     * @param query      the system call {@code queued} makes, for the exception
     * @param queued     reads the socket's queued bytes
     * @param notASocket the errors that mean {@code outFd} is no socket
     * @throws SendfileException EINTR if interrupted, or the query's error
     */
    protected final void awaitAcknowledged(int outFd, long sent, String query, QueuedBytes queued,
            ErrnoNames notASocket) throws SendfileException {
        long pauseNanos = 1_000_000L;
        while (true) {
            long q = queued.of(outFd);
            if (q == 0 || kernel().isError(q, notASocket)) {
                return;
            }
            if (q < 0) {
                throw error(query, q, outFd, SendfileException.NO_FD, sent, "SF_SYNC");
            }
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw error("sendfile", -errnos.number("EINTR"), outFd, SendfileException.NO_FD, sent,
                        "interrupted while SF_SYNC waited for the peer to acknowledge " + q + " bytes");
            }
            LockSupport.parkNanos(pauseNanos);
            pauseNanos = Math.min(pauseNanos * 2, 32_000_000L);
        }
    }

    /**
     * @param syscall   the failed call
     * @param negErrno  the native result, {@code -errno}
     * @param outFd     destination or {@link SendfileException#NO_FD}
     * @param inFd      source or {@link SendfileException#NO_FD}
     * @param bytesSent bytes written before the error
     * @param hint      a likely cause, or {@code null}
     * @return the exception to throw
     */
    protected final SendfileException error(String syscall, long negErrno, int outFd, int inFd, long bytesSent,
            String hint) {
        int errno = (int) -negErrno;
        return new SendfileException(syscall, errno, errnos.name(errno), outFd, inFd, bytesSent, hint);
    }

    /**
     * @param result a native result
     * @param names  portable errno names
     * @return whether {@code result} is {@code -errno} of one of them
     */
    protected final boolean isError(long result, String... names) {
        return errnos.isNegated(result, names);
    }

    /**
     * One sendfile system call of file bytes only, from an explicit offset, with the platform's partial
     * results folded in: a count {@code > 0} when anything moved (even if the call reported EAGAIN or
     * EINTR), {@code 0} at end of file, else {@code -errno}.
     *
     * @param outFd  destination
     * @param inFd   source file
     * @param offset file offset
     * @param count  at most {@link #perCallCap()} bytes
     * @return as described
     */
    protected abstract long sendOnce(int outFd, int inFd, long offset, long count);

    /** @return the most file bytes one system call may be asked for */
    protected abstract long perCallCap();

    /**
     * Hook for file targets, tried before sendfile (Linux: copy_file_range).
     *
     * @param inFd     source
     * @param position source offset
     * @param count    bytes
     * @param outFd     the file target, not in append mode
     * @param guard     consulted between calls
     * @param keepHoles whether to skip the source's holes (see {@link #copyKeepingHoles}); only asked for a
     *                  source private to the caller
     * @return bytes of the range covered, or {@code -1} when this path is not available and nothing was copied
     * @throws IOException when it failed after copying something
     */
    protected long transferToFile(int inFd, long position, long count, int outFd, TransferGuard guard,
            boolean keepHoles) throws IOException {
        return -1;
    }

    @Override
    public long transfer(FileChannel source, long position, long count, WritableByteChannel target)
            throws IOException {
        return transfer(source, position, count, target, false);
    }

    @Override
    public long copyKeepingHoles(FileChannel source, long position, long count, FileChannel target)
            throws IOException {
        return transfer(source, position, count, target, true);
    }

    private long transfer(FileChannel source, long position, long count, WritableByteChannel target,
            boolean keepHoles) throws IOException {
        if (!(target instanceof FileChannel || target instanceof SelectableChannel)) {
            return ChannelCopier.copy(source, position, count, target);
        }
        TransferGuard guard = new TransferGuard(source, target);
        guard.check(0);
        try (OwnDescriptor in = OwnDescriptor.of(source, "source", 0, this);
             OwnDescriptor out = OwnDescriptor.of(target, "target", 0, this)) {
            if (target instanceof FileChannel) {
                int fl = kernel().getFl(out.fd);
                if (fl >= 0 && (fl & oAppend) != 0) {
                    throw new IllegalArgumentException("target file is open for appending (O_APPEND): the kernel"
                            + " would ignore its position; open it without APPEND and position it at size() instead");
                }
                long copied = transferToFile(in.fd, position, count, out.fd, guard, keepHoles);
                if (copied >= 0) {
                    return copied;
                }
                return sendLoop(source, in.fd, position, count, target, out.fd, guard);
            }
            boolean madeNonBlocking = makeNonBlocking(out.fd);
            try {
                return sendLoop(source, in.fd, position, count, target, out.fd, guard);
            } finally {
                if (madeNonBlocking && !TargetWait.onVirtualThread()) {
                    kernel().setFl(out.fd, kernel().getFl(out.fd) & ~oNonblock);
                }
            }
        }
    }

    /**
     * A blocking sendfile to a socket or pipe sleeps in the kernel until the peer reads, where neither a
     * close nor an interrupt can reach it. So the transfer's calls are made non-blocking and every wait is
     * one the transfer controls (see {@link TargetWait}). The flag belongs to the open file, shared with
     * the channel: the JDK's blocking channels tolerate it from JDK 11 on (they park and retry on EAGAIN,
     * which is how JDK 21 runs them under virtual threads, with the flag left set), but JDK 8's return 0
     * from a blocking read, so there the kernel call stays blocking.
     *
     * @param fd the transfer's own target descriptor
     * @return whether the flag was set here and is to be cleared afterwards
     */
    private boolean makeNonBlocking(int fd) {
        if (!JDK_PARKS_ON_EAGAIN) {
            return false;
        }
        int fl = kernel().getFl(fd);
        return fl >= 0 && (fl & oNonblock) == 0 && kernel().setFl(fd, fl | oNonblock) == 0;
    }

    private static final boolean JDK_PARKS_ON_EAGAIN = !System.getProperty("java.specification.version", "")
            .startsWith("1.");

    private long sendLoop(FileChannel source, int inFd, long position, long count, WritableByteChannel target,
            int outFd, TransferGuard guard) throws IOException {
        TargetWait wait = new TargetWait(source, target, outFd, guard, this);
        long sent = 0;
        while (sent < count) {
            guard.check(sent);
            long n = sendOnce(outFd, inFd, position + sent, Math.min(count - sent, perCallCap()));
            if (n > 0) {
                sent += n;
            } else if (n == 0 || kernel.isError(n, PAST_LARGEST_FILE)) {
                break;
            } else if (n == eagain) {
                sent += wait.await(position + sent, sent);
            } else if (sent == 0 && kernel.isError(n, SENDFILE_CANNOT_SERVE)) {
                return ChannelCopier.copy(source, position, count, target);
            } else {
                throw error("sendfile", n, outFd, inFd, sent, null);
            }
        }
        return sent;
    }

    @Override
    public Map<String, String> details() {
        Map<String, String> m = new LinkedHashMap<>();
        LoadedLibrary lib = loaded;
        m.put("gateway", gateway);
        K k = kernel;
        m.put("library", lib != null ? lib.path()
                : k != null && k.gateway() != NativeIo.INSTANCE ? "(none needed)" : "(not loaded)");
        m.put("library.source", lib == null ? "-" : lib.source());
        m.put("library.sha256", lib == null ? "-" : lib.sha256());
        m.put("architectures", String.join(" ", arches));
        return m;
    }

    /**
     * @param values the elements
     * @return an unmodifiable list of {@code values}
     */
    protected static List<String> list(String... values) {
        return Collections.unmodifiableList(Arrays.asList(values));
    }
}
