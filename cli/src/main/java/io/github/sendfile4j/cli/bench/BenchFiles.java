package io.github.sendfile4j.cli.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

/** The files the benchmarks read: the {@code bench} command's and the JMH module's. */
public final class BenchFiles {
    private BenchFiles() {
    }

    /**
     * @param p    the file to write
     * @param size its size
     * @return {@code p}, filled with seeded random bytes
     * @throws IOException if it cannot be written
     */
    public static Path random(Path p, int size) throws IOException {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return Files.write(p, b);
    }

    /**
     * A large file whose every page holds data: a sparse hole would let the kernel skip the reads.
     *
     * @param p    the file to write
     * @param size its size
     * @return {@code p}
     * @throws IOException if it cannot be written
     */
    public static Path dense(Path p, long size) throws IOException {
        byte[] chunk = new byte[1 << 20];
        new Random(3).nextBytes(chunk);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            for (long at = 0; at < size; at += chunk.length) {
                f.write(chunk, 0, (int) Math.min(chunk.length, size - at));
            }
        }
        return p;
    }

    /**
     * @param dir a directory to remove with everything in it
     * @throws IOException if it cannot be listed
     */
    public static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        }
    }
}
