package io.github.sendfile4j.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** A file of seeded random bytes, and the bytes, for tests that compare what arrived. */
final class RandomFile {
    final byte[] data;
    final Path path;

    private RandomFile(byte[] data, Path path) {
        this.data = data;
        this.path = path;
    }

    static RandomFile create(Path dir, String name, int size, long seed) throws IOException {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return new RandomFile(data, Files.write(dir.resolve(name), data));
    }
}
