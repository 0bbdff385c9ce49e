package io.github.sendfile4j.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.sendfile4j.linux.LinuxConstants;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every Linux constant and errno number of linux/.../constants.txt, against the system headers, compiled and run here. */
class LinuxConstantsTest {
    @TempDir
    Path dir;

    @Test
    void theTableEqualsTheSystemHeaders() throws Exception {
        assumeTrue(System.getProperty("os.name").equals("Linux"));
        // The table is the one source; PlatformConstantsTest checks the Java constants against it.
        Map<String, Long> java = new LinkedHashMap<>(
                io.github.sendfile4j.unix.ConstantsTable.read(LinuxConstants.class.getResourceAsStream("constants.txt"), "LinuxConstants").asMap());
        StringBuilder c = new StringBuilder("#define _GNU_SOURCE\n#include <errno.h>\n#include <fcntl.h>\n"
                + "#include <limits.h>\n#include <stdio.h>\n#include <sys/socket.h>\n#include <netinet/in.h>\n#include <netinet/tcp.h>\n"
                + "#include <poll.h>\n#include <unistd.h>\nint main(void) {\n");
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

    @Test
    void perCallCapFollowsThePageSize() {
        assertEquals(0x7ffff000L, LinuxConstants.perCallCap(4096));
        assertEquals(0x7fffc000L, LinuxConstants.perCallCap(16384));
        assertEquals(0x7fff0000L, LinuxConstants.perCallCap(65536));
    }
}
