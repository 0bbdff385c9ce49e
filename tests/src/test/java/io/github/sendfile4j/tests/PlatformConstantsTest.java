package io.github.sendfile4j.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sendfile4j.SendFlag;
import io.github.sendfile4j.darwin.DarwinConstants;
import io.github.sendfile4j.freebsd.FreeBsdConstants;
import io.github.sendfile4j.linux.LinuxConstants;
import io.github.sendfile4j.unix.ConstantsTable;
import io.github.sendfile4j.unix.ErrnoTable;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Each platform's constants are typed once, in its {@code constants.txt} (each line citing the header it
 * comes from: FreeBSD 14 tree, XNU xnu-11417.101.15, Linux uapi and glibc). Everything else is checked
 * against those tables here: the Java constants classes, their errno tables, and the definitions that
 * native/src/config.h must write out for the FreeBSD and macOS builds (which have no target headers).
 * Linux's table is also checked against the real system headers, by {@link LinuxConstantsTest}.
 */
class PlatformConstantsTest {
    static final ConstantsTable LINUX = ConstantsTable.read(LinuxConstants.class.getResourceAsStream("constants.txt"), "LinuxConstants");
    static final ConstantsTable FREEBSD = ConstantsTable.read(FreeBsdConstants.class.getResourceAsStream("constants.txt"), "FreeBsdConstants");
    static final ConstantsTable DARWIN = ConstantsTable.read(DarwinConstants.class.getResourceAsStream("constants.txt"), "DarwinConstants");

    @Test
    void javaConstantsAreTheTables() throws Exception {
        assertFieldsMatch(LinuxConstants.class, LINUX, LinuxConstants.ERRNO);
        assertFieldsMatch(FreeBsdConstants.class, FREEBSD, FreeBsdConstants.ERRNO);
        assertFieldsMatch(DarwinConstants.class, DARWIN, DarwinConstants.ERRNO);
    }

    private static void assertFieldsMatch(Class<?> c, ConstantsTable table, ErrnoTable errno) throws Exception {
        int checked = 0;
        for (Field f : c.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && (f.getType() == int.class || f.getType() == long.class)) {
                assertEquals(table.value(f.getName()), ((Number) f.get(null)).longValue(), c.getSimpleName() + "." + f.getName());
                checked++;
            }
        }
        assertTrue(checked >= 7, c + ": " + checked);
        Map<String, Long> fromTable = new TreeMap<>();
        table.asMap().forEach((k, v) -> {
            if (k.startsWith("E")) {
                fromTable.put(k, v);
            }
        });
        Map<String, Long> inJava = new TreeMap<>();
        errno.asMap().forEach((k, v) -> inJava.put(k, (long) v));
        assertEquals(fromTable, inJava);
        assertTrue(inJava.size() >= 28, "errnos in " + c.getSimpleName());
    }

    /** config.h's BSD half: shared definitions, then a FreeBSD branch, then a macOS branch. */
    @Test
    void configHeaderDefinitionsAreTheTables() throws Exception {
        List<String> lines = Files.readAllLines(Paths.get("../native/src/config.h"), StandardCharsets.US_ASCII);
        Pattern define = Pattern.compile("^#\\s*define\\s+(\\w+)\\s+(0x[0-9a-fA-F]+|\\d+)\\b.*");
        String section = "linux";
        List<String> checked = new ArrayList<>();
        for (String line : lines) {
            String t = line.replaceAll("\\s+", " ").trim();
            if (t.equals("#else") && section.equals("linux")) {
                section = "bsd";
            } else if (t.startsWith("# if defined(SF4J_FREEBSD)")) {
                section = "freebsd";
            } else if (t.equals("# else") && section.equals("freebsd")) {
                section = "darwin";
            } else if (t.startsWith("# endif") && section.equals("darwin")) {
                section = "done";
            }
            Matcher m = define.matcher(line);
            if (!m.matches() || section.equals("linux") || section.equals("done") || m.group(1).startsWith("SF4J_")) {
                continue;
            }
            long value = m.group(2).startsWith("0x") ? Long.parseLong(m.group(2).substring(2), 16) : Long.parseLong(m.group(2));
            if (!section.equals("darwin")) {
                assertEquals(FREEBSD.value(m.group(1)), value, "config.h " + section + ": " + m.group(1) + " vs FreeBSD table");
            }
            if (!section.equals("freebsd")) {
                assertEquals(DARWIN.value(m.group(1)), value, "config.h " + section + ": " + m.group(1) + " vs macOS table");
            }
            checked.add(section + ":" + m.group(1));
        }
        // The C interprets no errno (Kernel does, in Java), so config.h defines none: only what the calls take.
        assertTrue(checked.contains("bsd:F_GETFL") && checked.contains("bsd:POLLOUT")
                && checked.contains("freebsd:_SC_PAGESIZE") && checked.contains("darwin:F_DUPFD_CLOEXEC"),
                "sections found: " + checked);
        assertTrue(checked.size() >= 9, checked.toString());
    }

    @Test
    void everySendFlagHasAFreeBsdBitAndTheReadaheadPacks() {
        for (SendFlag f : SendFlag.values()) {
            int bit = FreeBsdConstants.valueOf(f);
            assertEquals(FREEBSD.value(f.name()), bit, f.name());
            assertEquals(1, Integer.bitCount(bit), f.name());
        }
        int flags = FreeBsdConstants.SF_NODISKIO | FreeBsdConstants.SF_NOCACHE;
        assertEquals((32 << 16) | flags, FreeBsdConstants.sfFlags(32, flags));
        assertEquals(0xffff0000 | FreeBsdConstants.SF_USER_READAHEAD,
                FreeBsdConstants.sfFlags(0xffff, FreeBsdConstants.SF_USER_READAHEAD));
    }

    @Test
    void errnoNamesResolveBothWays() {
        assertEquals("EAGAIN", FreeBsdConstants.ERRNO.name((int) FREEBSD.value("EAGAIN")));
        assertEquals("EOPNOTSUPP", DarwinConstants.ERRNO.name(102));
        assertEquals("ENOTSUP", DarwinConstants.ERRNO.name(45));
        assertEquals("E?250", DarwinConstants.ERRNO.name(250));
        assertFalse(LINUX.asMap().isEmpty());
    }

    @Test
    void aMalformedTableIsRefusedNamingTheLine() throws Exception {
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("X\t1\n", "want NAME<tab>VALUE<tab>SOURCE");
        bad.put("X\t1\ta.h\nX\t2\tb.h\n", "once");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            java.lang.reflect.Method parse = ConstantsTable.class.getDeclaredMethod("parse", String.class, java.io.InputStream.class);
            parse.setAccessible(true);
            Throwable t = org.junit.jupiter.api.Assertions.assertThrows(java.lang.reflect.InvocationTargetException.class,
                    () -> parse.invoke(null, "t.txt", new java.io.ByteArrayInputStream(e.getKey().getBytes(StandardCharsets.US_ASCII))));
            assertTrue(t.getCause().getMessage().contains(e.getValue()) && t.getCause().getMessage().contains("t.txt:"),
                    t.getCause().getMessage());
        }
    }
}
