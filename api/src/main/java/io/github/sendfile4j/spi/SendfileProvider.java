package io.github.sendfile4j.spi;

import io.github.sendfile4j.SendFlag;
import io.github.sendfile4j.SendOptions;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Map;

/**
 * An implementation of sendfile4j, found with {@link java.util.ServiceLoader}.
 *
 * <p>Construction must be cheap and must not load a native library: discovery instantiates every
 * provider on the class path. {@link #initialize()} loads what the provider needs and is called only on
 * the provider that may be chosen. {@link io.github.sendfile4j.Sendfile} checks every argument before
 * it calls a provider: descriptors and counts are non-negative, options non-null, every flag
 * {@linkplain #supports(SendFlag) supported}.
 */
public interface SendfileProvider {
    /** The {@code offset} value that asks for the source descriptor's own file position. */
    long CURRENT_POSITION = -1;

    /** @return a short stable name, such as {@code linux} or {@code fallback}, used to force a provider */
    String name();

    /**
     * @param platform the normalised platform of this JVM
     * @return whether this provider is built for {@code platform}; must not load anything
     */
    boolean matches(Platform platform);

    /**
     * Loads the provider's native library, if any. Called at most once, before any other call but
     * {@link #name()} and {@link #matches(Platform)}.
     *
     * @throws Exception why the provider cannot serve; recorded, never fatal
     */
    void initialize() throws Exception;

    /**
     * @param flag a flag
     * @return whether calls with {@code flag} are honoured with exactly its documented meaning
     */
    boolean supports(SendFlag flag);

    /**
     * The raw call behind {@link io.github.sendfile4j.Sendfile#sendfile(int, int, long, long, SendOptions)}.
     *
     * @param outFd   destination descriptor
     * @param inFd    source descriptor
     * @param offset  file offset, or {@link #CURRENT_POSITION}
     * @param count   file bytes to send, {@code Long.MAX_VALUE} for all up to end of file
     * @param options headers, trailers and supported flags
     * @return bytes written to {@code outFd}: headers, file and trailers
     * @throws IOException as documented by {@code Sendfile.sendfile}
     */
    long sendfile(int outFd, int inFd, long offset, long count, SendOptions options) throws IOException;

    /**
     * The implementation of {@link io.github.sendfile4j.Sendfile#transfer}; arguments are checked and
     * both channels were open when it was called.
     *
     * @param source   the file
     * @param position where to start in the file
     * @param count    file bytes to send at most
     * @param target   the destination
     * @return the file bytes sent
     * @throws IOException as documented by {@code Sendfile.transfer}
     */
    long transfer(FileChannel source, long position, long count, WritableByteChannel target) throws IOException;

    /**
     * @param descriptorHolder a {@link java.io.FileDescriptor}, a JDK channel or file stream
     * @return its file descriptor number
     * @throws IOException if the holder is closed or has no descriptor
     * @throws UnsupportedOperationException if this provider cannot read descriptors
     */
    int descriptor(Object descriptorHolder) throws IOException;

    /**
     * @param fd a descriptor
     * @return whether {@code fd} is in blocking mode
     * @throws IOException if {@code fd} is not valid
     */
    boolean isBlocking(int fd) throws IOException;

    /**
     * @param fd       a descriptor
     * @param blocking the mode to set
     * @throws IOException if {@code fd} is not valid
     */
    void setBlocking(int fd, boolean blocking) throws IOException;

    /** @return facts for diagnostics, such as the loaded library's path and SHA-256, in a stable order */
    Map<String, String> details();

    /**
     * {@link #transfer} from a file to a file that leaves the source's holes unwritten, as {@code cp
     * --sparse=auto} does, where the kernel reports them ({@code SEEK_DATA}/{@code SEEK_HOLE}): the target's
     * position moves past a hole without writing it, so its size grows only with the data written and the
     * caller sets the final length. For a source channel private to the caller: finding the holes moves its
     * file offset. The default copies every byte.
     *
     * @param source   the file to read, private to the caller
     * @param position where to start
     * @param count    the most bytes to copy, within the file
     * @param target   the file to write, at and from its position
     * @return the bytes of the range covered, holes included: {@code count} unless the file ended first
     * @throws IOException as {@link #transfer}
     */
    default long copyKeepingHoles(FileChannel source, long position, long count, FileChannel target)
            throws IOException {
        return transfer(source, position, count, target);
    }

    /**
     * Asks the kernel to start reading a range of a file into memory and returns without waiting
     * ({@code posix_fadvise(WILLNEED)} on Linux), so that a read that follows waits for all of it at once
     * instead of one piece after another. A hint: the default does nothing.
     *
     * @param file   the file
     * @param offset the first byte, {@code >= 0}
     * @param length the bytes, {@code >= 0}
     * @return whether the kernel was asked
     * @throws IOException if the file's descriptor cannot be had (a closed channel)
     */
    default boolean prefetch(FileChannel file, long offset, long length) throws IOException {
        return false;
    }

    /** What {@link #sendfileNonBlocking} returns when the target is full and nothing was sent. */
    long WOULD_BLOCK = -1;

    /**
     * {@link #sendfile} for event loops, where a full target is the normal case: returns {@link #WOULD_BLOCK}
     * instead of throwing EAGAIN, so that a loop that finds its socket full allocates nothing. The default
     * catches the exception; providers override it to never make one.
     *
     * @param outFd   the destination, normally non-blocking
     * @param inFd    the source file
     * @param offset  the file offset, or {@link #CURRENT_POSITION}
     * @param count   file bytes only, already checked by the caller
     * @param options headers, trailers and flags, flags already checked against {@link #supports}
     * @return the bytes written (header + file + trailer), or {@link #WOULD_BLOCK}
     * @throws IOException as {@link #sendfile}, except a would-block error with nothing sent
     */
    default long sendfileNonBlocking(int outFd, int inFd, long offset, long count, SendOptions options)
            throws IOException {
        try {
            return sendfile(outFd, inFd, offset, count, options);
        } catch (io.github.sendfile4j.SendfileException e) {
            if (e.isWouldBlock()) {
                return WOULD_BLOCK;
            }
            throw e;
        }
    }

    /**
     * @return what this provider can do; the default describes a provider with raw calls on sockets only and
     *         no per-call bound
     */
    default io.github.sendfile4j.Capabilities capabilities() {
        return new io.github.sendfile4j.Capabilities(true, false, false, supportedFlags(this), Long.MAX_VALUE);
    }

    /**
     * @param provider a provider
     * @return the flags it {@link #supports}
     */
    static java.util.Set<SendFlag> supportedFlags(SendfileProvider provider) {
        java.util.Set<SendFlag> flags = java.util.EnumSet.noneOf(SendFlag.class);
        for (SendFlag f : SendFlag.values()) {
            if (provider.supports(f)) {
                flags.add(f);
            }
        }
        return flags;
    }
}
