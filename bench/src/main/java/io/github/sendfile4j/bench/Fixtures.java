package io.github.sendfile4j.bench;

import io.github.sendfile4j.cli.bench.BenchFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A real file of random bytes, every page data, removed when the JVM exits. */
final class Fixtures {
    private Fixtures() {
    }

    static Path file(long size) throws IOException {
        Path p = Files.createTempFile("sendfile4j-bench", ".bin");
        p.toFile().deleteOnExit();
        return BenchFiles.dense(p, size);
    }
}
