package io.github.sendfile4j.cli.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The C contender of {@code bench}: bench_baseline.c, compiled here with the system's {@code cc}. */
final class CBaseline {
    private final Path exe;

    private CBaseline(Path exe) {
        this.exe = exe;
    }

    /**
     * @param work where to write and build it
     * @param out  where to say why there is none
     * @return the baseline, or {@code null} where it cannot be built (not Linux, no C compiler)
     */
    static CBaseline compile(Path work, PrintWriter out) {
        if (!System.getProperty("os.name").equals("Linux")) {
            out.println("  (no C baseline: it is written for Linux)");
            return null;
        }
        try (InputStream src = CBaseline.class.getResourceAsStream("bench_baseline.c")) {
            Path c = work.resolve("bench_baseline.c");
            Files.copy(src, c, StandardCopyOption.REPLACE_EXISTING);
            Path exe = work.resolve("bench_baseline");
            Process p = new ProcessBuilder("cc", "-O2", "-o", exe.toString(), c.toString()).redirectErrorStream(true)
                    .start();
            String msg = new String(readAll(p.getInputStream()), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                out.println("  (no C baseline: cc failed: " + msg.trim() + ")");
                return null;
            }
            return new CBaseline(exe);
        } catch (IOException | InterruptedException e) {
            out.println("  (no C baseline: no C compiler, " + e.getMessage() + ")");
            return null;
        }
    }

    /**
     * @param args the workload and its arguments, as bench_baseline.c reads them
     * @return the nanoseconds it measured
     */
    long run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(exe.toString());
        cmd.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(readAll(p.getInputStream()), StandardCharsets.US_ASCII).trim();
        if (p.waitFor() != 0) {
            throw new IOException("C baseline failed: " + text);
        }
        return Long.parseLong(text);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        for (int n; (n = in.read(buf)) > 0;) {
            b.write(buf, 0, n);
        }
        return b.toByteArray();
    }
}
