package io.github.sendfile4j.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sendfile4j.Sendfile;
import io.github.sendfile4j.tests.example.DiskAwareFileServer;
import io.github.sendfile4j.tests.example.StaticFileServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Selector example is this tested program: a client that does not read at all must not hold
 * up another client (the event loop never waits), and both get the head and every byte of the file, on
 * whichever provider this execution uses.
 */
class StaticFileServerTest {
    @TempDir
    Path dir;

    @Test
    void aStalledClientNeverHoldsUpAnotherAndBothGetEveryByte() throws Exception {
        RandomFile big = RandomFile.create(dir, "big.bin", 16 << 20, 3);
        ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        Thread loop = new Thread(() -> {
            try {
                StaticFileServer.serve(server, big.path);
            } catch (Exception e) {
                // the test closes the server at the end
            }
        });
        loop.setDaemon(true);
        loop.start();
        CountDownLatch fastDone = new CountDownLatch(1);
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (Socket stalled = new Socket(); Socket fast = new Socket()) {
                // a small window, set before connecting: shrinking it on an open connection can stall
                // loopback TCP itself, whoever the sender is
                stalled.setReceiveBufferSize(4096);
                stalled.connect(new InetSocketAddress("127.0.0.1", server.socket().getLocalPort()));
                fast.connect(new InetSocketAddress("127.0.0.1", server.socket().getLocalPort()));
                Thread.sleep(200); // the server has accepted both and filled the stalled one's buffers
                assertArrayEquals(big.data, body(fast.getInputStream(), big.data.length));
                fastDone.countDown();
                assertArrayEquals(big.data, body(stalled.getInputStream(), big.data.length));
            }
        });
        assertEquals(0, fastDone.getCount());
        server.close();
        System.out.println("[example] " + Sendfile.provider().name() + ": two clients, 16 MiB each, exact");
    }

    static byte[] body(InputStream in, int length) throws Exception {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            head.write(in.read());
        }
        assertTrue(head.toString(StandardCharsets.US_ASCII).contains("Content-Length: " + length), head.toString());
        byte[] b = in.readAllBytes();
        return Arrays.copyOf(b, b.length);
    }

    @Test
    void theReadmeShowsThisVeryProgram() throws Exception {
        String source = new String(Files.readAllBytes(
                Paths.get("src/test/java/io/github/sendfile4j/tests/example/StaticFileServer.java")), StandardCharsets.UTF_8);
        String readme = new String(Files.readAllBytes(Paths.get("../README.md")), StandardCharsets.UTF_8);
        String program = source.substring(source.indexOf("import "));
        assertTrue(readme.contains(program), "README.md must show tests/.../example/StaticFileServer.java from its imports on");
    }

    @Test
    void theDiskAwareServerSendsAColdFileByteExactReadingItInOffTheLoop() throws Exception {
        RandomFile cold = RandomFile.create(dir, "cold.bin", 16 << 20, 4);
        for (String[] cmd : new String[][] {{"sync", cold.path.toString()},
                {"dd", "if=" + cold.path, "iflag=nocache", "count=0", "status=none"}}) {
            assertEquals(0, new ProcessBuilder(cmd).inheritIO().start().waitFor(), String.join(" ", cmd));
        }
        ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        java.util.concurrent.ExecutorService disk = java.util.concurrent.Executors.newFixedThreadPool(2);
        Thread loop = new Thread(() -> {
            try {
                DiskAwareFileServer.serve(server, cold.path, disk);
            } catch (Exception e) {
                // the test closes the server at the end
            }
        });
        loop.setDaemon(true);
        loop.start();
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            try (Socket a = new Socket("127.0.0.1", server.socket().getLocalPort());
                 Socket b = new Socket("127.0.0.1", server.socket().getLocalPort())) {
                assertArrayEquals(cold.data, body(a.getInputStream(), cold.data.length));
                assertArrayEquals(cold.data, body(b.getInputStream(), cold.data.length));
            }
        });
        server.close();
        disk.shutdownNow();
        System.out.println("[example] disk-aware, " + Sendfile.provider().name() + " (SF_NODISKIO "
                + (Sendfile.provider().supports(io.github.sendfile4j.SendFlag.SF_NODISKIO) ? "on" : "unsupported: plain sends")
                + "): two clients, a cold 16 MiB file each, exact");
    }

    @Test
    void theReadmeShowsTheDiskAwareProgramToo() throws Exception {
        String source = new String(Files.readAllBytes(
                Paths.get("src/test/java/io/github/sendfile4j/tests/example/DiskAwareFileServer.java")), StandardCharsets.UTF_8);
        String readme = new String(Files.readAllBytes(Paths.get("../README.md")), StandardCharsets.UTF_8);
        assertTrue(readme.contains(source.substring(source.indexOf("import "))),
                "README.md must show tests/.../example/DiskAwareFileServer.java from its imports on");
    }
}
