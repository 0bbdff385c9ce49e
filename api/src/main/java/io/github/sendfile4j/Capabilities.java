package io.github.sendfile4j;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * What the provider in use can do, so that code asks for a capability instead of testing a provider's
 * name. Obtained from {@link Sendfile#capabilities()}.
 */
public final class Capabilities {
    private final boolean rawDescriptors;
    private final boolean fileTargets;
    private final boolean kernelHeaders;
    private final Set<SendFlag> flags;
    private final long perCallCap;

    /**
     * @param rawDescriptors whether the raw {@code sendfile} calls and {@link FileDescriptors} work
     * @param fileTargets    whether the raw call accepts a regular file as {@code outFd}
     * @param kernelHeaders  whether headers travel inside the kernel's sendfile call itself
     * @param flags          the flags honoured with exactly their documented meaning; copied
     * @param perCallCap     the most file bytes one kernel call moves ({@code Long.MAX_VALUE} when unbounded)
     */
    public Capabilities(boolean rawDescriptors, boolean fileTargets, boolean kernelHeaders, Set<SendFlag> flags,
            long perCallCap) {
        this.rawDescriptors = rawDescriptors;
        this.fileTargets = fileTargets;
        this.kernelHeaders = kernelHeaders;
        this.flags = Collections.unmodifiableSet(flags.isEmpty() ? EnumSet.noneOf(SendFlag.class) : EnumSet.copyOf(flags));
        this.perCallCap = perCallCap;
    }

    /** @return whether the raw {@code Sendfile.sendfile} calls and {@link FileDescriptors} are available */
    public boolean rawDescriptors() {
        return rawDescriptors;
    }

    /** @return whether the raw call may write to a regular file (Linux), not only to a socket */
    public boolean fileTargets() {
        return fileTargets;
    }

    /**
     * @return whether headers go inside the kernel's sendfile call (FreeBSD's {@code sf_hdtr}); elsewhere they
     *         are a separate write just before it, which Linux joins to the file's first packets
     *         ({@code MSG_MORE}). Trailers are always written after the file part by the library: no kernel
     *         orders them reliably after a partial file send.
     */
    public boolean kernelHeaders() {
        return kernelHeaders;
    }

    /** @return the flags honoured with exactly their documented meaning; the others are refused */
    public Set<SendFlag> flags() {
        return flags;
    }

    /** @return the most file bytes one kernel call moves, {@code Long.MAX_VALUE} when the kernel sets no bound */
    public long perCallCap() {
        return perCallCap;
    }

    @Override
    public String toString() {
        return "Capabilities[rawDescriptors=" + rawDescriptors + ", fileTargets=" + fileTargets + ", kernelHeaders="
                + kernelHeaders + ", flags=" + flags + ", perCallCap=" + perCallCap + "]";
    }
}
