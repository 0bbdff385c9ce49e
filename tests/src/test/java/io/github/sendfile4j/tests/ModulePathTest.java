package io.github.sendfile4j.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The jars on the module path: real module descriptors with {@code provides} beside META-INF/services, no
 * package in two modules, and a JVM that finds the providers and loads the library from there. Two sets:
 * the per-platform jars together, and api + fallback + unix with the all-platform {@code sendfile4j-native}.
 */
class ModulePathTest {
    static final Path ROOT = Path.of(System.getProperty("user.dir")).getParent();

    static Path jar(String module) throws Exception {
        try (var s = Files.list(ROOT.resolve(module).resolve("target"))) {
            return s.filter(p -> p.getFileName().toString().matches("sendfile4j-[a-z0-9_-]+-[0-9][^-]*(-SNAPSHOT)?\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("no jar in " + module + "/target"));
        }
    }

    static Map<String, ModuleDescriptor> describe(List<Path> jars) {
        Map<String, ModuleDescriptor> byName = new HashMap<>();
        Map<String, String> packageOwner = new HashMap<>();
        for (ModuleReference ref : ModuleFinder.of(jars.toArray(new Path[0])).findAll()) {
            ModuleDescriptor d = ref.descriptor();
            byName.put(d.name(), d);
            for (String p : d.packages()) {
                String other = packageOwner.put(p, d.name());
                assertTrue(other == null, "package " + p + " is in " + other + " and " + d.name());
            }
        }
        assertEquals(jars.size(), byName.size(), "every jar is a module: " + byName.keySet());
        return byName;
    }

    static String run(List<Path> jars) throws Exception {
        String mp = jars.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
        Path testClasses = Path.of(ModulePathTest.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (Runtime.version().feature() >= 24) {
            cmd.add("--enable-native-access=ALL-UNNAMED,io.github.sendfile4j.unix,io.github.sendfile4j.natives");
        }
        cmd.addAll(List.of("--module-path", mp, "--add-modules", "ALL-MODULE-PATH", "-cp", testClasses.toString(),
                ExerciseNatives.class.getName()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("EXERCISED"), out);
        String expected = System.getProperty("sendfile4j.expectedProvider", "");
        if (!expected.isEmpty() && !expected.equals("fallback")) {
            assertTrue(out.contains("provider: " + expected), out);
        }
        return out;
    }

    @Test
    void perPlatformJarsAreRealModulesAndWorkTogether() throws Exception {
        assumeTrue(Files.isDirectory(ROOT.resolve("api/target")), "needs the reactor's packaged jars");
        List<Path> jars = new ArrayList<>();
        for (String m : new String[] {"api", "fallback", "unix", "linux", "linux-x86_64", "linux-aarch64", "darwin", "freebsd"}) {
            jars.add(jar(m));
        }
        Map<String, ModuleDescriptor> mods = describe(jars);
        for (String m : new String[] {"io.github.sendfile4j.fallback", "io.github.sendfile4j.linux",
            "io.github.sendfile4j.darwin", "io.github.sendfile4j.freebsd"}) {
            ModuleDescriptor d = mods.get(m);
            assertTrue(d != null && !d.isAutomatic(), m + " has a module descriptor");
            assertEquals(1, d.provides().size(), d.toString());
            assertEquals("io.github.sendfile4j.spi.SendfileProvider", d.provides().iterator().next().service());
        }
        assertTrue(mods.get("io.github.sendfile4j").uses().contains("io.github.sendfile4j.spi.SendfileProvider"));
        run(jars);
    }

    @Test
    void theAllPlatformJarWorksOnTheModulePath() throws Exception {
        assumeTrue(Files.isDirectory(ROOT.resolve("native-jar/target")), "needs the reactor's packaged jars");
        List<Path> jars = List.of(jar("api"), jar("fallback"), jar("unix"), jar("native-jar"));
        Map<String, ModuleDescriptor> mods = describe(jars);
        ModuleDescriptor natives = mods.get("io.github.sendfile4j.natives");
        assertTrue(natives != null, mods.keySet().toString());
        assertEquals(3, natives.provides().iterator().next().providers().size(), natives.toString());
        run(jars);
    }
}
