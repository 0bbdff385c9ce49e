package io.github.sendfile4j.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library's own libc-level fault injection: FaultDriver in a child JVM with the injection library
 * preloaded (short counts, EINTR and EAGAIN with nothing done, errors after progress, in sendfile, the
 * header/trailer writes and copy_file_range), every operation checked against the contract's model.
 * Needs the native Linux provider and a C compiler (CI installs one).
 */
class FaultInjectionTest {
    static final long REQUIRED_FAULTS = 100_000;

    @TempDir
    Path dir;

    @Test
    void everyInjectedFaultLeavesExactlyTheBytesTheResultsAccountFor() throws Exception {
        assumeTrue("linux".equals(System.getProperty("sendfile4j.expectedProvider"))
                && System.getProperty("sendfile4j.provider") == null, "needs the native Linux provider");
        assumeTrue(System.getProperty("os.arch").equals("amd64"), "the injection library is built for the host");
        assumeTrue(Files.isExecutable(Paths.get("/usr/bin/cc")), "needs a C compiler (CI installs one)");
        Path lib = dir.resolve("libfault.so");
        Process cc = new ProcessBuilder("cc", "-shared", "-fPIC", "-O2", "-Wall", "-Werror", "-o", lib.toString(),
                Paths.get("src/test/c/fault_inject.c").toAbsolutePath().toString(), "-ldl").inheritIO().start();
        assertTrue(cc.waitFor(60, TimeUnit.SECONDS) && cc.exitValue() == 0, "cc failed");
        byte[] data = new byte[200_000];
        new Random(11).nextBytes(data);
        Path file = Files.write(dir.resolve("source.bin"), data);
        long faults = 0;
        int runs = 0;
        long t0 = System.nanoTime();
        for (int seed = 1; faults < REQUIRED_FAULTS && seed <= 20; seed++) {
            Path report = dir.resolve("faults-" + seed);
            ChildJvm run = ChildJvm.run(Map.of("LD_PRELOAD", lib.toString(), "SF4J_FAULT_SEED", String.valueOf(seed),
                    "SF4J_FAULT_REPORT", report.toString()), List.of("-Xcheck:jni"), FaultDriver.class,
                    file.toString(), "30000", String.valueOf(seed));
            assertEquals(0, run.exitCode, run.toString());
            faults += Long.parseLong(Files.readString(report).trim());
            runs++;
        }
        System.out.println("[faults] " + faults + " injected faults in " + runs + " runs of 30000 operations, "
                + "0 mismatches, " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
        assertTrue(faults >= REQUIRED_FAULTS, "only " + faults + " faults injected");
    }
}
