package io.github.sendfile4j;

/**
 * What the provider in use can do, so that code asks for a capability instead of testing a provider's
 * name. Obtained from {@link Sendfile#capabilities()}.
 */
public final class Capabilities {
    private final boolean rawDescriptors;
    private final boolean fileTargets;
    private final long perCallCap;

    /**
     * @param rawDescriptors whether the raw {@code sendfile} calls and {@link FileDescriptors} work
     * @param fileTargets    whether the raw call accepts a regular file as {@code outFd}
     * @param perCallCap     the most file bytes one kernel call moves ({@code Long.MAX_VALUE} when unbounded)
     */
    public Capabilities(boolean rawDescriptors, boolean fileTargets, long perCallCap) {
        this.rawDescriptors = rawDescriptors;
        this.fileTargets = fileTargets;
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
     * @param flag a flag
     * @return whether calls with {@code flag} are honoured with exactly its documented meaning
     */
    public boolean supports(SendFlag flag) {
        return Sendfile.provider().supports(flag);
    }

    /** @return the most file bytes one kernel call moves, {@code Long.MAX_VALUE} when the kernel sets no bound */
    public long perCallCap() {
        return perCallCap;
    }

    @Override
    public String toString() {
        return "Capabilities[rawDescriptors=" + rawDescriptors + ", fileTargets=" + fileTargets + ", perCallCap="
                + perCallCap + "]";
    }
}
