package io.github.sendfile4j.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** Every jar on the module path at once: named modules, no split package, providers found, library loaded. */
class ModulePathTest {
    static Path jarOf(String className) throws Exception {
        return Path.of(Class.forName(className).getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    static Path jarWith(String resource) throws URISyntaxException {
        String u = ModulePathTest.class.getClassLoader().getResource(resource).toString();
        return Path.of(new java.net.URI(u.substring(4, u.indexOf("!/"))));
    }

    @Test
    void allJarsWorkTogetherOnTheModulePath() throws Exception {
        List<Path> jars = new ArrayList<>();
        for (String c : new String[] {"io.github.sendfile4j.Sendfile", "io.github.sendfile4j.fallback.FallbackProvider",
            "io.github.sendfile4j.unix.NativeIo", "io.github.sendfile4j.linux.LinuxSendfileProvider",
            "io.github.sendfile4j.darwin.DarwinSendfileProvider", "io.github.sendfile4j.freebsd.FreeBsdSendfileProvider"}) {
            jars.add(jarOf(c));
        }
        assumeTrue(jars.get(0).toString().endsWith(".jar"), "needs packaged jars (mvn verify), not class directories");
        jars.add(jarWith("META-INF/native/linux-x86_64/libsendfile4j.so"));
        jars.add(jarWith("META-INF/native/linux-aarch_64/libsendfile4j.so"));
        List<String> names = new ArrayList<>();
        for (Path j : jars) {
            try (JarFile jf = new JarFile(j.toFile())) {
                String name = jf.getManifest().getMainAttributes().getValue("Automatic-Module-Name");
                assertTrue(name != null && name.startsWith("io.github.sendfile4j"), j + ": " + name);
                names.add(name);
            }
        }
        assertEquals(names.size(), names.stream().distinct().count(), names.toString());
        StringBuilder mp = new StringBuilder();
        for (Path j : jars) {
            mp.append(mp.length() == 0 ? "" : java.io.File.pathSeparator).append(j);
        }
        Path testClasses = Path.of(ModulePathTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> args = List.of("--module-path", mp.toString(), "--add-modules", "ALL-MODULE-PATH",
                "-cp", testClasses.toString(), ExerciseNatives.class.getName());
        java.util.List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (Runtime.version().feature() >= 24) {
            cmd.add("--enable-native-access=ALL-UNNAMED,io.github.sendfile4j.unix");
        }
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        String expected = System.getProperty("sendfile4j.expectedProvider", "");
        if (!expected.isEmpty() && !expected.equals("fallback")) {
            assertTrue(out.contains("provider: " + expected), out);
        }
        assertTrue(out.contains("EXERCISED"), out);
    }
}
