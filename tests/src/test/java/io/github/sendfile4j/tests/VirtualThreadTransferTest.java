package io.github.sendfile4j.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** Virtual threads (JDK 21+) with a scheduler of two carriers that cannot grow; see VirtualThreadScenario. */
class VirtualThreadTransferTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "-Dsendfile4j.provider={0}")
    @ValueSource(strings = {"", "fallback"})
    void transfersOnVirtualThreadsDeliverEverythingAndPark(String forced) throws Exception {
        assumeTrue(Runtime.version().feature() >= 21, "virtual threads need JDK 21");
        byte[] data = new byte[24 << 20];
        new Random(3).nextBytes(data);
        Path file = Files.write(dir.resolve("body.bin"), data);
        List<String> jvm = new ArrayList<>(List.of("-Djdk.virtualThreadScheduler.parallelism=2",
                "-Djdk.virtualThreadScheduler.maxPoolSize=2", "-Xcheck:jni"));
        if (!forced.isEmpty()) {
            jvm.add("-Dsendfile4j.provider=" + forced);
        }
        ChildJvm child = ChildJvm.run(jvm, VirtualThreadScenario.class, file.toString());
        System.out.println("[virtual threads] " + (forced.isEmpty() ? "the JVM's provider" : forced) + ": " + child.stdout.trim());
        assertEquals(0, child.exitCode, child.toString());
        assertTrue(child.stdout.contains("third virtual thread ran: true"), child.toString());
    }
}
