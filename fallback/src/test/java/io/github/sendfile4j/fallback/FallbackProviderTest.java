package io.github.sendfile4j.fallback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sendfile4j.SendFlag;
import io.github.sendfile4j.SendOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pure-Java provider on its own: real files, a real loopback socket, and what it refuses. */
class FallbackProviderTest {
    @TempDir
    Path dir;

    private final FallbackProvider provider = new FallbackProvider();

    private byte[] file(Path p, int size) throws IOException {
        byte[] d = new byte[size];
        new Random(size).nextBytes(d);
        Files.write(p, d);
        return d;
    }

    @Test
    void transferToASocketSendsTheRangeAndLeavesThePositionAlone() throws Exception {
        byte[] d = file(dir.resolve("s"), 1_000_000);
        try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             SocketChannel out = SocketChannel.open(server.getLocalAddress());
             SocketChannel in = server.accept();
             FileChannel src = FileChannel.open(dir.resolve("s"))) {
            src.position(12);
            CompletableFuture<byte[]> got = CompletableFuture.supplyAsync(() -> readAll(in));
            assertEquals(900_000, provider.transfer(src, 50_000, 900_000, out));
            out.shutdownOutput();
            assertArrayEquals(Arrays.copyOfRange(d, 50_000, 950_000), got.get(20, TimeUnit.SECONDS));
            assertEquals(12, src.position());
        }
    }

    @Test
    void transferToAFileStopsAtTheEndOfTheSource() throws Exception {
        byte[] d = file(dir.resolve("f"), 70_000);
        try (FileChannel src = FileChannel.open(dir.resolve("f"));
             FileChannel dst = FileChannel.open(dir.resolve("copy"), StandardOpenOption.CREATE_NEW,
                     StandardOpenOption.WRITE)) {
            assertEquals(60_000, provider.transfer(src, 10_000, Long.MAX_VALUE - 10_000, dst));
        }
        assertArrayEquals(Arrays.copyOfRange(d, 10_000, 70_000), Files.readAllBytes(dir.resolve("copy")));
    }

    @Test
    void itHonoursOnlyTheFlagThatMeansNothingAndRefusesRawDescriptors() {
        for (SendFlag f : SendFlag.values()) {
            assertEquals(f == SendFlag.SF_MNOWAIT, provider.supports(f), f.toString());
        }
        assertFalse(provider.capabilities().rawDescriptors());
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> provider.sendfile(1, 0, 0, 10, SendOptions.NONE));
        assertTrue(e.getMessage().contains("sendfile"), e.getMessage());
    }

    private static byte[] readAll(SocketChannel in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer b = ByteBuffer.allocate(1 << 16);
        try {
            while (in.read(b) >= 0) {
                out.write(b.array(), 0, b.position());
                b.clear();
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}
