package io.github.sendfile4j.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The GraalVM reachability metadata in the jars (META-INF/native-image/io.github.sendfile4j/...) covers what
 * exists: every native method of the JNI gateway and every field the C code reads, every resource the
 * library loads (native libraries, their hashes, the constants tables, the version), every class made by
 * reflection. A native method or resource added without metadata fails here. (No native-image build runs.)
 */
class NativeImageMetadataTest {
    private static final String[] MODULES = {"api", "fallback", "unix", "linux", "linux-x86_64", "linux-aarch64",
        "darwin", "freebsd"};

    private static String metadata(String file) throws Exception {
        StringBuilder all = new StringBuilder();
        for (String m : MODULES) {
            try (JarFile jar = new JarFile(ModulePathTest.jar(m).toFile())) {
                for (JarEntry e : Collections.list(jar.entries())) {
                    if (e.getName().startsWith("META-INF/native-image/") && e.getName().endsWith("/" + file)) {
                        all.append(new String(jar.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
        return all.toString();
    }

    @Test
    void everyNativeMethodAndReadFieldIsRegisteredForJni() throws Exception {
        assumeTrue(Files.isDirectory(ModulePathTest.ROOT.resolve("unix/target")), "needs the packaged jars");
        String jni = metadata("jni-config.json");
        int natives = 0;
        for (Method m : Class.forName("io.github.sendfile4j.unix.NativeIo").getDeclaredMethods()) {
            if (Modifier.isNative(m.getModifiers())) {
                natives++;
                assertTrue(jni.contains("\"name\": \"" + m.getName() + "\""), "jni-config.json lacks " + m.getName());
            }
        }
        assertTrue(natives >= 17, "natives found: " + natives);
        // The classes whose fd field the C code reads (native/src/sendfile4j.c, holder_class_names).
        String c = Files.readString(ModulePathTest.ROOT.resolve("native/src/sendfile4j.c"));
        Matcher holders = Pattern.compile("\"((?:java/io|sun/nio/ch)/[A-Za-z]+)\"").matcher(c);
        while (holders.find()) {
            String name = holders.group(1).replace('/', '.');
            assertTrue(jni.contains("\"name\": \"" + name + "\""), "jni-config.json lacks " + name);
        }
    }

    @Test
    void everyResourceTheLibraryLoadsIsIncluded() throws Exception {
        assumeTrue(Files.isDirectory(ModulePathTest.ROOT.resolve("api/target")), "needs the packaged jars");
        List<Pattern> patterns = new ArrayList<>();
        Matcher m = Pattern.compile("\"pattern\": \"((?:[^\"\\\\]|\\\\.)*)\"").matcher(metadata("resource-config.json"));
        while (m.find()) {
            patterns.add(Pattern.compile(m.group(1).replace("\\\\", "\\")));
        }
        int checked = 0;
        for (String module : MODULES) {
            Path jarPath = ModulePathTest.jar(module);
            try (JarFile jar = new JarFile(jarPath.toFile())) {
                for (JarEntry e : Collections.list(jar.entries())) {
                    String n = e.getName();
                    if (e.isDirectory() || n.endsWith(".class") || n.startsWith("META-INF/maven/")
                            || n.startsWith("META-INF/native-image/") || n.startsWith("META-INF/services/")
                            || n.equals("META-INF/MANIFEST.MF") || n.equals("META-INF/LICENSE")) {
                        continue; // services files are GraalVM's own business; the others are never loaded
                    }
                    checked++;
                    assertTrue(patterns.stream().anyMatch(p -> p.matcher(n).matches()),
                            n + " in " + jarPath.getFileName() + " is in no resource-config.json pattern " + patterns);
                }
            }
        }
        assertTrue(checked >= 10, "resources checked: " + checked);
    }

    @Test
    void everyClassMadeByReflectionIsRegistered() throws Exception {
        assumeTrue(Files.isDirectory(ModulePathTest.ROOT.resolve("api/target")), "needs the packaged jars");
        String reflect = metadata("reflect-config.json");
        Field known = Class.forName("io.github.sendfile4j.ProviderSelection").getDeclaredField("KNOWN_PROVIDERS");
        known.setAccessible(true);
        for (String name : (String[]) known.get(null)) {
            assertTrue(reflect.contains("\"name\": \"" + name + "\""), "reflect-config.json lacks " + name);
        }
        assertTrue(reflect.contains("\"name\": \"java.lang.System$Logger\""), "the logger is reached reflectively");
    }
}
