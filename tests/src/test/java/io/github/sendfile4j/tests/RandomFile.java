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

    /** Selects the modelled platform first, where this JVM runs against a kernel model. */
    static RandomFile create(Path dir, String name, int size, long seed) throws IOException {
        ModelledPlatform.select();
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return new RandomFile(data, Files.write(dir.resolve(name), data));
    }
}
