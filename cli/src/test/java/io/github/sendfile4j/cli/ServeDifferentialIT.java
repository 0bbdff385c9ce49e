package io.github.sendfile4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same requests to {@code serve} and to nginx serving the same file: ranges valid, invalid, overlapping and
 * unsatisfiable, conditionals with current and stale validators (each server's own), HEAD. Status, the headers
 * that matter and the bytes (multipart parts compared after parsing) must agree, except where a case says
 * why they differ. Skipped by name where nginx is not installed (apt-get install nginx-light; CI has it).
 */
class ServeDifferentialIT {
    @TempDir
    static Path tmp;
    static Process serve;
    static Process nginx;
    static int servePort;
    static int nginxPort;
    static final int SIZE = 1 << 20;
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/nginx")), "nginx not installed: apt-get install nginx-light");
        Path root = Files.createDirectories(tmp.resolve("www"));
        byte[] data = new byte[SIZE];
        new Random(31).nextBytes(data);
        Files.write(root.resolve("f.bin"), data);
        serve = new ProcessBuilder(Cli.command("serve", root.toString(), "--port", "0", "--threads", "1"))
                .redirectErrorStream(true).start();
        String first = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8)).readLine();
        assertTrue(first != null && first.startsWith("serving "), String.valueOf(first));
        servePort = Integer.parseInt(first.replaceAll(".*:(\\d+)/.*", "$1"));
        try (ServerSocket s = new ServerSocket(0)) {
            nginxPort = s.getLocalPort();
        }
        Path conf = tmp.resolve("nginx.conf");
        Files.writeString(conf, (System.getProperty("user.name").equals("root") ? "user root;\n" : "")
                + "worker_processes 1;\ndaemon off;\npid " + tmp.resolve("nginx.pid") + ";\nerror_log "
                + tmp.resolve("error.log") + ";\nevents { worker_connections 64; }\nhttp {\n access_log off;\n"
                + " sendfile on;\n default_type application/octet-stream;\n types { }\n"
                + " client_body_temp_path " + tmp + ";\n"
                + " server { listen 127.0.0.1:" + nginxPort + "; root " + root + "; }\n}\n");
        nginx = new ProcessBuilder("/usr/sbin/nginx", "-c", conf.toString(), "-p", tmp.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve("nginx.out").toFile()).start();
        for (int i = 0; ; i++) {
            try {
                if (get(nginxPort, "GET", new String[0]).statusCode() == 200) {
                    break;
                }
            } catch (IOException notYet) {
                assertTrue(i < 100, "nginx did not start: " + Files.readString(tmp.resolve("nginx.out")));
                Thread.sleep(100);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (Process p : new Process[] {serve, nginx}) {
            if (p != null) {
                p.destroy();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    static HttpResponse<byte[]> get(int port, String method, String[] headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/f.bin"))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(20));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** One request of the corpus: its headers from the server's own validators, and where the servers may differ. */
    record Case(String name, String method, Function<HttpResponse<byte[]>, String[]> headers, String allowedDifference) {
        static Case of(String name, String method, String... headers) {
            return new Case(name, method, first -> headers, null);
        }

        Case differs(String why) {
            return new Case(name, method, headers, why);
        }
    }

    static String etag(HttpResponse<byte[]> r) {
        return r.headers().firstValue("etag").orElseThrow();
    }

    static String modified(HttpResponse<byte[]> r) {
        return r.headers().firstValue("last-modified").orElseThrow();
    }

    static final String PAST = "Thu, 01 Jan 1970 00:00:00 GMT";

    static List<Case> corpus() {
        return List.of(
                Case.of("plain", "GET"),
                Case.of("head", "HEAD"),
                Case.of("first 100", "GET", "Range", "bytes=0-99"),
                Case.of("open range", "GET", "Range", "bytes=1000000-"),
                Case.of("suffix", "GET", "Range", "bytes=-100"),
                Case.of("suffix longer than the file", "GET", "Range", "bytes=-2000000"),
                Case.of("last byte past the end", "GET", "Range", "bytes=1048500-2000000"),
                Case.of("two ranges", "GET", "Range", "bytes=0-0,-1"),
                Case.of("three ranges, spaces", "GET", "Range", "bytes= 0-9 , 20-29,40-49"),
                Case.of("overlapping, less than the file", "GET", "Range", "bytes=0-99,50-149"),
                Case.of("overlapping, more than the file", "GET", "Range", "bytes=0-1048575,0-1048575"),
                Case.of("one satisfiable among unsatisfiable", "GET", "Range", "bytes=2000000-,0-9"),
                Case.of("unsatisfiable", "GET", "Range", "bytes=2000000-"),
                Case.of("another unit", "GET", "Range", "items=0-9"),
                Case.of("head of a range", "HEAD", "Range", "bytes=0-9"),
                Case.of("head of two ranges", "HEAD", "Range", "bytes=0-9,100-109"),
                Case.of("last before first", "GET", "Range", "bytes=5-3").differs(
                        "RFC 9110 14.1.1: an invalid range-spec makes the header invalid, to be ignored (200); nginx 416"),
                Case.of("not a number", "GET", "Range", "bytes=abc").differs(
                        "RFC 9110 14.2: a Range that does not parse is ignored (200); nginx 416"),
                new Case("If-None-Match current", "GET", r -> new String[] {"If-None-Match", etag(r)}, null),
                Case.of("If-None-Match stale", "GET", "If-None-Match", "\"stale\""),
                new Case("If-Modified-Since its date", "GET", r -> new String[] {"If-Modified-Since", modified(r)}, null),
                Case.of("If-Modified-Since long ago", "GET", "If-Modified-Since", PAST),
                Case.of("If-Match stale", "GET", "If-Match", "\"stale\""),
                new Case("If-Match current", "GET", r -> new String[] {"If-Match", etag(r)}, null),
                Case.of("If-Unmodified-Since long ago", "GET", "If-Unmodified-Since", PAST),
                new Case("If-Range current tag", "GET", r -> new String[] {"Range", "bytes=0-9", "If-Range", etag(r)}, null),
                Case.of("If-Range stale tag", "GET", "Range", "bytes=0-9", "If-Range", "\"stale\""),
                new Case("If-Range its date", "GET", r -> new String[] {"Range", "bytes=0-9", "If-Range", modified(r)}, null),
                Case.of("POST", "POST"));
    }

    @Test
    void serveAnswersTheCorpusAsNginxDoesOrAsTheRfcSays() throws Exception {
        HttpResponse<byte[]> serveFirst = get(servePort, "GET", new String[0]);
        HttpResponse<byte[]> nginxFirst = get(nginxPort, "GET", new String[0]);
        int agreed = 0;
        List<String> differences = new ArrayList<>();
        for (Case c : corpus()) {
            HttpResponse<byte[]> ours = get(servePort, c.method(), c.headers().apply(serveFirst));
            HttpResponse<byte[]> theirs = get(nginxPort, c.method(), c.headers().apply(nginxFirst));
            if (c.allowedDifference() != null) {
                assertEquals(200, ours.statusCode(), c.name());
                assertEquals(SIZE, ours.body().length, c.name());
                differences.add(c.name() + " (nginx " + theirs.statusCode() + "): " + c.allowedDifference());
                continue;
            }
            String what = c.name() + ": serve " + ours.statusCode() + " " + ours.headers().map() + ", nginx "
                    + theirs.statusCode() + " " + theirs.headers().map();
            assertEquals(theirs.statusCode(), ours.statusCode(), what);
            int status = ours.statusCode();
            if (status == 200 || status == 206) {
                assertEquals(theirs.headers().firstValue("content-length"), ours.headers().firstValue("content-length"), what);
                assertEquals(theirs.headers().firstValue("content-range"), ours.headers().firstValue("content-range"), what);
                assertEquals("bytes", ours.headers().firstValue("accept-ranges").orElse(""), what);
                String type = theirs.headers().firstValue("content-type").orElse("");
                if (type.startsWith("multipart/byteranges")) {
                    assertTrue(ours.headers().firstValue("content-type").orElse("").startsWith("multipart/byteranges"), what);
                    assertEquals(parts(theirs), parts(ours), what);
                } else {
                    assertArrayEquals(theirs.body(), ours.body(), what);
                }
            }
            if (status == 416) {
                assertEquals(theirs.headers().firstValue("content-range"), ours.headers().firstValue("content-range"), what);
            }
            if (status == 304) {
                assertEquals(0, ours.body().length, what);
                assertTrue(ours.headers().firstValue("etag").isPresent(), what);
            }
            if (status == 405) {
                assertEquals("GET, HEAD", ours.headers().firstValue("allow").orElse(""), what);
            }
            assertTrue(ours.headers().firstValue("date").isPresent(), what);
            agreed++;
        }
        System.out.println("[differential] " + agreed + " requests answered as nginx answers them; "
                + differences.size() + " differ as the RFC says: " + differences);
    }

    /** The parts of a multipart/byteranges body as "Content-Range: payload hash" lines, in order. */
    static List<String> parts(HttpResponse<byte[]> r) {
        String boundary = r.headers().firstValue("content-type").orElseThrow().replaceAll(".*boundary=", "");
        String body = new String(r.body(), StandardCharsets.ISO_8859_1);
        List<String> out = new ArrayList<>();
        for (String part : body.split("\r\n--" + java.util.regex.Pattern.quote(boundary), -1)) {
            int blank = part.indexOf("\r\n\r\n");
            if (blank < 0) {
                continue; // the preamble, or the closing "--"
            }
            String range = part.substring(0, blank).replaceAll("(?s).*Content-Range: ([^\r\n]+).*", "$1");
            out.add(range + " " + java.util.Arrays.hashCode(part.substring(blank + 4).getBytes(StandardCharsets.ISO_8859_1)));
        }
        return out;
    }
}
