package io.github.sendfile4j.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential fuzz of the real FreeBSD and macOS providers (shipped Java, shipped C) against the contract's
 * model, on the seeded kernel models of tests/src/test/c/bsd_kernel_model.c: partial counts beside
 * EAGAIN, EINTR and EBUSY, short passes, short and interrupted header/trailer writes, blocking and
 * non-blocking sockets. Each case is one FaultDriver operation: bytes on the wire, return value or
 * {@code bytesSent()}, buffer positions and target positions must agree with the model.
 */
class BsdKernelModelFuzzTest {
    static final int CASES = 21_000;
    static final int SEEDS = 3;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"freebsd", "darwin"})
    void providerAgreesWithTheContractOnEverySeededCase(String os) throws Exception {
        String models = System.getProperty("sendfile4j.models.dir", "");
        Path library = Paths.get(models, "libsendfile4j-" + os + "-model.so");
        assumeTrue(!models.isEmpty() && Files.isRegularFile(library), "kernel models not built (needs clang)");
        assumeTrue("linux".equals(System.getProperty("sendfile4j.expectedProvider"))
                && System.getProperty("sendfile4j.provider") == null, "runs once, from the native suite");
        byte[] data = new byte[200_000];
        new Random(7).nextBytes(data);
        Path file = Files.write(dir.resolve("source.bin"), data);
        long t0 = System.nanoTime();
        for (int seed = 1; seed <= SEEDS; seed++) {
            ChildJvm run = ChildJvm.run(Map.of("SF4J_MODEL_SEED", String.valueOf(seed)),
                    Arrays.asList("-Xcheck:jni", "-Dsendfile4j.models.dir=" + models),
                    FaultDriver.class, file.toString(), String.valueOf(CASES / SEEDS), String.valueOf(seed), os + "-model");
            assertEquals(0, run.exitCode, run.toString());
            assertTrue(run.stdout.contains("ops=" + CASES / SEEDS), run.toString());
        }
        System.out.println("[bsd fuzz] " + os + ": " + CASES + " cases in " + SEEDS + " seeds, 0 mismatches, "
                + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }
}
