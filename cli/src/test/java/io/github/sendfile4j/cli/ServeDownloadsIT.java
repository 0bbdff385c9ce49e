package io.github.sendfile4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code serve} in front of the download clients people use, each a real process against a real server on
 * loopback: curl's single and multiple ranges, wget resuming a download killed half way, aria2c fetching one
 * file in parallel segments, and Python's http.client through the conditional-request matrix. Each client
 * missing from this machine skips its test by name, saying which package brings it (CI installs them all).
 */
class ServeDownloadsIT {
    @TempDir
    static Path tmp;
    static Path root;
    static Process server;
    static int port;
    static byte[] data;

    @BeforeAll
    static void start() throws Exception {
        root = Files.createDirectories(tmp.resolve("www"));
        data = new byte[5_000_000];
        new Random(21).nextBytes(data);
        Files.write(root.resolve("image.bin"), data);
        server = new ProcessBuilder(Cli.command("serve", root.toString(), "--port", "0", "--threads", "2"))
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        assertTrue(first != null && first.startsWith("serving "), String.valueOf(first));
        port = Integer.parseInt(first.replaceAll(".*:(\\d+)/.*", "$1"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static String url() {
        return "http://127.0.0.1:" + port + "/image.bin";
    }

    static void assumeTool(String tool, String debianPackage) {
        boolean found = Arrays.stream(System.getenv("PATH").split(File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, tool)));
        assumeTrue(found, tool + " not installed: apt-get install " + debianPackage);
    }

    /** Runs a client to its end; its output, or the failure with it. */
    static String run(List<String> command, Path dir) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), command + " did not finish");
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), command + ":\n" + text);
        return text;
    }

    @Test
    void curlGetsOneRangeAndSeveralAsMultipart() throws Exception {
        assumeTool("curl", "curl");
        Path dir = Files.createDirectories(tmp.resolve("curl"));
        String head = run(List.of("curl", "-sS", "-r", "1000-1999", "-D", "head.txt", "-o", "one.bin", url()), dir);
        assertTrue(head.isEmpty(), head);
        String h = Files.readString(dir.resolve("head.txt"));
        assertTrue(h.startsWith("HTTP/1.1 206 "), h);
        assertTrue(h.contains("Content-Range: bytes 1000-1999/" + data.length), h);
        assertArrayEquals(Arrays.copyOfRange(data, 1000, 2000), Files.readAllBytes(dir.resolve("one.bin")));

        run(List.of("curl", "-sS", "-r", "0-99,4000000-4000099,-50", "-D", "multi.txt", "-o", "multi.bin", url()), dir);
        String mh = Files.readString(dir.resolve("multi.txt"));
        assertTrue(mh.contains("Content-Type: multipart/byteranges; boundary="), mh);
        String boundary = mh.replaceAll("(?s).*boundary=([^\\r\\n]+).*", "$1");
        List<byte[]> parts = Multipart.payloads(Files.readAllBytes(dir.resolve("multi.bin")), boundary);
        assertEquals(3, parts.size());
        assertArrayEquals(Arrays.copyOfRange(data, 0, 100), parts.get(0));
        assertArrayEquals(Arrays.copyOfRange(data, 4_000_000, 4_000_100), parts.get(1));
        assertArrayEquals(Arrays.copyOfRange(data, data.length - 50, data.length), parts.get(2));
    }

    @Test
    void wgetResumesADownloadKilledHalfWay() throws Exception {
        assumeTool("wget", "wget");
        Path dir = Files.createDirectories(tmp.resolve("wget"));
        Path got = dir.resolve("image.bin");
        Process slow = new ProcessBuilder("wget", "-q", "--limit-rate=1m", url()).directory(dir.toFile())
                .redirectErrorStream(true).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((!Files.exists(got) || Files.size(got) < data.length / 4) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        slow.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        long partial = Files.size(got);
        assertTrue(partial > 0 && partial < data.length, "killed after " + partial + " bytes");
        String out = run(List.of("wget", "-c", "-S", url()), dir);
        assertTrue(out.contains("206 Partial Content"), out);
        assertArrayEquals(data, Files.readAllBytes(got), "resumed after " + partial + " bytes");
        System.out.println("[downloads] wget -c resumed at " + partial + " of " + data.length + " bytes: exact");
    }

    @Test
    void aria2cFetchesOneFileInParallelSegments() throws Exception {
        assumeTool("aria2c", "aria2");
        Path dir = Files.createDirectories(tmp.resolve("aria2"));
        String out = run(List.of("aria2c", "-q", "-x", "4", "-s", "4", "-k", "1M", "--file-allocation=none",
                "-d", dir.toString(), "-o", "image.bin", url()), dir);
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("image.bin")), out);
    }

    @Test
    void pythonWalksTheConditionalMatrix() throws Exception {
        assumeTool("python3", "python3");
        Path script = Path.of("src/test/python/conditional_matrix.py").toAbsolutePath();
        String out = run(List.of("python3", script.toString(), String.valueOf(port), "/image.bin",
                String.valueOf(data.length)), tmp);
        assertTrue(!out.contains("FAIL") && out.lines().filter(l -> l.startsWith("ok ")).count() >= 24, out);
        System.out.println("[downloads] http.client conditional matrix: " + out.lines().count() + " cases ok");
    }

    /** Splits a multipart/byteranges body into the payloads of its parts. */
    static final class Multipart {
        static List<byte[]> payloads(byte[] body, String boundary) {
            List<byte[]> parts = new ArrayList<>();
            byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
            int at = indexOf(body, delimiter, 0);
            while (at >= 0) {
                int lineEnd = at + delimiter.length;
                if (body[lineEnd] == '-' && body[lineEnd + 1] == '-') {
                    break; // the closing delimiter
                }
                int headEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), lineEnd) + 4;
                int next = indexOf(body, delimiter, headEnd);
                parts.add(Arrays.copyOfRange(body, headEnd, next));
                at = next;
            }
            return parts;
        }

        static int indexOf(byte[] a, byte[] b, int from) {
            outer:
            for (int i = from; i + b.length <= a.length; i++) {
                for (int j = 0; j < b.length; j++) {
                    if (a[i + j] != b[j]) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
