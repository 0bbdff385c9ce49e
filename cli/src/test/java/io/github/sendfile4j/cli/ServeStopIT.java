package io.github.sendfile4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stopping {@code serve} as an operator does, with real signals to a real process: SIGTERM stops accepting and
 * lets the response in flight finish, byte exact, then exits 0; a second SIGTERM exits at once (143); the
 * --stop-timeout deadline ends a response that will not finish. Every response is in the access log.
 */
class ServeStopIT {
    @TempDir
    Path tmp;

    static final class Server {
        final Process process;
        final int port;
        final List<String> lines = new ArrayList<>();

        Server(Path root, String... extra) throws IOException {
            List<String> args = new ArrayList<>(List.of("serve", root.toString(), "--port", "0", "--threads", "1"));
            args.addAll(List.of(extra));
            process = new ProcessBuilder(Cli.command(args.toArray(new String[0]))).redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            assertTrue(first != null && first.startsWith("serving "), String.valueOf(first));
            port = Integer.parseInt(first.replaceAll(".*:(\\d+)/.*", "$1"));
            Thread t = new Thread(() -> out.lines().forEach(l -> {
                synchronized (lines) {
                    lines.add(l);
                }
            }));
            t.setDaemon(true);
            t.start();
        }

        void signal(String name) throws Exception {
            assertEquals(0, new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).start().waitFor());
        }

        String output() {
            synchronized (lines) {
                return String.join("\n", lines);
            }
        }
    }

    /** A GET whose reader takes {@code bytesPerRead} bytes every 10 ms: a client on a slow link. */
    static CompletableFuture<byte[]> slowGet(int port, String path, int bytesPerRead) throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setReceiveBufferSize(16 << 10);
        OutputStream out = s.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        return CompletableFuture.supplyAsync(() -> {
            try (s; InputStream in = s.getInputStream()) {
                ByteArrayOutputStream got = new ByteArrayOutputStream();
                byte[] buf = new byte[bytesPerRead];
                for (int n; (n = in.read(buf)) > 0;) {
                    got.write(buf, 0, n);
                    Thread.sleep(10);
                }
                return got.toByteArray();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    static byte[] body(byte[] response) {
        String text = new String(response, StandardCharsets.ISO_8859_1);
        return text.substring(text.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void sigtermFinishesTheResponseInFlightRefusesNewOnesAndExitsZero() throws Exception {
        byte[] data = new byte[8 << 20];
        new Random(5).nextBytes(data);
        Path root = Files.createDirectories(tmp.resolve("www"));
        Files.write(root.resolve("big.bin"), data);
        Server server = new Server(root);
        CompletableFuture<byte[]> download = slowGet(server.port, "/big.bin", 64 << 10); // about 6 MB/s: over a second
        Thread.sleep(300);
        server.signal("TERM");
        Thread.sleep(300);
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", server.port).close(),
                "a stopping server accepts nothing new");
        assertArrayEquals(data, body(download.get(60, TimeUnit.SECONDS)), "the response in flight finished, exact");
        assertTrue(server.process.waitFor(30, TimeUnit.SECONDS), "did not exit");
        assertEquals(0, server.process.exitValue(), server.output());
        Thread.sleep(100);
        assertTrue(server.output().matches("(?s).*\"GET /big\\.bin HTTP/1\\.1\" 200 \\d+ \\d+\\.\\d{3}\n.*"),
                "no access-log line for the response: " + server.output());
        assertTrue(server.output().endsWith("stopped"), server.output());
    }

    @Test
    void aSecondSignalExitsAtOnceAndTheDeadlineEndsWhatWillNotFinish() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("www"));
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(root.resolve("huge.bin").toFile(), "rw")) {
            f.setLength(1L << 30);
        }
        Server patient = new Server(root, "--stop-timeout", "60");
        CompletableFuture<byte[]> stuck = slowGet(patient.port, "/huge.bin", 1024);
        Thread.sleep(300);
        patient.signal("TERM");
        Thread.sleep(500);
        assertTrue(patient.process.isAlive(), "exited before its response finished: " + patient.output());
        long t0 = System.nanoTime();
        patient.signal("TERM");
        assertTrue(patient.process.waitFor(10, TimeUnit.SECONDS), "a second SIGTERM did not end it");
        assertEquals(143, patient.process.exitValue(), patient.output());
        System.out.println("[stop] second SIGTERM: exit 143 after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
        stuck.cancel(true);

        Server hurried = new Server(root, "--stop-timeout", "1");
        CompletableFuture<byte[]> cut = slowGet(hurried.port, "/huge.bin", 1024);
        Thread.sleep(300);
        t0 = System.nanoTime();
        hurried.signal("TERM");
        assertTrue(hurried.process.waitFor(20, TimeUnit.SECONDS), "the deadline did not end it");
        long took = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(0, hurried.process.exitValue(), hurried.output());
        assertTrue(took >= 900 && took < 10_000, "exited after " + took + " ms with --stop-timeout 1");
        System.out.println("[stop] --stop-timeout 1 with a response that will not finish: exit 0 after " + took + " ms");
        cut.cancel(true);
    }
}
