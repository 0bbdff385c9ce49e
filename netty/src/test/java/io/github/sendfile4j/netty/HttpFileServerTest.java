package io.github.sendfile4j.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.sendfile4j.netty.example.HttpFileServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The README's Netty example ({@link HttpFileServer}) run as written on NIO and epoll: GET, HEAD, ranges and
 * keep-alive over one connection, bytes exact; and, where strace is installed, seen from outside the code:
 * each GET's head and file leave as one {@code sendmsg(MSG_MORE)} and {@code sendfile}, the head never
 * written on its own.
 */
class HttpFileServerTest {
    @TempDir
    Path dir;

    static final class Response {
        int status;
        final Map<String, String> headers = new LinkedHashMap<>();
        byte[] body;
    }

    static Response read(InputStream in, boolean head) throws IOException {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed after " + h);
            }
            h.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
        String[] lines = h.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        Response r = new Response();
        r.status = Integer.parseInt(lines[0].split(" ")[1]);
        for (int i = 1; i < lines.length; i++) {
            int c = lines[i].indexOf(':');
            r.headers.put(lines[i].substring(0, c).toLowerCase(), lines[i].substring(c + 1).trim());
        }
        r.body = in.readNBytes(head ? 0 : Integer.parseInt(r.headers.get("content-length")));
        return r;
    }

    @org.junit.jupiter.api.BeforeAll
    static void detectLeaks() {
        Leaks.install();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nio", "epoll"})
    void getHeadRangesAndKeepAliveAsWritten(String transport) throws Exception {
        byte[] data = new byte[1_000_000];
        new Random(8).nextBytes(data);
        Files.write(dir.resolve("blob.bin"), data);
        try (LoopbackServer server = new LoopbackServer(transport, 1, new HttpFileServer(dir))) {
            int port = server.port;
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.setSoTimeout(20_000);
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                out.write("GET /blob.bin HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                Response full = read(in, false);
                assertEquals(200, full.status);
                assertArrayEquals(data, full.body);
                out.write("HEAD /blob.bin HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                Response head = read(in, true);
                assertEquals("1000000", head.headers.get("content-length"));
                out.write("GET /blob.bin HTTP/1.1\r\nHost: x\r\nRange: bytes=100-199\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                Response part = read(in, false);
                assertEquals(206, part.status);
                assertEquals("bytes 100-199/1000000", part.headers.get("content-range"));
                assertArrayEquals(Arrays.copyOfRange(data, 100, 200), part.body);
                out.write("GET /blob.bin HTTP/1.1\r\nHost: x\r\nRange: bytes=999000-\r\nConnection: close\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
                Response tail = read(in, false);
                assertArrayEquals(Arrays.copyOfRange(data, 999_000, 1_000_000), tail.body);
                assertEquals(-1, in.read(), "closed after Connection: close");
            }
            straceShowsOneSendmsgAndSendfilePerGet(port, transport);
        }
    }

    /**
     * @return the reads (read, pread64) of a descriptor while it names {@code name}: from the openat that
     *         returned it to its close, in strace -f's order (a call split by another thread's is joined)
     */
    static long readsOfOpenFile(List<String> lines, String name) {
        java.util.Map<String, Boolean> pendingOpen = new java.util.HashMap<>();
        java.util.Set<String> open = new java.util.HashSet<>();
        java.util.regex.Pattern result = java.util.regex.Pattern.compile("= (\\d+)$");
        java.util.regex.Pattern firstArg = java.util.regex.Pattern.compile("\\b(read|pread64|close)\\((\\d+)");
        long reads = 0;
        for (String l : lines) {
            String tid = l.split(" ", 2)[0];
            if (l.contains("openat(") && l.contains(name)) {
                java.util.regex.Matcher m = result.matcher(l);
                if (m.find()) {
                    open.add(m.group(1));
                } else {
                    pendingOpen.put(tid, true);
                }
                continue;
            }
            if (l.contains("<... openat resumed>") && pendingOpen.remove(tid) != null) {
                java.util.regex.Matcher m = result.matcher(l);
                if (m.find()) {
                    open.add(m.group(1));
                }
                continue;
            }
            java.util.regex.Matcher m = firstArg.matcher(l);
            if (m.find() && open.contains(m.group(2))) {
                if (m.group(1).equals("close")) {
                    open.remove(m.group(2));
                } else {
                    reads++;
                }
            }
        }
        return reads;
    }

    /** From outside the JVM: strace -f on this process while 20 GETs of a small file are answered. */
    void straceShowsOneSendmsgAndSendfilePerGet(int port, String transport) throws Exception {
        Path straceTool = Path.of("/usr/bin/strace"); // the one the build's summary of skipped checks looks for
        assumeTrue(Files.isExecutable(straceTool), "strace not installed: apt-get install strace");
        Files.write(dir.resolve("small.bin"), new byte[3000]);
        Path log = dir.resolve("strace.txt");
        Process strace = new ProcessBuilder(straceTool.toString(), "-f", "-qq", "-e", "trace=sendmsg,sendfile,write,writev,pread64,read,openat,close",
                "-e", "signal=none", "-o", log.toString(), "-p", String.valueOf(ProcessHandle.current().pid()))
                .redirectErrorStream(true).start();
        Thread.sleep(1500); // attached to every thread
        int gets = 20;
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            for (int i = 0; i < gets; i++) {
                s.getOutputStream().write("GET /small.bin HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                assertEquals(3000, read(s.getInputStream(), false).body.length);
            }
        }
        Thread.sleep(300);
        strace.destroy();
        strace.waitFor(10, TimeUnit.SECONDS);
        List<String> lines = Files.readAllLines(log);
        long sendmsgMore = lines.stream().filter(l -> l.contains("sendmsg(") && l.contains("HTTP/1.1 200")
                && l.contains("MSG_MORE")).count();
        long sendfile = lines.stream().filter(l -> l.contains("sendfile(")).count(); // a call's first line
        long headAlone = lines.stream().filter(l -> (l.contains("write(") || l.contains("writev("))
                && l.contains("HTTP/1.1 200")).count();
        long fileRead = readsOfOpenFile(lines, "small.bin");
        System.out.println("[netty strace] " + transport + ": " + gets + " GETs: " + sendmsgMore
                + " sendmsg(MSG_MORE) with the head, " + sendfile + " sendfile of the file, " + headAlone
                + " heads written alone, " + fileRead + " reads of the file");
        assertEquals(gets, sendmsgMore, "one sendmsg(MSG_MORE) carrying the head per GET");
        assertEquals(gets, sendfile, "one sendfile per GET");
        assertEquals(0, headAlone, "no head written on its own");
        assertEquals(0, fileRead, "the file's bytes never read into user space");
    }
}
