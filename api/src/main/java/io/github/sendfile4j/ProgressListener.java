package io.github.sendfile4j;

import java.io.IOException;

/**
 * Told how far a {@link Sendfile#copy} has got: after each piece of at most 16 MiB, and once at the end. Called
 * on the copying thread; keep it short. Throwing stops the copy, which then leaves no destination behind.
 */
@FunctionalInterface
public interface ProgressListener {
    /**
     * @param done  bytes copied so far
     * @param total bytes the copy will make in all, known at the start
     * @throws IOException to stop the copy; it is rethrown by {@code copy}
     */
    void progress(long done, long total) throws IOException;
}
