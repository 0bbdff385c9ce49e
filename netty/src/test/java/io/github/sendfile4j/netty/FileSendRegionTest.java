package io.github.sendfile4j.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.sendfile4j.Sendfile;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelProgressiveFuture;
import io.netty.channel.ChannelProgressiveFutureListener;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.Version;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link FileSendRegion} on real Netty servers on loopback, NIO and epoll, read by real sockets: bytes exact for
 * many clients, slow and vanishing readers, a range past 2 GiB; every region and header buffer released exactly
 * once (reference counts, with leak detection at PARANOID); progress reported to the write's promise.
 */
class FileSendRegionTest {
    static final int SIZE = 8 << 20;
    static byte[] data;

    @TempDir
    static Path dir;
    static Path file;

    LoopbackServer server;
    final List<FileSendRegion> regions = new CopyOnWriteArrayList<>();
    final List<ByteBuf> headerBuffers = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void setUp() throws IOException {
        Leaks.install();
        data = new byte[SIZE];
        new Random(4).nextBytes(data);
        file = Files.write(dir.resolve("data.bin"), data);
        System.out.println("[netty] " + Version.identify().get("netty-transport") + ", provider "
                + Sendfile.provider().name() + " " + Sendfile.provider().details().get("gateway"));
    }

    @org.junit.jupiter.api.AfterAll
    static void noLeakWasReported() throws InterruptedException {
        Leaks.assertNoneReported("");
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** A server that answers every connection with the region {@code make} builds, then closes. */
    int serve(String transport, Function<Channel, FileSendRegion> make, ChannelProgressiveFutureListener progress) {
        server = new LoopbackServer(transport, 2, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        FileSendRegion region = make.apply(ctx.channel());
                        regions.add(region);
                        ChannelFuture f = ctx.writeAndFlush(region, ctx.newProgressivePromise());
                        if (progress != null) {
                            f.addListener(progress);
                        }
                        f.addListener(ChannelFutureListener.CLOSE);
                    }
                });
            }
        });
        return server.port;
    }

    FileSendRegion region(Channel ch, long position, long count) {
        try {
            ByteBuf head = Framing.headBuffer(position, count);
            headerBuffers.add(head);
            ByteBuf tail = Framing.tailBuffer();
            headerBuffers.add(tail);
            return FileSendRegion.builder(file, position, count).headers(head.retain()).trailers(tail.retain())
                    .channel(ch).build();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] expected(long position, int count) {
        return Framing.expected(data, position, count);
    }

    static byte[] readAll(int port, int bytesPerRead, long pauseMillis) throws Exception {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(30_000);
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[bytesPerRead];
            for (int n; (n = in.read(buf)) > 0;) {
                got.write(buf, 0, n);
                if (pauseMillis > 0) {
                    Thread.sleep(pauseMillis);
                }
            }
            return got.toByteArray();
        }
    }

    /** Every region and every header and trailer buffer released, exactly once (a second release would throw). */
    void assertAllReleased() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline && regions.stream().anyMatch(r -> r.refCnt() != 0)) {
            Thread.sleep(10);
        }
        for (FileSendRegion r : regions) {
            assertEquals(0, r.refCnt(), r.toString());
        }
        for (ByteBuf b : headerBuffers) {
            assertEquals(1, b.refCnt(), "the region released its reference, and only that one");
            b.release();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nio", "epoll"})
    void manyClientsGetHeaderRangeAndTrailerExact(String transport) throws Exception {
        int port = serve(transport, ch -> region(ch, 1000, 3_000_000), null);
        List<CompletableFuture<byte[]>> all = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            all.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return readAll(port, 64 << 10, 0);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        byte[] want = expected(1000, 3_000_000);
        for (CompletableFuture<byte[]> f : all) {
            assertArrayEquals(want, f.get(60, TimeUnit.SECONDS));
        }
        assertAllReleased();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nio", "epoll"})
    void aSlowReaderGetsEveryByteAndProgressIsReported(String transport) throws Exception {
        AtomicLong lastProgress = new AtomicLong(-1);
        AtomicLong total = new AtomicLong(-1);
        int port = serve(transport, ch -> region(ch, 0, SIZE), new ChannelProgressiveFutureListener() {
            @Override
            public void operationProgressed(ChannelProgressiveFuture f, long progress, long max) {
                lastProgress.set(progress);
                total.set(max);
            }

            @Override
            public void operationComplete(ChannelProgressiveFuture f) {
            }
        });
        byte[] got = readAll(port, 256 << 10, 5);
        assertArrayEquals(expected(0, SIZE), got);
        assertAllReleased();
        assertEquals(regions.get(0).count(), total.get(), "progress total");
        assertEquals(regions.get(0).count(), lastProgress.get(), "last progress");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nio", "epoll"})
    void aReaderThatVanishesReleasesTheRegionOnce(String transport) throws Exception {
        int port = serve(transport, ch -> region(ch, 0, SIZE), null);
        for (int i = 0; i < 5; i++) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getInputStream().read(new byte[1000]);
            }
        }
        assertAllReleased();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nio", "epoll"})
    void aRangePastTwoGibibytesOfASparseFileArrivesWhole(String transport) throws Exception {
        Path sparse = dir.resolve("sparse-" + transport + ".bin");
        try (RandomAccessFile f = new RandomAccessFile(sparse.toFile(), "rw")) {
            f.setLength(5L << 30);
            f.seek((5L << 30) - 4);
            f.write(new byte[] {1, 2, 3, 4});
        }
        long from = (5L << 30) - (2L << 30) - 100;
        int port = serve(transport, ch -> {
            try {
                return FileSendRegion.builder(sparse, from, Sendfile.TO_END_OF_FILE).channel(ch).build();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, null);
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(60_000);
            InputStream in = s.getInputStream();
            byte[] buf = new byte[1 << 20];
            long n = 0;
            byte[] last = new byte[4];
            for (int r; (r = in.read(buf)) > 0;) {
                n += r;
                if (r >= 4) {
                    last = Arrays.copyOfRange(buf, r - 4, r);
                }
            }
            assertEquals((2L << 30) + 100, n);
            assertArrayEquals(new byte[] {1, 2, 3, 4}, last);
        }
        assertAllReleased();
        Files.delete(sparse);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nio", "epoll"})
    void aFileShorterThanTheRangeFailsTheWriteInsteadOfHanging(String transport) throws Exception {
        Path shorter = Files.write(dir.resolve("short-" + transport + ".bin"), new byte[1000]);
        CompletableFuture<Throwable> failure = new CompletableFuture<>();
        int port = serve(transport, ch -> {
            try {
                return FileSendRegion.builder(shorter, 0, 5000).channel(ch).build();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, new ChannelProgressiveFutureListener() {
            @Override
            public void operationProgressed(ChannelProgressiveFuture f, long progress, long max) {
            }

            @Override
            public void operationComplete(ChannelProgressiveFuture f) {
                failure.complete(f.cause());
            }
        });
        byte[] got = readAll(port, 4096, 0);
        assertEquals(1000, got.length);
        Throwable cause = failure.get(10, TimeUnit.SECONDS);
        assertTrue(cause instanceof IOException && cause.getMessage().contains("file ended before"), String.valueOf(cause));
        assertAllReleased();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nio", "epoll"})
    void nioBuffersAsHeaderAndTrailerAreSentFromTheirPositions(String transport) throws Exception {
        java.nio.ByteBuffer head = java.nio.ByteBuffer.allocateDirect(64);
        head.put("skip|HEAD 5+7\r\n".getBytes(StandardCharsets.US_ASCII)).flip().position(5);
        int port = serve(transport, ch -> {
            try {
                return FileSendRegion.builder(file, 5, 7).headers(head.duplicate())
                        .trailers(java.nio.ByteBuffer.wrap("\r\nTAIL".getBytes(StandardCharsets.US_ASCII)))
                        .channel(ch).build();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, null);
        assertArrayEquals(expected(5, 7), readAll(port, 4096, 0));
        assertAllReleased();
    }

    @org.junit.jupiter.api.Test
    void argumentsAreChecked() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> FileSendRegion.builder(file, -1, 10));
        assertThrows(IllegalArgumentException.class, () -> FileSendRegion.builder(file, 0, -10));
        assertThrows(NullPointerException.class, () -> FileSendRegion.builder((Path) null, 0, 1));
        FileSendRegion r = FileSendRegion.builder(file, 0, 10).build();
        assertThrows(IllegalArgumentException.class, () -> r.transferTo(java.nio.channels.Channels.newChannel(
                new ByteArrayOutputStream()), 5));
        assertTrue(r.release());
        assertThrows(IllegalStateException.class, () -> r.transferTo(java.nio.channels.Channels.newChannel(
                new ByteArrayOutputStream()), 0));
    }
}
