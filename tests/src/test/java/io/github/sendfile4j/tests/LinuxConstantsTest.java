package io.github.sendfile4j.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.sendfile4j.linux.LinuxConstants;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every Linux constant and errno number of linux/.../constants.txt, against the system headers, compiled and run
 * here; and against the headers of every architecture the FFM gateway serves, compiled for each by clang.
 */
class LinuxConstantsTest {
    @TempDir
    Path dir;

    @Test
    void theTableEqualsTheSystemHeaders() throws Exception {
        assumeTrue(System.getProperty("os.name").equals("Linux"));
        // The table is the one source; PlatformConstantsTest checks the Java constants against it.
        Map<String, Long> java = new LinkedHashMap<>(
                io.github.sendfile4j.unix.ConstantsTable.read(LinuxConstants.class.getResourceAsStream("constants.txt"), "LinuxConstants").asMap());
        StringBuilder c = new StringBuilder(HEADERS + "#include <stdio.h>\nint main(void) {\n");
        for (String name : java.keySet()) {
            c.append("  printf(\"").append(name).append(" %ld\\n\", (long) ").append(name).append(");\n");
        }
        c.append("  return 0;\n}\n");
        Path src = Files.writeString(dir.resolve("consts.c"), c.toString());
        Path exe = dir.resolve("consts");
        Process cc = new ProcessBuilder("cc", "-o", exe.toString(), src.toString()).redirectErrorStream(true).start();
        String ccOut = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assumeTrue(cc.waitFor() == 0 || !ccOut.contains("not found"), ccOut);
        assertEquals(0, cc.waitFor(), ccOut);
        Process run = new ProcessBuilder(exe.toString()).start();
        Map<String, Long> headers = new LinkedHashMap<>();
        for (String line : new String(run.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
            String[] kv = line.split(" ");
            headers.put(kv[0], Long.parseLong(kv[1]));
        }
        assertEquals(headers, java);
    }

    private static final String HEADERS = "#define _GNU_SOURCE\n#include <errno.h>\n#include <fcntl.h>\n"
            + "#include <limits.h>\n#include <sys/socket.h>\n#include <netinet/in.h>\n#include <netinet/tcp.h>\n"
            + "#include <poll.h>\n#include <unistd.h>\n#include <sys/syscall.h>\n#include <sys/ioctl.h>\n"
            + "#include <linux/sockios.h>\n#include <sys/stat.h>\n#include <stddef.h>\n"
            + "#define ST_SIZE_AT offsetof(struct stat, st_size)\n";

    /** A value clang emits for an element of a {@code long long} array, in each target's assembler syntax. */
    private static final Pattern EIGHT_BYTES = Pattern.compile("^\\s*\\.(?:quad|xword|dword|8byte)\\s+(-?\\d+)", Pattern.MULTILINE);

    /**
     * The FFM gateway serves these architectures with this one table, {@code copyFileRangeSyscall} and
     * {@code fadviseDontNeed}; no JVM of theirs runs here, so their own glibc and kernel headers (Debian's
     * libc6-dev-*-cross) are the proof. clang compiles an array of every value for the target; the assembly
     * it emits carries the numbers, so nothing of the target has to run.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"x86_64, amd64, /usr/include/x86_64-linux-gnu:/usr/include", "aarch64, aarch64, /usr/aarch64-linux-gnu/include",
            "riscv64, riscv64, /usr/riscv64-linux-gnu/include", "powerpc64le, ppc64le, /usr/powerpc64le-linux-gnu/include",
            "s390x, s390x, /usr/s390x-linux-gnu/include"})
    void everyFfmArchitectureSharesTheTable(String triple, String osArch, String includes) throws Exception {
        assumeTrue(System.getProperty("os.name").equals("Linux"));
        String[] dirs = includes.split(":");
        assumeTrue(Files.isDirectory(Paths.get(dirs[0])), "no " + dirs[0] + " (Debian: libc6-dev-" + triple + "-cross)");
        Map<String, Long> expected = new LinkedHashMap<>(
                io.github.sendfile4j.unix.ConstantsTable.read(LinuxConstants.class.getResourceAsStream("constants.txt"), "LinuxConstants").asMap());
        expected.put("POSIX_FADV_DONTNEED", (long) LinuxConstants.fadviseDontNeed(osArch));
        expected.put("SYS_copy_file_range", LinuxConstants.copyFileRangeSyscall(osArch));
        expected.put("SYS_fstat", LinuxConstants.fstatSyscall(osArch));
        expected.put("SIOCOUTQ", LinuxConstants.siocoutq(osArch));
        expected.put("ST_SIZE_AT", 48L);
        StringBuilder c = new StringBuilder(HEADERS + "long long sf4j_values[] = {\n");
        for (String name : expected.keySet()) {
            c.append("  ").append(name).append(",\n");
        }
        c.append("};\n");
        Path src = Files.writeString(dir.resolve("values-" + triple + ".c"), c.toString());
        String resourceDir;
        try {
            Process p = new ProcessBuilder("clang", "-print-resource-dir").start();
            resourceDir = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor();
        } catch (java.io.IOException e) {
            assumeTrue(false, "no clang: " + e.getMessage());
            return;
        }
        // Only the target's headers: without a cross gcc installed, clang would fall back to the host's.
        List<String> cmd = new ArrayList<>(Arrays.asList("clang", "--target=" + triple + "-linux-gnu", "-nostdinc",
                "-isystem", resourceDir + "/include"));
        for (String d : dirs) {
            cmd.add("-isystem");
            cmd.add(d);
        }
        cmd.addAll(Arrays.asList("-S", "-o", "-", src.toString()));
        Process clang = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String asm = new String(clang.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, clang.waitFor(), "clang --target=" + triple + "-linux-gnu failed on\n" + c);
        Map<String, Long> headers = new LinkedHashMap<>();
        Matcher m = EIGHT_BYTES.matcher(asm);
        for (String name : expected.keySet()) {
            headers.put(name, m.find() ? Long.parseLong(m.group(1)) : null);
        }
        assertEquals(expected, headers, triple);
    }

    @Test
    void perCallCapFollowsThePageSize() {
        assertEquals(0x7ffff000L, LinuxConstants.perCallCap(4096));
        assertEquals(0x7fffc000L, LinuxConstants.perCallCap(16384));
        assertEquals(0x7fff0000L, LinuxConstants.perCallCap(65536));
    }
}
