package io.github.sendfile4j;

import io.github.sendfile4j.spi.SendfileProvider;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.List;

/**
 * Zero-copy transfer of file bytes: Python's {@code os.sendfile} and {@code socket.sendfile} for Java,
 * with one meaning on every platform. All methods are static and thread-safe.
 *
 * <p>The calls on raw descriptors ({@code sendfile}) make one system call for the file bytes (plus one
 * for headers and one for trailers) and may return less than asked; {@link #transfer} loops until done.
 * Descriptor numbers come from {@link FileDescriptors}.
 */
public final class Sendfile {
    /** As a {@code count}: send everything up to the end of the file. */
    public static final long TO_END_OF_FILE = Long.MAX_VALUE;

    private Sendfile() {
    }

    /**
     * Sends up to {@code count} bytes of the file {@code inFd}, starting at {@code offset}, to {@code outFd}.
     * The file position of {@code inFd} is neither used nor changed. Python's
     * {@code os.sendfile(out_fd, in_fd, offset, count)}.
     *
     * <p>A single call may send fewer bytes than requested: because the end of the file was reached,
     * because {@code outFd} is non-blocking and its buffer filled, or because the kernel caps one call
     * (0x7ffff000 bytes on Linux with 4 KiB pages). Call again from {@code offset + result} for the rest,
     * or use {@link #transfer}.
     *
     * @param outFd  the destination: a socket anywhere, any writable file or pipe on Linux
     * @param inFd   the source: a regular file opened for reading
     * @param offset the file offset of the first byte to send, {@code >= 0}; past the end of the file
     *               nothing is sent
     * @param count  the file bytes to send, {@code >= 0}; {@code 0} sends nothing, {@link #TO_END_OF_FILE}
     *               sends to the end of the file
     * @return the bytes written to {@code outFd}, possibly fewer than {@code count}; {@code 0} only when there
     *         was nothing to send (offset at or past the end of the file, or {@code count} is 0)
     * @throws IllegalArgumentException      if a descriptor, {@code offset} or {@code count} is negative
     * @throws SendfileException             if the system call fails; a non-blocking {@code outFd} whose
     *                                       buffer is full fails with {@code errnoName() == "EAGAIN"} only
     *                                       when nothing was sent
     * @throws UnsupportedOperationException if the provider in use has no raw-descriptor call (the pure-Java
     *                                       fallback); use {@link #transfer} with channels instead
     * @throws IOException                   if another I/O error occurs
     */
    public static long sendfile(int outFd, int inFd, long offset, long count) throws IOException {
        return calls().sendfile(outFd, inFd, offset, count);
    }

    /**
     * Sends up to {@code count} bytes from the current file position of {@code inFd} and advances that
     * position by the file bytes sent. Python's {@code os.sendfile(out_fd, in_fd, None, count)}; native on
     * Linux, emulated with {@code lseek} on the BSDs and macOS. Partial results as in
     * {@link #sendfile(int, int, long, long)}.
     *
     * @param outFd the destination
     * @param inFd  the source, a regular file
     * @param count file bytes to send, {@code >= 0}
     * @return the bytes written to {@code outFd}
     * @throws IllegalArgumentException      if a descriptor or {@code count} is negative
     * @throws SendfileException             if a system call fails ({@code "ESPIPE"} when {@code inFd} has no
     *                                       position); would-block only when nothing was sent
     * @throws UnsupportedOperationException if the provider in use has no raw-descriptor call
     * @throws IOException                   if another I/O error occurs
     */
    public static long sendfile(int outFd, int inFd, long count) throws IOException {
        return calls().sendfile(outFd, inFd, count);
    }

    /**
     * Sends the headers, up to {@code count} file bytes from {@code offset}, then the trailers. Each
     * buffer's position advances by the bytes taken from it. The trailers go only once every requested
     * file byte was sent, or the end of the file was reached. On Linux the headers are sent with
     * {@code MSG_MORE} so they share packets with the file; on FreeBSD all parts go in one system call.
     *
     * <p>Partial results: the return value counts header, file and trailer bytes together. Use the buffers'
     * {@code remaining()} to see what is left of headers and trailers; the file bytes sent are the result
     * minus the header and trailer bytes consumed.
     *
     * @param outFd   the destination
     * @param inFd    the source, a regular file
     * @param offset  the file offset, {@code >= 0}
     * @param count   file bytes only, {@code >= 0}; {@code 0} sends headers and trailers alone
     * @param options headers, trailers and flags
     * @return the bytes written to {@code outFd}: header + file + trailer bytes
     * @throws NullPointerException          if {@code options} is {@code null}
     * @throws IllegalArgumentException      if a descriptor, {@code offset} or {@code count} is negative
     * @throws UnsupportedOperationException if a flag is not supported by the provider in use (checked before
     *                                       any byte moves; see {@link SendfileProvider#supports})
     * @throws SendfileException             if a system call fails with nothing sent
     * @throws IOException                   if another I/O error occurs
     */
    public static long sendfile(int outFd, int inFd, long offset, long count, SendOptions options)
            throws IOException {
        return calls().sendfile(outFd, inFd, offset, count, options);
    }

    /**
     * Sends file bytes from {@code source}, starting at {@code position}, to {@code target} until
     * {@code count} bytes are sent or the end of the file is reached. Python's {@code socket.sendfile}.
     *
     * <p>Uses the fastest path the platform has: {@code sendfile}, or on Linux {@code copy_file_range} when
     * {@code target} is a file. Loops past every per-call cap. A non-blocking {@code target} is waited on
     * until writable. Falls back to a buffered copy only when the fast path fails before any byte was sent.
     * {@code source}'s position is never changed; a {@code FileChannel} target is written at, and advanced
     * from, its own position.
     *
     * <p>Concurrency, with the meaning of {@link java.nio.channels.InterruptibleChannel}: if another thread
     * closes {@code source} or {@code target} while this method runs, it ends with a
     * {@link TransferClosedException} (an {@link java.nio.channels.AsynchronousCloseException}); if this
     * thread is interrupted, before or during the call, {@code target} is closed and it ends with a
     * {@link TransferInterruptedException} (a {@link java.nio.channels.ClosedByInterruptException}), the
     * interrupt status still set. Both tell the file bytes already sent. The native providers work on
     * private duplicates of both descriptors, so no system call ever reaches a descriptor number after its
     * channel was closed, and they wait on a full target in slices of at most 50 ms, so either event ends a
     * wait promptly. On a virtual thread the wait parks it (the next few bytes go through
     * {@code target.write}); a close of the source alone then takes effect when {@code target} next accepts
     * bytes, as it does for the pure-Java provider, whose writes block in the JDK's channel.
     * To make its system calls interruptible, the native providers put a blocking socket or pipe
     * {@code target} in non-blocking mode underneath for the duration of the call (JDK 11 and later, whose
     * blocking channels wait correctly on such a descriptor; {@code isBlocking()} is unaffected).
     *
     * @param source   the file to read
     * @param position where to start, {@code >= 0}; past the end of the file nothing is sent
     * @param count    the most file bytes to send, {@code >= 0}; {@link #TO_END_OF_FILE} for all
     * @param target   a socket, pipe or file channel, or any writable channel
     * @return the file bytes sent, fewer than {@code count} only when the end of the file came first
     * @throws NullPointerException     if {@code source} or {@code target} is {@code null}
     * @throws IllegalArgumentException if {@code position} or {@code count} is negative, or {@code target} is a
     *                                  file opened for appending (whose position the kernel ignores)
     * @throws ClosedChannelException   if either channel is closed
     * @throws TransferClosedException  if another thread closed either channel during the transfer
     * @throws TransferInterruptedException if this thread was interrupted; {@code target} is then closed
     * @throws java.nio.channels.NonReadableChannelException if {@code source} was not opened for reading
     * @throws SendfileException        if a system call fails after the fast path started; {@code bytesSent()}
     *                                  says how far it got
     * @throws IOException              if another I/O error occurs
     */
    public static long transfer(FileChannel source, long position, long count, WritableByteChannel target)
            throws IOException {
        return calls().transfer(source, position, count, target);
    }

    /**
     * {@link #transfer(FileChannel, long, long, WritableByteChannel)} from a file named by its path, opened
     * for reading here and closed before this returns.
     *
     * @param source   the file to read
     * @param position where to start, {@code >= 0}
     * @param count    the most file bytes to send, {@code >= 0}; {@link #TO_END_OF_FILE} for all
     * @param target   a socket, pipe or file channel, or any writable channel
     * @return the file bytes sent, fewer than {@code count} only when the end of the file came first
     * @throws NullPointerException     if {@code source} or {@code target} is {@code null}
     * @throws IllegalArgumentException if {@code position} or {@code count} is negative
     * @throws java.nio.file.NoSuchFileException if {@code source} does not exist
     * @throws IOException              as the channel form, or if {@code source} cannot be opened
     */
    public static long transfer(Path source, long position, long count, WritableByteChannel target)
            throws IOException {
        return calls().transfer(source, position, count, target);
    }

    /**
     * Copies the file {@code source} to {@code target}, as {@code cp source target} does: {@code target} is
     * created, or replaced with its permissions kept; a symbolic link at {@code target} is written through.
     * The bytes move with {@link #transfer} ({@code copy_file_range} on Linux, within the kernel).
     * {@code target} appears complete or not at all: the bytes go to a temporary file beside it, flushed
     * to storage and renamed over it; on any failure the temporary file is removed and an existing
     * {@code target} is untouched.
     *
     * @param source the file to copy
     * @param target the file to create or replace
     * @return the bytes copied: the size of {@code source}
     * @throws NullPointerException if an argument is {@code null}
     * @throws java.nio.file.FileSystemException if {@code source} and {@code target} are the same file
     *         ("are the same file", as {@code cp} says), or either is a directory
     * @throws IOException if a file cannot be read, created or renamed, or a transfer fails
     */
    public static long copy(Path source, Path target) throws IOException {
        return calls().copy(source, 0, TO_END_OF_FILE, target, null);
    }

    /**
     * {@link #copy(Path, Path)} of a range of {@code source}, telling {@code listener} how far it got.
     *
     * @param source   the file to copy from
     * @param position where to start in {@code source}, {@code >= 0}; past its end nothing is copied
     * @param count    the most bytes to copy, {@code >= 0}; {@link #TO_END_OF_FILE} for all
     * @param target   the file to create or replace with the range
     * @param listener told the progress after each piece and at the end, or {@code null}; if it throws, the
     *                 copy stops, no {@code target} is left behind, and its exception is rethrown
     * @return the bytes copied, fewer than {@code count} only when the end of {@code source} came first
     * @throws NullPointerException     if {@code source} or {@code target} is {@code null}
     * @throws IllegalArgumentException if {@code position} or {@code count} is negative
     * @throws java.nio.file.FileSystemException as {@link #copy(Path, Path)}
     * @throws IOException              as {@link #copy(Path, Path)}, or what {@code listener} throws
     */
    public static long copy(Path source, long position, long count, Path target, ProgressListener listener)
            throws IOException {
        return calls().copy(source, position, count, target, listener);
    }

    /**
     * @return what the provider in use can do: ask this instead of testing its name
     * @throws IllegalStateException if no provider is available
     */
    public static Capabilities capabilities() {
        return calls().capabilities();
    }

    /**
     * @return the provider serving every call, chosen once on first use
     * @throws IllegalStateException if no provider is available (no fallback jar, or a forced provider failed)
     */
    public static SendfileProvider provider() {
        return calls().provider();
    }

    /**
     * @return the calls of this class, served by the provider chosen for this JVM ({@link #provider()})
     * @throws IllegalStateException if no provider is available
     */
    public static SendfileCalls calls() {
        return ProviderSelection.get().calls();
    }

    /**
     * The calls of this class served by {@code provider} instead of the one chosen for this JVM: to run code
     * against several providers in one JVM, as the project's own contract suite does. Nothing is chosen,
     * loaded or initialized here.
     *
     * @param provider a provider on which {@link SendfileProvider#initialize()} has succeeded
     * @return the calls, with every argument check and meaning documented here
     * @throws NullPointerException if {@code provider} is {@code null}
     */
    public static SendfileCalls using(SendfileProvider provider) {
        return new SendfileCalls(provider);
    }

    /** @return every discovered provider with the reason it was or was not chosen */
    public static List<ProviderStatus> providers() {
        return ProviderSelection.get().statuses;
    }

    /** @return several lines: platform, providers and reasons, library path and hash, supported flags */
    public static String diagnostics() {
        return Diagnostics.describe(ProviderSelection.get());
    }
}
