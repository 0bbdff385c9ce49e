package io.github.sendfile4j.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.sendfile4j.spi.Platform;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's module ({@code requires io.github.sendfile4j}, nothing else) started the plain way, {@code java -p
 * JARS -m demo/demo.Main}, with no {@code --add-modules}, on this JVM (JDK 17 and 25 executions), for every
 * jar layout the README offers: the native provider must be chosen, silently. Without the native jar the
 * fallback serves and says so, once, with the fix. A fat jar that lost the native provider's services entry still
 * finds it.
 */
class PlainModulePathTest {
    private static final String FALLBACK_LINE = "sendfile4j: using the pure-Java fallback";

    @TempDir
    static Path dir;
    private static Path demo;

    @BeforeAll
    static void compileTheUsersModule() throws Exception {
        assumeTrue(Platform.current().classifier().equals("linux-x86_64"), "the layouts are checked on linux-x86_64");
        assumeTrue(Files.isDirectory(ModulePathTest.ROOT.resolve("native-jar/target")), "needs the packaged jars");
        Path src = Files.createDirectories(dir.resolve("src/demo"));
        Files.writeString(dir.resolve("src/module-info.java"), "module demo { requires io.github.sendfile4j; }\n");
        Files.writeString(src.resolve("Main.java"), String.join("\n",
                "package demo;",
                "import io.github.sendfile4j.Sendfile;",
                "import java.nio.file.Files;",
                "import java.nio.file.Path;",
                "public class Main {",
                "    public static void main(String[] args) throws Exception {",
                "        Path src = Files.write(Files.createTempFile(\"demo\", \".bin\"), new byte[100_000]);",
                "        Path dst = src.resolveSibling(src.getFileName() + \".copy\");",
                "        long n = Sendfile.copy(src, dst);",
                "        System.out.println(\"provider=\" + Sendfile.provider().name() + \" copied=\" + n);",
                "        Files.delete(src);",
                "        Files.delete(dst);",
                "    }",
                "}", ""));
        demo = dir.resolve("demo");
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--module-path",
                ModulePathTest.jar("api").toString(), "-d", demo.toString(), dir.resolve("src/module-info.java").toString(),
                src.resolve("Main.java").toString());
        assertEquals(0, rc, "the user's module compiles");
    }

    private static String[] run(Path... jars) throws Exception {
        return run(List.of(), jars);
    }

    private static String[] run(List<String> options, Path... jars) throws Exception {
        List<Path> path = new ArrayList<>(List.of(jars));
        path.add(demo);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(options);
        cmd.addAll(List.of("-p", path.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
                "-m", "demo/demo.Main"));
        Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("stderr.txt").toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out + Files.readString(dir.resolve("stderr.txt")));
        assertTrue(out.contains("copied=100000"), out);
        return new String[] {out, Files.readString(dir.resolve("stderr.txt"))};
    }

    private static Path nativeJar(String classifier) throws Exception {
        Path plain = ModulePathTest.jar("native-jar");
        String name = plain.getFileName().toString();
        return classifier == null ? plain : plain.resolveSibling(name.replace(".jar", "-" + classifier + ".jar"));
    }

    @Test
    void perPlatformJars() throws Exception {
        String[] r = run(ModulePathTest.jar("api"), ModulePathTest.jar("fallback"), ModulePathTest.jar("unix"),
                ModulePathTest.jar("linux"), ModulePathTest.jar("linux-x86_64"));
        assertTrue(r[0].contains("provider=linux"), r[0] + r[1]);
        assertTrue(!r[1].contains(FALLBACK_LINE), r[1]);
    }

    @Test
    void theAllPlatformJar() throws Exception {
        String[] r = run(ModulePathTest.jar("api"), ModulePathTest.jar("fallback"), ModulePathTest.jar("unix"),
                nativeJar(null));
        assertTrue(r[0].contains("provider=linux"), r[0] + r[1]);
        assertTrue(!r[1].contains(FALLBACK_LINE), r[1]);
    }

    @Test
    void theClassifierJar() throws Exception {
        String[] r = run(ModulePathTest.jar("api"), ModulePathTest.jar("fallback"), ModulePathTest.jar("unix"),
                nativeJar("linux-x86_64"));
        assertTrue(r[0].contains("provider=linux"), r[0] + r[1]);
        assertTrue(!r[1].contains(FALLBACK_LINE), r[1]);
    }

    @Test
    void withoutTheNativeJarTheFallbackServesAndSaysSoOnceWithTheFix() throws Exception {
        String[] r = run(ModulePathTest.jar("api"), ModulePathTest.jar("fallback"), ModulePathTest.jar("unix"),
                ModulePathTest.jar("linux"));
        assertTrue(r[0].contains("provider=fallback"), r[0] + r[1]);
        List<String> lines = r[1].lines().filter(l -> l.contains(FALLBACK_LINE)).collect(Collectors.toList());
        assertEquals(1, lines.size(), r[1]);
        assertTrue(lines.get(0).contains("linux-x86_64") && lines.get(0).contains("sendfile4j-native"), lines.get(0));
        // It is a System.Logger warning under a stable name: logging configuration silences it.
        Path config = Files.writeString(dir.resolve("logging.properties"), "io.github.sendfile4j.level = OFF\n");
        r = run(List.of("-Djava.util.logging.config.file=" + config), ModulePathTest.jar("api"),
                ModulePathTest.jar("fallback"), ModulePathTest.jar("unix"), ModulePathTest.jar("linux"));
        assertTrue(r[0].contains("provider=fallback") && !r[1].contains(FALLBACK_LINE), r[1]);
    }

    /** A fat jar whose builder kept the last META-INF/services file seen (here the fallback's) and no module-info. */
    @Test
    void aFatJarThatKeptOnlyOneServicesFileStillFindsTheNativeProvider() throws Exception {
        Path fat = dir.resolve("fat.jar");
        java.util.Set<String> seen = new java.util.HashSet<>();
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(fat))) {
            java.util.Map<String, byte[]> services = new java.util.HashMap<>();
            for (String m : new String[] {"api", "unix", "linux", "linux-x86_64", "fallback"}) {
                try (java.util.jar.JarFile jar = new java.util.jar.JarFile(ModulePathTest.jar(m).toFile())) {
                    for (java.util.jar.JarEntry e : java.util.Collections.list(jar.entries())) {
                        String n = e.getName();
                        if (n.startsWith("META-INF/services/")) {
                            services.put(n, jar.getInputStream(e).readAllBytes()); // the last one wins
                        } else if (!e.isDirectory() && !n.endsWith("module-info.class")
                                && !n.equals("META-INF/MANIFEST.MF") && seen.add(n)) {
                            out.putNextEntry(new java.util.jar.JarEntry(n));
                            out.write(jar.getInputStream(e).readAllBytes());
                        }
                    }
                }
            }
            for (java.util.Map.Entry<String, byte[]> e : services.entrySet()) {
                out.putNextEntry(new java.util.jar.JarEntry(e.getKey()));
                out.write(e.getValue());
            }
        }
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                fat + File.pathSeparator + demo, "demo.Main").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("provider=linux copied=100000") && !out.contains(FALLBACK_LINE), out);
    }

    /** A jlink image of the user's module with the all-platform module added: no jar at run time at all. */
    @Test
    void aJlinkImage() throws Exception {
        Path image = dir.resolve("image");
        String mp = String.join(File.pathSeparator, ModulePathTest.jar("api").toString(),
                ModulePathTest.jar("fallback").toString(), ModulePathTest.jar("unix").toString(),
                nativeJar(null).toString(), demo.toString());
        Process link = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jlink").toString(),
                "--module-path", mp, "--add-modules", "demo,io.github.sendfile4j.natives", "--output", image.toString())
                .redirectErrorStream(true).start();
        String linked = new String(link.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, link.waitFor(), linked);
        Process p = new ProcessBuilder(image.resolve("bin/java").toString(), "-m", "demo/demo.Main")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.contains("provider=linux copied=100000") && !out.contains(FALLBACK_LINE), out);
    }
}
