package io.github.sendfile4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile client's view of {@code serve}: one server process, started as a locked-down box would run it
 * (empty environment, so a non-UTF-8 locale; 160 descriptors at most; short header and idle timeouts),
 * then malformed requests, floods, slow and idle clients, descriptor exhaustion and 10 000 random escape
 * attempts. After every abuse the server must still answer a plain GET.
 */
class ServeAbuseIT {
    static final String INDEX = "<h1>still here</h1>\n";

    @TempDir
    static Path tmp;
    static Process server;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("www"));
        Files.writeString(root.resolve("index.html"), INDEX);
        Files.writeString(tmp.resolve("secret.txt"), "SECRET outside the root");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cmd = "ulimit -n 160 && exec '" + java + "' -jar '" + System.getProperty("cli.jar") + "' serve '" + root
                + "' --port 0 --header-timeout 1 --idle-timeout 2";
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", cmd).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/bin:/bin");
        server = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String first = out.readLine();
        assertTrue(first != null && first.startsWith("serving "), String.valueOf(first));
        port = Integer.parseInt(first.replaceAll(".*:(\\d+)/.*", "$1"));
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // keep the pipe empty
                }
            } catch (IOException ignored) {
                // the server ended
            }
        });
        drain.setDaemon(true);
        drain.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.destroy();
        server.waitFor(10, TimeUnit.SECONDS);
    }

    /** One response: status and body, read by Content-Length. */
    record Response(int status, boolean close, String body) {
    }

    static Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", port);
        s.setSoTimeout(20_000);
        return s;
    }

    static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String h = head.toString(StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(h.substring(9, 12));
        int length = Integer.parseInt(h.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
        byte[] body = in.readNBytes(length);
        return new Response(status, h.contains("Connection: close"), new String(body, StandardCharsets.ISO_8859_1));
    }

    static void assertStillServing() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            assertTrue(server.isAlive(), "the server process ended");
            try (Socket s = connect()) {
                s.getOutputStream().write("GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                Response r = read(s.getInputStream());
                assertEquals(200, r.status());
                assertEquals(INDEX, r.body());
                return;
            } catch (SocketTimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
        }
    }

    static Response exchange(String request) throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return read(s.getInputStream());
        }
    }

    /**
     * Sends a request the server refuses before reading all of it: the server may answer 400 and close while
     * the client is still writing, so the write can fail (EPIPE, reset). Then whatever answer arrived counts.
     */
    static Response exchangeOversized(String request) throws IOException {
        try (Socket s = connect()) {
            try {
                s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            } catch (IOException refusedWhileWriting) {
                // expected sometimes; the answer (if any) is read below
            }
            try {
                return read(s.getInputStream());
            } catch (IOException reset) {
                return null;
            }
        }
    }

    @Test
    void aPathTheLocaleCannotEncodeIsA404NotAStop() throws Exception {
        assertEquals(404, exchange("GET /%C3%A9 HTTP/1.1\r\nHost: x\r\n\r\n").status());
        assertEquals(404, exchange("GET /%FF%FE.html HTTP/1.1\r\nHost: x\r\n\r\n").status());
        assertStillServing();
    }

    @Test
    void malformedRequestsGet400AndTheServerGoesOn() throws Exception {
        String[] bad = {"GARBAGE\r\n\r\n", "GET\r\n\r\n", "GET / HTTP/9.9\r\n\r\n", "GET / HTTP/1.1\r\nNoColon\r\n\r\n",
            "\u0000\u00ff\u0001 / HTTP/1.1\r\n\r\n", "GET  HTTP/1.1\r\n\r\n", "GET /%zz HTTP/1.1\r\n\r\n"};
        for (String request : bad) {
            Response r = exchange(request);
            assertTrue(r != null && r.status() >= 400 && r.status() < 500, request + " -> " + r);
            assertStillServing();
        }
    }

    @Test
    void hugeRequestLinesAndHeaderFloodsAreRefused() throws Exception {
        Response line = exchangeOversized("GET /" + "a".repeat(100_000) + " HTTP/1.1\r\n\r\n");
        assertTrue(line == null || line.status() == 431, String.valueOf(line));
        StringBuilder flood = new StringBuilder("GET /index.html HTTP/1.1\r\n");
        for (int i = 0; i < 10_000; i++) {
            flood.append("X-Flood-").append(i).append(": y\r\n");
        }
        Response headers = exchangeOversized(flood.append("\r\n").toString());
        assertTrue(headers == null || headers.status() == 431, String.valueOf(headers));
        assertStillServing();
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (Socket s = connect()) {
            String one = "GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n";
            s.getOutputStream().write(one.repeat(50).getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < 50; i++) {
                Response r = read(s.getInputStream());
                assertEquals(200, r.status());
                assertEquals(INDEX, r.body());
            }
        }
    }

    @Test
    void slowAndNeverEndingHeadsAreClosedByTheHeaderDeadline() throws Exception {
        try (Socket bareLf = connect(); Socket slow = connect()) {
            bareLf.getOutputStream().write("GET /index.html HTTP/1.1\nHost: x\n\n".getBytes(StandardCharsets.US_ASCII));
            long t0 = System.nanoTime();
            OutputStream out = slow.getOutputStream();
            byte[] drip = "GET /index.html HTTP/1.1\r\nX: ".getBytes(StandardCharsets.US_ASCII);
            boolean cut = false;
            for (int i = 0; i < 40 && !cut; i++) {
                try {
                    out.write(drip[i % drip.length]);
                    Thread.sleep(150);
                } catch (IOException closedByServer) {
                    cut = true;
                }
            }
            assertEquals(-1, slow.getInputStream().read(), "a slowloris head must be cut off");
            assertEquals(-1, bareLf.getInputStream().read(), "a head that never ends must be cut off");
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0);
            assertTrue(seconds < 10, "took " + seconds + " s");
        }
        assertStillServing();
    }

    @Test
    void runningOutOfDescriptorsPausesAcceptingAndIdleConnectionsExpire() throws Exception {
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                idle.add(new Socket("127.0.0.1", port));
            }
            // 300 connections against 160 descriptors: accept hits EMFILE; the server backs off, the idle
            // ones expire after the header timeout, and the queued ones get their turn.
            assertStillServing();
            try (Socket keepAlive = connect()) {
                keepAlive.getOutputStream().write("GET /index.html HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals(200, read(keepAlive.getInputStream()).status());
                assertEquals(-1, keepAlive.getInputStream().read(), "an idle keep-alive connection must expire");
            }
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
        assertStillServing();
    }

    @Test
    void tenThousandRandomEscapeAttemptsNeverLeaveTheRoot() throws Exception {
        String[] parts = {"..", "%2e%2e", "%2E%2e", ".", "%2e", "%2f", "%5c", "\\", "/", "//", "etc", "passwd",
            "secret.txt", "index.html", "%00", "%C3%A9", "~", "%25", "%252e%252e", "..%2f", ".%2e", "%c0%ae", "?",
            "#", ";", "www", "%ff"};
        Random random = new Random(8);
        int answered = 0;
        Socket s = connect();
        try {
            for (int i = 0; i < 10_000; i++) {
                StringBuilder target = new StringBuilder("/");
                int n = 1 + random.nextInt(8);
                for (int k = 0; k < n; k++) {
                    target.append(parts[random.nextInt(parts.length)]);
                    if (random.nextBoolean()) {
                        target.append('/');
                    }
                }
                s.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                Response r = read(s.getInputStream());
                assertTrue(r != null, "no answer to " + target);
                assertFalse(r.body().contains("SECRET"), target + " escaped the root");
                assertTrue(r.status() == 200 ? r.body().equals(INDEX) : r.status() >= 400 && r.status() < 500,
                        target + " -> " + r.status());
                answered++;
                if (r.close()) {
                    s.close();
                    s = connect();
                }
            }
        } finally {
            s.close();
        }
        assertEquals(10_000, answered);
        System.out.println("[serve abuse] " + answered + " escape attempts answered, none outside the root; "
                + List.of(parts).stream().map(p -> p.toLowerCase(Locale.ROOT)).collect(Collectors.toSet()).size()
                + " kinds of segment");
        assertStillServing();
    }
}
