package io.github.sendfile4j.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The loader in real JVMs: where it extracts, how it verifies, how it moves past a noexec directory, and
 * that several JVMs and several class loaders can load the library at once. Runs where a native provider
 * is expected.
 */
class NativeLoaderTest {
    // The loader's documented system properties, spelled as users spell them.
    private static final String LIBRARY_PATH_PROPERTY = "sendfile4j.library.path";
    private static final String USE_LIBRARY_PATH_PROPERTY = "sendfile4j.useJavaLibraryPath";

    private static String sha256(Path file) throws Exception {
        StringBuilder hex = new StringBuilder();
        for (byte b : java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }

    static final String EXPECTED = System.getProperty("sendfile4j.expectedProvider", "");

    @TempDir
    Path dir;

    @BeforeAll
    static void nativeExpected() {
        assumeTrue(!EXPECTED.isEmpty() && !EXPECTED.equals("fallback"), "no native provider on this machine");
        assumeTrue(System.getProperty("os.name").equals("Linux"), "uses Linux paths (/proc, mount, .so names)");
    }

    static String line(String text, String key) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(key) + ": (.*)$").matcher(text);
        return m.find() ? m.group(1) : null;
    }

    static List<String> noLibraryPath(String... more) {
        List<String> args = new ArrayList<>(Arrays.asList("-D" + USE_LIBRARY_PATH_PROPERTY + "=false",
                "-Xcheck:jni"));
        args.addAll(Arrays.asList(more));
        return args;
    }

    @Test
    void extractsIntoAnOwnerOnlyDirectoryUnderVersionAndHashAndIsJniCheckClean() throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        ChildJvm run = ChildJvm.run(noLibraryPath("-Djava.io.tmpdir=" + tmp), ExerciseNatives.class);
        assertEquals(0, run.exitCode, run.toString());
        assertTrue(run.stdout.contains("EXERCISED"), run.toString());
        assertEquals(EXPECTED, line(run.stdout, "provider"), run.toString());
        Path lib = Path.of(line(run.stdout, "library"));
        String hash = line(run.stdout, "library.sha256");
        Path workdir = tmp.resolve("sendfile4j-" + System.getProperty("user.name"));
        assertEquals(workdir, lib.getParent(), run.toString());
        assertTrue(lib.getFileName().toString().matches("libsendfile4j-.+-" + hash.substring(0, 16) + "\\.so"),
                lib.toString());
        assertEquals(hash, sha256(lib));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(workdir)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(lib)));
        // -Xcheck:jni reports misuse on stderr; the library must cause none.
        for (String l : run.stderr.split("\n")) {
            assertFalse(l.contains("WARNING in native method") || l.contains("FATAL ERROR"), run.toString());
        }
        try (Stream<Path> files = Files.list(workdir)) {
            assertEquals(List.of(lib), files.collect(Collectors.toList()), "no temporary file may be left behind");
        }
    }

    @Test
    void severalJvmsExtractingAtOnceAllLoadTheSameVerifiedFile() throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        List<java.util.concurrent.CompletableFuture<ChildJvm>> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            runs.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return ChildJvm.run(noLibraryPath("-Djava.io.tmpdir=" + tmp), ExerciseNatives.class);
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            }));
        }
        java.util.Set<String> libraries = new java.util.HashSet<>();
        for (java.util.concurrent.CompletableFuture<ChildJvm> f : runs) {
            ChildJvm run = f.get();
            assertEquals(0, run.exitCode, run.toString());
            assertEquals(EXPECTED, line(run.stdout, "provider"), run.toString());
            libraries.add(line(run.stdout, "library"));
        }
        assertEquals(1, libraries.size(), libraries.toString());
        try (Stream<Path> files = Files.list(tmp.resolve("sendfile4j-" + System.getProperty("user.name")))) {
            assertEquals(1, files.count(), "one library file, no temporary file left behind");
        }
    }

    @Test
    void aTamperedExtractedCopyIsReplacedNotLoaded() throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        ChildJvm first = ChildJvm.run(noLibraryPath("-Djava.io.tmpdir=" + tmp), ExerciseNatives.class);
        Path lib = Path.of(line(first.stdout, "library"));
        Files.write(lib, "not a library".getBytes());
        ChildJvm second = ChildJvm.run(noLibraryPath("-Djava.io.tmpdir=" + tmp), ExerciseNatives.class);
        assertEquals(0, second.exitCode, second.toString());
        assertEquals(EXPECTED, line(second.stdout, "provider"), second.toString());
        assertEquals(line(first.stdout, "library.sha256"), sha256(lib));
    }

    @Test
    void aSymlinkAtTheExtractionPathIsReplacedNotFollowed() throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        ChildJvm first = ChildJvm.run(noLibraryPath("-Djava.io.tmpdir=" + tmp), ExerciseNatives.class);
        Path lib = Path.of(line(first.stdout, "library"));
        Path elsewhere = Files.copy(lib, dir.resolve("elsewhere.so"));
        Files.delete(lib);
        Files.createSymbolicLink(lib, elsewhere);
        ChildJvm second = ChildJvm.run(noLibraryPath("-Djava.io.tmpdir=" + tmp), ExerciseNatives.class);
        assertEquals(EXPECTED, line(second.stdout, "provider"), second.toString());
        assertFalse(Files.isSymbolicLink(lib), "the link must be replaced by a verified regular file");
        assertEquals(line(first.stdout, "library.sha256"), sha256(lib));
    }

    @Test
    void aLibraryFromTheLibraryPathIsMarkedUnverified() throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        ChildJvm first = ChildJvm.run(noLibraryPath("-Djava.io.tmpdir=" + tmp), ExerciseNatives.class);
        Path libDir = Files.createDirectory(dir.resolve("libpath"));
        Files.copy(Path.of(line(first.stdout, "library")), libDir.resolve("libsendfile4j.so"));
        ChildJvm run = ChildJvm.run(List.of("-Djava.library.path=" + libDir, "-Xcheck:jni"), ExerciseNatives.class);
        assertEquals(EXPECTED, line(run.stdout, "provider"), run.toString());
        assertTrue(line(run.stdout, "library.sha256").contains("not verified"), run.toString());
    }

    @Test
    void aDirectoryWritableByOthersIsRefusedAndTheNextOneUsed() throws Exception {
        Path shared = Files.createDirectory(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        ChildJvm run = ChildJvm.run(noLibraryPath("-Dsendfile4j.workdir=" + shared, "-Djava.io.tmpdir=" + tmp),
                ExerciseNatives.class);
        assertEquals(EXPECTED, line(run.stdout, "provider"), run.toString());
        assertTrue(line(run.stdout, "library").startsWith(tmp.toString()), run.toString());
    }

    @Test
    void aNoexecTmpMovesOnToTheUserCacheDirectory() throws Exception {
        Path noexec = Files.createDirectory(dir.resolve("noexec"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "noexec,size=8m", "tmpfs", noexec.toString())
                .redirectErrorStream(true).start();
        String why = new String(mount.getInputStream().readAllBytes());
        assumeTrue(mount.waitFor() == 0, "cannot mount a noexec tmpfs here: " + why);
        try {
            Path home = Files.createDirectory(dir.resolve("home"));
            ChildJvm run = ChildJvm.run(noLibraryPath("-Djava.io.tmpdir=" + noexec, "-Duser.home=" + home),
                    ExerciseNatives.class);
            assertEquals(EXPECTED, line(run.stdout, "provider"), run.toString());
            assertTrue(line(run.stdout, "library").startsWith(home.resolve(".cache/sendfile4j").toString()),
                    run.toString());
        } finally {
            new ProcessBuilder("umount", noexec.toString()).start().waitFor();
        }
    }

    @Test
    void whenEveryLocationFailsTheFallbackServesAndOneLineSaysWhyAndHowToFix() throws Exception {
        ChildJvm run = ChildJvm.run(noLibraryPath("-Dsendfile4j.workdir=/proc/sendfile4j",
                "-Djava.io.tmpdir=/proc", "-Duser.home=/proc"), ExerciseNatives.class, dir.toString());
        assertEquals(0, run.exitCode, run.toString());
        assertEquals("fallback", line(run.stdout, "provider"), run.toString());
        // A System.Logger warning: JUL's default format puts the message after "WARNING: " on its own line.
        List<String> lines = Arrays.stream(run.stderr.split("\n")).filter(l -> l.contains("sendfile4j: "))
                .collect(Collectors.toList());
        assertEquals(1, lines.size(), run.toString());
        assertTrue(lines.get(0).contains("fallback") && lines.get(0).contains("Fix"), lines.get(0));
        assertTrue(run.stdout.contains("cannot load the sendfile4j native library for"), run.toString());
    }

    @Test
    void anExplicitLibraryPathIsLoadedAsIs() throws Exception {
        Path tmp = Files.createDirectory(dir.resolve("tmp"));
        ChildJvm first = ChildJvm.run(noLibraryPath("-Djava.io.tmpdir=" + tmp), ExerciseNatives.class);
        Path copy = Files.copy(Path.of(line(first.stdout, "library")), dir.resolve("libsendfile4j.so"));
        ChildJvm run = ChildJvm.run(noLibraryPath("-D" + LIBRARY_PATH_PROPERTY + "=" + copy),
                ExerciseNatives.class);
        assertEquals(copy.toString(), line(run.stdout, "library"), run.toString());
        assertEquals("property", line(run.stdout, "library.source"), run.toString());
    }

    @Test
    void twoClassLoadersInOneJvmBothGetTheNativeProvider() throws Exception {
        List<URL> urls = new ArrayList<>();
        for (Class<?> c : new Class<?>[] {io.github.sendfile4j.Sendfile.class,
            io.github.sendfile4j.fallback.FallbackProvider.class, Class.forName("io.github.sendfile4j.unix.NativeIo"),
            Class.forName("io.github.sendfile4j.linux.LinuxSendfileProvider")}) {
            urls.add(c.getProtectionDomain().getCodeSource().getLocation());
        }
        for (String jar : new String[] {"META-INF/native/linux-x86_64/libsendfile4j.so",
            "META-INF/native/linux-aarch_64/libsendfile4j.so"}) {
            String u = getClass().getClassLoader().getResource(jar).toString();
            urls.add(new URL(u.startsWith("jar:") ? u.substring(4, u.indexOf("!/")) : u.substring(0, u.indexOf(jar))));
        }
        for (int i = 0; i < 2; i++) {
            try (URLClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]),
                    ClassLoader.getPlatformClassLoader())) {
                Class<?> sendfile = loader.loadClass("io.github.sendfile4j.Sendfile");
                Object provider = sendfile.getMethod("provider").invoke(null);
                String name = (String) provider.getClass().getMethod("name").invoke(provider);
                assertEquals(EXPECTED, name, (String) sendfile.getMethod("diagnostics").invoke(null));
            }
        }
    }
}
