package io.github.sendfile4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP server as a separate process, spoken to over real sockets, byte for byte. */
class ServeIT {
    @TempDir
    static Path tmp;
    static Path root;
    static Process server;
    static int port;
    static BufferedReader serverOut;
    static byte[] big;

    @BeforeAll
    static void start() throws Exception {
        root = Files.createDirectories(tmp.resolve("www"));
        Files.writeString(root.resolve("index.html"), "<h1>hi</h1>\n");
        big = new byte[3_000_000];
        new Random(9).nextBytes(big);
        Files.createDirectories(root.resolve("sub"));
        Files.write(root.resolve("sub/big.bin"), big);
        Files.writeString(tmp.resolve("secret.txt"), "outside the root");
        Files.createSymbolicLink(root.resolve("escape"), tmp.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("inside"), root.resolve("index.html"));
        server = new ProcessBuilder(Cli.command("serve", root.toString(), "--port", "0", "--threads", "3")).redirectErrorStream(true).start();
        serverOut = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
        String first = serverOut.readLine();
        assertTrue(first != null && first.startsWith("serving "), String.valueOf(first));
        port = Integer.parseInt(first.replaceAll(".*:(\\d+)/.*", "$1"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null && server.isAlive()) {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A raw HTTP exchange: request bytes in, the responses read back (by Content-Length). */
    static final class Exchange implements AutoCloseable {
        final Socket s = new Socket("127.0.0.1", port);
        final InputStream in;
        final OutputStream out;

        Exchange() throws IOException {
            s.setSoTimeout(20_000);
            in = s.getInputStream();
            out = s.getOutputStream();
        }

        void send(String request) throws IOException {
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        Response read(boolean head) throws IOException {
            ByteArrayOutputStream h = new ByteArrayOutputStream();
            int state = 0;
            while (state < 4) {
                int c = in.read();
                if (c < 0) {
                    throw new IOException("connection closed; got " + h);
                }
                h.write(c);
                state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
            }
            Response r = new Response(h.toString(StandardCharsets.ISO_8859_1));
            int n = head ? 0 : Integer.parseInt(r.headers.get("content-length"));
            r.body = in.readNBytes(n);
            return r;
        }

        boolean closedByServer() throws IOException {
            return in.read() < 0;
        }

        @Override
        public void close() throws IOException {
            s.close();
        }
    }

    static final class Response {
        final int status;
        final Map<String, String> headers = new LinkedHashMap<>();
        byte[] body;

        Response(String head) {
            String[] lines = head.split("\r\n");
            status = Integer.parseInt(lines[0].split(" ")[1]);
            for (int i = 1; i < lines.length; i++) {
                int c = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, c).toLowerCase(), lines[i].substring(c + 1).trim());
            }
        }
    }

    /**
     * A file that is not in memory goes out byte exact through the disk threads (SF_NODISKIO sends, read-ahead
     * off the loop, where the provider honours it), while hot requests on another connection keep being
     * answered. Generous bounds: the figures belong in the benchmark.
     */
    @Test
    void aColdFileIsServedByteExactWhileHotRequestsAreAnswered() throws Exception {
        byte[] cold = new byte[24 << 20];
        new Random(12).nextBytes(cold);
        Path file = root.resolve("cold.bin");
        try (java.nio.channels.FileChannel w = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE)) {
            w.write(java.nio.ByteBuffer.wrap(cold));
            w.force(true);
        }
        Process dd = new ProcessBuilder("dd", "if=" + file, "iflag=nocache", "count=0", "status=none").start();
        assertEquals(0, dd.waitFor());
        CompletableFuture<byte[]> coldBody = CompletableFuture.supplyAsync(() -> {
            try (Exchange x = new Exchange()) {
                x.send("GET /cold.bin HTTP/1.1\r\nHost: t\r\n\r\n");
                Response r = x.read(false);
                assertEquals(200, r.status);
                return r.body;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        int hot = 0;
        try (Exchange x = new Exchange()) {
            while (!coldBody.isDone() || hot < 20) {
                x.send("GET /index.html HTTP/1.1\r\nHost: t\r\n\r\n");
                assertEquals(200, x.read(false).status);
                hot++;
            }
        }
        assertArrayEquals(cold, coldBody.get(60, TimeUnit.SECONDS));
        assertTrue(hot >= 20, hot + " hot requests");
    }

    @Test
    void getIsByteExactWithHeadersAndKeepAlive() throws Exception {
        try (Exchange x = new Exchange()) {
            x.send("GET /sub/big.bin HTTP/1.1\r\nHost: t\r\n\r\n");
            Response r = x.read(false);
            assertEquals(200, r.status);
            assertEquals(String.valueOf(big.length), r.headers.get("content-length"));
            assertEquals("application/octet-stream", r.headers.get("content-type"));
            assertTrue(r.headers.get("last-modified").endsWith(" GMT"), r.headers.toString());
            assertEquals("keep-alive", r.headers.get("connection"));
            assertArrayEquals(big, r.body);
            x.send("GET / HTTP/1.1\r\nHost: t\r\n\r\n");
            Response index = x.read(false);
            assertEquals(200, index.status);
            assertEquals("text/html; charset=utf-8", index.headers.get("content-type"));
            assertEquals("<h1>hi</h1>\n", new String(index.body, StandardCharsets.UTF_8));
        }
    }

    @Test
    void headSendsHeadersOnlyAndPipelinedRequestsAnswerInOrder() throws Exception {
        try (Exchange x = new Exchange()) {
            x.send("HEAD /sub/big.bin HTTP/1.1\r\nHost: t\r\n\r\nGET /index.html HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
            Response head = x.read(true);
            assertEquals(200, head.status);
            assertEquals(String.valueOf(big.length), head.headers.get("content-length"));
            Response get = x.read(false);
            assertEquals(200, get.status, "the HEAD response must carry no body before this one");
            assertEquals("close", get.headers.get("connection"));
            assertTrue(x.closedByServer());
        }
    }

    @Test
    void aCachedFileThatChangesIsServedAnewAndOneThatLeavesTheRootIsNot() throws Exception {
        Path f = root.resolve("changing.txt");
        Files.writeString(f, "first\n");
        try (Exchange x = new Exchange()) {
            x.send("GET /changing.txt HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals("first\n", new String(x.read(false).body, StandardCharsets.UTF_8));
            Path next = Files.writeString(root.resolve("changing.tmp"), "second, longer\n");
            Files.move(next, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            Thread.sleep(1200); // one cache period (ResponseCache.VALID_NANOS) and some
            // Past its second an entry is served as it is while a disk thread stats the file again: the change
            // shows within a few requests, never with bytes of the two files mixed.
            Response r = firstDifferent(x, "first\n");
            assertEquals("15", r.headers.get("content-length"));
            assertEquals("second, longer\n", new String(r.body, StandardCharsets.UTF_8));
            // Now the cached name becomes a link out of the root: refused, not served from the cache.
            Files.delete(f);
            Files.createSymbolicLink(f, tmp.resolve("secret.txt"));
            Thread.sleep(1200);
            Response out = firstDifferent(x, "second, longer\n");
            assertEquals(403, out.status);
            assertTrue(!new String(out.body, StandardCharsets.UTF_8).contains("outside"));
        }
    }

    /** A HEAD that fails gets a head only: a body would be read as the start of the next response. */
    @Test
    void errorAnswersToHeadHaveNoBodyAndTheConnectionGoesOn() throws Exception {
        try (Exchange x = new Exchange()) {
            x.send("HEAD /missing.txt HTTP/1.1\r\nHost: t\r\n\r\n");
            Response missing = x.read(true);
            assertEquals(404, missing.status);
            x.send("HEAD /index.html HTTP/1.1\r\nHost: t\r\nIf-Match: \"stale\"\r\n\r\n");
            assertEquals(412, x.read(true).status);
            x.send("HEAD /index.html HTTP/1.1\r\nHost: t\r\nRange: bytes=999-\r\n\r\n");
            Response unsatisfiable = x.read(true);
            assertEquals(416, unsatisfiable.status);
            assertEquals("bytes */12", unsatisfiable.headers.get("content-range"));
            x.send("GET /index.html HTTP/1.1\r\nHost: t\r\n\r\n");
            Response after = x.read(false);
            assertEquals(200, after.status);
            assertEquals("<h1>hi</h1>\n", new String(after.body, StandardCharsets.UTF_8));
        }
    }

    /** GETs /changing.txt until the body is no longer {@code old} (one second and some at most). */
    static Response firstDifferent(Exchange x, String old) throws Exception {
        for (int i = 0; ; i++) {
            x.send("GET /changing.txt HTTP/1.1\r\nHost: t\r\n\r\n");
            Response r = x.read(false);
            if (!old.equals(new String(r.body, StandardCharsets.UTF_8)) || i == 30) {
                return r;
            }
            Thread.sleep(50);
        }
    }

    @Test
    void manyConnectionsOverSeveralLoopsAllGetExactBytes() throws Exception {
        List<CompletableFuture<byte[]>> all = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            all.add(CompletableFuture.supplyAsync(() -> {
                try (Exchange x = new Exchange()) {
                    ByteArrayOutputStream got = new ByteArrayOutputStream();
                    for (int k = 0; k < 3; k++) {
                        x.send("GET /sub/big.bin HTTP/1.1\r\nHost: t\r\n\r\n");
                        got.write(x.read(false).body);
                    }
                    return got.toByteArray();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
        for (CompletableFuture<byte[]> f : all) {
            byte[] b = f.get(60, TimeUnit.SECONDS);
            assertEquals(3 * big.length, b.length);
            for (int k = 0; k < 3; k++) {
                assertArrayEquals(big, java.util.Arrays.copyOfRange(b, k * big.length, (k + 1) * big.length));
            }
        }
    }

    @Test
    void noRequestEscapesTheRoot() throws Exception {
        String[] attempts = {"/../secret.txt", "/sub/../../secret.txt", "/%2e%2e/secret.txt", "/%2E%2E/secret.txt",
            "/sub/%2e%2e/%2e%2e/secret.txt", "/..%2fsecret.txt", "/..%2Fsecret.txt", "/sub%2f..%2f..%2fsecret.txt",
            "//etc/passwd", "/.//secret.txt", "/escape", "/./index.html", "/..%5csecret.txt", "/%00",
            "/index.html%00.txt"};
        for (String a : attempts) {
            try (Exchange x = new Exchange()) {
                x.send("GET " + a + " HTTP/1.1\r\nHost: t\r\n\r\n");
                Response r = x.read(false);
                assertTrue(r.status == 403 || r.status == 404, a + " -> " + r.status);
                assertTrue(!new String(r.body, StandardCharsets.UTF_8).contains("outside"), a);
            }
        }
        try (Exchange x = new Exchange()) {
            x.send("GET /inside HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals(200, x.read(false).status, "a link that stays inside is served");
        }
        try (Exchange x = new Exchange()) {
            x.send("GET /etc/passwd HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals(404, x.read(false).status, "absolute paths are relative to the root");
        }
    }

    @Test
    void largeHeadsAreServedUpTo16KiBAndRefusedBeyond() throws Exception {
        // A connection's head buffer starts at 1 KiB and doubles; these heads cross every step, in pieces and
        // pipelined behind a small request, so a grown buffer must keep what it had.
        for (int cookie : new int[] {900, 1500, 3000, 7000, 15_000}) {
            try (Exchange x = new Exchange()) {
                String large = "GET /sub/big.bin HTTP/1.1\r\nHost: t\r\nCookie: " + "c".repeat(cookie) + "\r\n\r\n";
                x.send("GET /index.html HTTP/1.1\r\nHost: t\r\n\r\n" + large.substring(0, large.length() / 2));
                Thread.sleep(20);
                x.send(large.substring(large.length() / 2));
                assertEquals(200, x.read(false).status, "cookie of " + cookie);
                Response r = x.read(false);
                assertEquals(200, r.status, "cookie of " + cookie);
                assertArrayEquals(big, r.body, "cookie of " + cookie);
            }
        }
        try (Exchange x = new Exchange()) {
            x.send("GET /index.html HTTP/1.1\r\nHost: t\r\nCookie: " + "c".repeat(17_000) + "\r\n\r\n");
            Response r = x.read(false);
            assertEquals(431, r.status);
            assertTrue(x.closedByServer(), "a head over 16 KiB closes the connection");
        }
    }

    @Test
    void largeHeadsTogetherStayWithinTheirBudgetAndGiveItBackOnClose() throws Exception {
        // 400 clients each stop 15 KiB into a head, so each holds 15 KiB of grown buffer (1+2+4+8 KiB). The
        // server's 4 MiB for grown heads admits at most 273 of them; the others get 431 at once. Twice, so the
        // first round's closed connections must have given their share back.
        int most = (int) (4L * 1024 * 1024 / (15 * 1024));
        for (int round = 1; round <= 2; round++) {
            List<Exchange> clients = new ArrayList<>();
            try {
                String partial = "GET /index.html HTTP/1.1\r\nHost: t\r\nCookie: " + "c".repeat(15 * 1024 - 50);
                for (int i = 0; i < 400; i++) {
                    Exchange x = new Exchange();
                    clients.add(x);
                    x.send(partial);
                }
                Thread.sleep(500);
                int refused = 0;
                int held = 0;
                for (Exchange x : clients) {
                    if (x.in.available() > 0) { // answered already; a held head gets nothing before it times out
                        assertEquals(431, x.read(false).status);
                        assertTrue(x.closedByServer(), "431 closes the connection");
                        refused++;
                    } else {
                        held++;
                    }
                }
                assertTrue(held > 0 && held <= most, "round " + round + ": " + held + " heads held, at most " + most);
                assertEquals(400, held + refused);
                try (Exchange x = new Exchange()) {
                    x.send("GET /index.html HTTP/1.1\r\nHost: t\r\n\r\n");
                    assertEquals(200, x.read(false).status, "a small head is served while the budget is spent");
                }
            } finally {
                for (Exchange x : clients) {
                    x.close();
                }
            }
            Thread.sleep(300); // the loops see the closes
        }
    }

    @Test
    void missingMalformedAndOtherMethods() throws Exception {
        try (Exchange x = new Exchange()) {
            x.send("GET /nope.txt HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals(404, x.read(false).status);
            x.send("POST /index.html HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n");
            assertEquals(405, x.read(false).status);
            x.send("DELETE /index.html HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals(405, x.read(false).status);
        }
        for (String bad : new String[] {"garbage\r\n\r\n", "GET /index.html\r\n\r\n", "GET index.html HTTP/1.1\r\n\r\n",
            "GET /index.html HTTP/1.1\r\nno colon here\r\n\r\n", "GET /%zz HTTP/1.1\r\n\r\n"}) {
            try (Exchange x = new Exchange()) {
                x.send(bad);
                Response r = x.read(false);
                assertEquals(400, r.status, bad);
                assertTrue(x.closedByServer(), "400 closes the connection: " + bad);
            }
        }
    }

    @Test
    void manyConcurrentClientsLoseNothing() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<CompletableFuture<HttpResponse<byte[]>>> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String path = i % 4 == 0 ? "/index.html" : "/sub/big.bin";
            all.add(client.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofByteArray()));
        }
        for (int i = 0; i < all.size(); i++) {
            HttpResponse<byte[]> r = all.get(i).get(2, TimeUnit.MINUTES);
            assertEquals(200, r.statusCode());
            if (i % 4 == 0) {
                assertEquals("<h1>hi</h1>\n", new String(r.body(), StandardCharsets.UTF_8));
            } else {
                assertArrayEquals(big, r.body(), "response " + i);
            }
        }
        // Raw sockets too, many at once, each with two keep-alive requests.
        List<CompletableFuture<Boolean>> raw = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            raw.add(CompletableFuture.supplyAsync(() -> {
                try (Exchange x = new Exchange()) {
                    x.send("GET /sub/big.bin HTTP/1.1\r\nHost: t\r\n\r\nGET /sub/big.bin HTTP/1.1\r\nHost: t\r\n\r\n");
                    return java.util.Arrays.equals(big, x.read(false).body) && java.util.Arrays.equals(big, x.read(false).body);
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            }));
        }
        for (CompletableFuture<Boolean> f : raw) {
            assertTrue(f.get(2, TimeUnit.MINUTES));
        }
    }

    @Test
    void stopsCleanlyOnSignal() throws Exception {
        Process p = new ProcessBuilder(Cli.command("serve", root.toString(), "--port", "0", "--threads", "3")).redirectErrorStream(true).start();
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        assertTrue(r.readLine().startsWith("serving "));
        // SIGTERM through kill(1), so that our end of the pipe stays open to read the last line; Ctrl-C's
        // SIGINT runs the same shutdown hook (a test cannot rely on it: background jobs may ignore SIGINT).
        new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS), "server did not stop");
        assertEquals("stopped", r.readLine());
    }
}
