package io.github.sendfile4j.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The library's own libc-level fault injection: FaultDriver in a child JVM whose system calls go through
 * the injection library (short counts, EINTR and EAGAIN with nothing done, errors after progress, in
 * sendfile, the header/trailer writes and copy_file_range), every operation checked against the contract's
 * model. The gateway is this JVM's: the JNI library, with the injection preloaded (LD_PRELOAD), or the FFM
 * gateway (in the run with -Dsendfile4j.gateway=ffm), which looks its symbols up in the injection library
 * first (-Dsendfile4j.ffm.symbols), since a preload cannot reach the linker's own lookup of libc. Each run
 * prints and asserts the gateway that served. Needs the native Linux provider and a C compiler.
 */
class FaultInjectionTest {
    static final long REQUIRED_FAULTS = 100_000;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "gateway {0}")
    @ValueSource(strings = {"jni", "ffm"})
    void everyInjectedFaultLeavesExactlyTheBytesTheResultsAccountFor(String gatewayAsked) throws Exception {
        assumeTrue(gatewayAsked.equals("jni") || Runtime.version().feature() >= 22, "the FFM gateway needs JDK 22+");
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
        boolean ffm = gatewayAsked.equals("ffm");
        List<String> jvmArgs = ffm
                ? List.of("--enable-native-access=ALL-UNNAMED", "--add-opens", "java.base/java.io=ALL-UNNAMED",
                        "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED", "-Dsendfile4j.gateway=ffm",
                        "-Dsendfile4j.ffm.symbols=" + lib)
                : List.of("-Xcheck:jni", "-Dsendfile4j.gateway=jni");
        long faults = 0;
        int runs = 0;
        String gateway = null;
        long t0 = System.nanoTime();
        for (int seed = 1; faults < REQUIRED_FAULTS && seed <= 20; seed++) {
            Path report = dir.resolve("faults-" + seed);
            Map<String, String> env = new HashMap<>(Map.of("SF4J_FAULT_SEED", String.valueOf(seed),
                    "SF4J_FAULT_REPORT", report.toString()));
            // Preloaded, the library sees every call of the JVM and touches only libsendfile4j's; looked up by
            // the FFM gateway, it sees the gateway's calls alone.
            env.put(ffm ? "SF4J_FAULT_EVERY_CALLER" : "LD_PRELOAD", ffm ? "1" : lib.toString());
            ChildJvm run = ChildJvm.run(env, jvmArgs, FaultDriver.class, file.toString(), "30000",
                    String.valueOf(seed));
            assertEquals(0, run.exitCode, run.toString());
            gateway = line(run.stdout, "gateway=");
            assertTrue(gateway.startsWith(ffm ? "ffm" : "jni"), run.toString());
            faults += Long.parseLong(Files.readString(report).trim());
            runs++;
        }
        System.out.println("[faults] gateway " + gateway + ", java " + System.getProperty("java.version") + ": "
                + faults + " injected faults in " + runs + " runs of 30000 operations, 0 mismatches, "
                + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0) + " ms");
        assertTrue(faults >= REQUIRED_FAULTS, "only " + faults + " faults injected");
    }

    private static String line(String stdout, String prefix) {
        for (String l : stdout.split("\n")) {
            if (l.startsWith(prefix)) {
                return l.substring(prefix.length());
            }
        }
        throw new AssertionError("no line " + prefix + " in " + stdout);
    }
}
