package io.github.sendfile4j.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * No public method of any sendfile4j jar can crash the JVM, whatever it is given: CrashSweep calls them
 * all with null, zero, negative, extreme and wrong-kind arguments in a child JVM under -Xcheck:jni (with
 * this execution's provider, so the native gateway is loaded where there is one).
 */
class PublicSurfaceCrashTest {
    @ParameterizedTest(name = "-Dsendfile4j.provider={0}")
    @ValueSource(strings = {"", "fallback"})
    void garbageInGivesExceptionsNeverACrash(String provider) throws Exception {
        ChildJvm run = ChildJvm.run(Arrays.asList("-Xcheck:jni", "-Dsendfile4j.provider=" + provider), CrashSweep.class);
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.stdout.contains("calls="), run.toString());
        System.out.println("[crash sweep] " + (provider.isEmpty() ? "the JVM's provider" : provider) + ": " + run.stdout.trim().replaceAll("(?s).*(calls=\\S+ classes=\\S+).*", "$1"));
    }
}
