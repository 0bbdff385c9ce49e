package io.github.sendfile4j.cli.serve;

/**
 * The heap one event loop may spend on request heads larger than a connection's first buffer. Heads up to
 * 16 KiB are allowed, so without a bound 1024 slow clients could hold 16 MiB, more than the lean JVM's whole
 * heap; with it, the clients that would pass the bound get 431 instead of the server running out of memory.
 * Used by one loop's thread only.
 */
final class HeadBudget {
    /** What all loops together may hold in grown head buffers. */
    static final long TOTAL = 4L << 20;

    private final long limit;
    private long used;

    /** @param loops the number of event loops sharing {@link #TOTAL} */
    HeadBudget(int loops) {
        this.limit = TOTAL / loops;
    }

    /** @return whether {@code bytes} more fit; if so they are now held */
    boolean take(long bytes) {
        if (used + bytes > limit) {
            return false;
        }
        used += bytes;
        return true;
    }

    /** Returns bytes a connection held. */
    void give(long bytes) {
        used -= bytes;
    }
}
