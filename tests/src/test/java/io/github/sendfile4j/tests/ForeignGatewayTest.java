package io.github.sendfile4j.tests;

import static io.github.sendfile4j.tests.NativeLoaderTest.line;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.sendfile4j.Sendfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which gateway serves the Linux provider, and why: the FFM gateway on JDK 22+ when native access and the two
 * opened packages allow it (then no library is extracted or loaded), the JNI library otherwise, with the
 * missing options named. The build runs the whole suite once more with {@code sendfile4j.expectedGateway=ffm}.
 */
class ForeignGatewayTest {
    static final String EXPECTED_GATEWAY = System.getProperty("sendfile4j.expectedGateway", "");
    static final List<String> FFM_OPTIONS = List.of("--enable-native-access=ALL-UNNAMED",
            "--add-opens", "java.base/java.io=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED");

    @TempDir
    Path dir;

    @Test
    void theExpectedGatewayServesAndFfmLoadsNoLibrary() throws Exception {
        assumeTrue(!EXPECTED_GATEWAY.isEmpty(), "no gateway expected in this run");
        String gateway = Sendfile.provider().details().get("gateway");
        assertTrue(gateway.startsWith(EXPECTED_GATEWAY + " ("), Sendfile.diagnostics());
        if (EXPECTED_GATEWAY.equals("ffm")) {
            // Whether the process maps a library is asked of a child JVM (onJdk22AndLater...): this one runs the
            // JNI gateway's provider beside it (Providers).
            assertEquals("(none needed)", Sendfile.provider().details().get("library"), Sendfile.diagnostics());
        }
    }

    @Test
    void onJdk22AndLaterTheOptionsDecideAndAreNamed() throws Exception {
        assumeTrue(linuxNative() && Runtime.version().feature() >= 22, "the FFM gateway needs JDK 22+ on Linux");
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        List<String> base = List.of("-Djava.io.tmpdir=" + tmp, "-Dsendfile4j.gateway=auto");

        ChildJvm ffm = ChildJvm.run(concat(base, FFM_OPTIONS), ExerciseNatives.class, dir.toString());
        assertEquals(0, ffm.exitCode, ffm.toString());
        assertTrue(ffm.stdout.contains("EXERCISED"), ffm.toString());
        assertTrue(line(ffm.stdout, "gateway").startsWith("ffm (JDK "), ffm.toString());
        assertEquals("false", line(ffm.stdout, "library mapped"), ffm.toString());
        try (var files = Files.list(tmp)) {
            assertEquals(0, files.count(), "the FFM gateway extracted something into java.io.tmpdir");
        }

        ChildJvm jni = ChildJvm.run(base, ExerciseNatives.class, dir.toString());
        assertEquals(0, jni.exitCode, jni.toString());
        assertEquals("true", line(jni.stdout, "library mapped"), jni.toString());
        assertEquals("jni (the FFM gateway needs --add-opens java.base/java.io=ALL-UNNAMED"
                + " --add-opens java.base/sun.nio.ch=ALL-UNNAMED)", line(jni.stdout, "gateway"), jni.toString());

        ChildJvm forcedJni = ChildJvm.run(concat(concat(base, FFM_OPTIONS), List.of("-Dsendfile4j.gateway=jni")),
                ExerciseNatives.class, dir.toString());
        assertEquals("jni (-Dsendfile4j.gateway=jni)", line(forcedJni.stdout, "gateway"), forcedJni.toString());
    }

    @Test
    void ffmRequiredButNotAllowedFallsBackSayingWhy() throws Exception {
        assumeTrue(linuxNative() && Runtime.version().feature() >= 22, "the FFM gateway needs JDK 22+ on Linux");
        ChildJvm run = ChildJvm.run(List.of("-Dsendfile4j.gateway=ffm"), ExerciseNatives.class, dir.toString());
        assertEquals(0, run.exitCode, run.toString());
        assertEquals("fallback", line(run.stdout, "provider"), run.toString());
        assertTrue(run.stdout.contains("-Dsendfile4j.gateway=ffm, but the FFM gateway cannot serve: the FFM gateway"
                + " needs --add-opens java.base/java.io=ALL-UNNAMED"), run.toString());
    }

    @Test
    void aBadGatewayValueIsNamed() throws Exception {
        assumeTrue(linuxNative(), "the Linux provider chooses gateways");
        ChildJvm run = ChildJvm.run(List.of("-Dsendfile4j.gateway=panama"), ExerciseNatives.class, dir.toString());
        assertEquals("fallback", line(run.stdout, "provider"), run.toString());
        assertTrue(run.stdout.contains("-Dsendfile4j.gateway must be auto, ffm or jni, was 'panama'"), run.toString());
    }

    private static boolean linuxNative() {
        return "linux".equals(System.getProperty("sendfile4j.expectedProvider"))
                && System.getProperty("sendfile4j.provider") == null;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
