package io.github.sendfile4j.netty;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.sendfile4j.SendFlag;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link FileSendChunks} through Netty's {@code ChunkedWriteHandler} on real loopback servers: a cold file goes
 * out byte exact while the event loop thread reads nothing from the disk (its own {@code read_bytes} in
 * {@code /proc/thread-self/io}, which counts what a thread made the block layer read), the read-ahead threads
 * reading it all; TLS gets the same bytes as buffers; every buffer released.
 */
class FileSendChunksTest {
    static final int COLD_SIZE = 24 << 20;
    static byte[] data;

    @TempDir
    static Path dir;
    static Path file;
    static ExecutorService pool;

    LoopbackServer server;
    final List<ByteBuf> headerBuffers = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void setUp() throws IOException {
        Leaks.install();
        data = new byte[COLD_SIZE];
        new Random(21).nextBytes(data);
        file = dir.resolve("cold.bin");
        try (FileChannel w = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            w.write(java.nio.ByteBuffer.wrap(data));
            w.force(true); // clean pages: evictable
        }
        pool = Executors.newFixedThreadPool(2);
    }

    @AfterAll
    static void noLeakWasReported() throws InterruptedException {
        pool.shutdownNow();
        Leaks.assertNoneReported("chunks, ");
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    /** What the calling thread has made the block layer read so far, in bytes; -1 where the kernel does not say. */
    static long threadReadBytes() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/thread-self/io"))) {
                if (line.startsWith("read_bytes:")) {
                    return Long.parseLong(line.substring("read_bytes:".length()).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /**
     * Drops the file from the page cache, again while {@code fincore} (from outside) sees some of it resident, for
     * up to a second: pages a socket or the kernel still holds when the previous send ends cannot be dropped at
     * once, and a few may stay.
     *
     * @return the file's bytes still resident
     */
    static long evict(Path f) throws Exception {
        long resident = -1;
        for (int attempt = 0; attempt < 50 && resident != 0; attempt++) {
            Process dd = new ProcessBuilder("dd", "if=" + f, "iflag=nocache", "count=0", "status=none").start();
            assertEquals(0, dd.waitFor(), "dd could not evict " + f);
            Process fincore = new ProcessBuilder("fincore", "-n", "-b", "-o", "RES", f.toString()).start();
            String out = new String(fincore.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            assertEquals(0, fincore.waitFor(), "fincore " + f);
            resident = Long.parseLong(out);
            if (resident != 0) {
                Thread.sleep(20);
            }
        }
        return resident;
    }

    /**
     * A server whose every connection gets the chunks {@code make} builds, through ChunkedWriteHandler (after
     * the TLS handshake when {@code tls} is given), then is closed.
     *
     * @param loopRead gets what the connection's event loop thread read from the disk while sending
     */
    int serve(String transport, SslContext tls, ChunksMaker make, Consumer<Long> loopRead) {
        server = new LoopbackServer(transport, 1, new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                if (tls != null) {
                    ch.pipeline().addLast(tls.newHandler(ch.alloc()));
                }
                ch.pipeline().addLast(new ChunkedWriteHandler(), new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        SslHandler ssl = ctx.pipeline().get(SslHandler.class);
                        if (ssl == null) {
                            send(ctx);
                        } else {
                            ssl.handshakeFuture().addListener(f -> send(ctx));
                        }
                    }

                    private void send(ChannelHandlerContext ctx) {
                        long before = threadReadBytes();
                        FileSendChunks chunks;
                        try {
                            chunks = make.make(ctx.channel());
                        } catch (IOException e) {
                            ctx.close();
                            throw new IllegalStateException(e);
                        }
                        ctx.writeAndFlush(chunks).addListener(f -> {
                            if (loopRead != null) {
                                loopRead.accept(threadReadBytes() - before);
                            }
                        }).addListener(ChannelFutureListener.CLOSE);
                    }
                });
            }
        });
        return server.port;
    }

    interface ChunksMaker {
        FileSendChunks make(Channel ch) throws IOException;
    }

    FileSendRegion.Builder withHeadAndTail(long position, long count) {
        ByteBuf head = Framing.headBuffer(position, count);
        ByteBuf tail = Framing.tailBuffer();
        headerBuffers.add(head);
        headerBuffers.add(tail);
        return FileSendRegion.builder(file, position, count).headers(head.retain()).trailers(tail.retain());
    }

    static byte[] expected(long position, int count) {
        return Framing.expected(data, position, count);
    }

    static byte[] readAll(Socket s) throws IOException {
        s.setSoTimeout(30_000);
        InputStream in = s.getInputStream();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[256 << 10];
        for (int n; (n = in.read(buf)) > 0;) {
            got.write(buf, 0, n);
        }
        return got.toByteArray();
    }

    /** Every header and trailer buffer released by the chunks, exactly once (a second release would throw). */
    void assertBuffersReleased() throws InterruptedException {
        for (ByteBuf b : headerBuffers) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (b.refCnt() > 1 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(1, b.refCnt(), "the chunks released their reference, and only that one");
            b.release();
        }
        headerBuffers.clear();
    }

    /**
     * The point of the read-ahead: with it, the event loop thread reads nothing from the disk for a cold file;
     * without it (the control, which shows the measure can see a loop that reads), the loop reads the file.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nio", "epoll"})
    void aColdFileGoesOutByteExactWithoutTheEventLoopReadingTheDisk(String transport) throws Exception {
        assumeTrue(threadReadBytes() >= 0, "/proc/thread-self/io has no read_bytes here");
        AtomicLong aheadRead = new AtomicLong();
        java.util.concurrent.Phaser running = new java.util.concurrent.Phaser(1);
        Executor counted = task -> {
            running.register();
            pool.execute(() -> {
                long before = threadReadBytes();
                task.run(); // completes the read-ahead's future: the loop may go on before the count below
                aheadRead.addAndGet(threadReadBytes() - before);
                running.arriveAndDeregister();
            });
        };
        AtomicReference<CompletableFuture<Long>> loopRead = new AtomicReference<>(new CompletableFuture<>());
        AtomicLong regionChunks = new AtomicLong();
        int port = serve(transport, null, ch -> {
            FileSendChunks c = withHeadAndTail(1000, COLD_SIZE - 2000).channel(ch).buildChunks(counted);
            regionChunks.set(c.buffers() ? 0 : 1);
            return c;
        }, n -> loopRead.get().complete(n));
        evict(file); // the warm-up takes the cold path too, so that no class is first loaded while measuring
        try (Socket warmUp = new Socket("127.0.0.1", port)) {
            readAll(warmUp); // classes loaded and the provider started: what is measured next is the file alone
        }
        loopRead.set(new CompletableFuture<>());
        aheadRead.set(0);
        assertBuffersReleased();
        long stillCached = evict(file);
        try (Socket s = new Socket("127.0.0.1", port)) {
            assertArrayEquals(expected(1000, COLD_SIZE - 2000), readAll(s));
        }
        long onLoop = loopRead.get().get(10, TimeUnit.SECONDS);
        assertEquals(1, regionChunks.get(), "a plain socket gets zero-copy regions");
        assertEquals(0, onLoop, "the event loop thread read from the disk");
        running.arriveAndAwaitAdvance(); // every read-ahead counted
        assumeTrue(aheadRead.get() > 0, "this file system reads nothing through the block layer (tmpfs?)");
        assertTrue(aheadRead.get() >= COLD_SIZE - stillCached - (1 << 20), "read ahead: " + aheadRead.get()
                + ", " + stillCached + " bytes could not be evicted");
        assertBuffersReleased();

        // The control: no executor, the loop reads the file itself, and the measure sees it.
        CompletableFuture<Long> controlRead = new CompletableFuture<>();
        stop();
        port = serve(transport, null, ch -> withHeadAndTail(1000, COLD_SIZE - 2000).channel(ch).buildChunks(null),
                controlRead::complete);
        long controlCached = evict(file);
        try (Socket s = new Socket("127.0.0.1", port)) {
            assertArrayEquals(expected(1000, COLD_SIZE - 2000), readAll(s));
        }
        long control = controlRead.get(10, TimeUnit.SECONDS);
        assertTrue(control >= (COLD_SIZE - controlCached) / 2, "without read-ahead the loop read only " + control
                + " bytes, " + controlCached + " could not be evicted");
        assertBuffersReleased();
        System.out.println("[netty disk] " + io.netty.util.Version.identify().get("netty-transport").artifactVersion()
                + " " + transport + ": cold " + (COLD_SIZE >> 20) + " MiB in chunks: event loop"
                + " read " + onLoop + " bytes from the disk, read-ahead threads " + aheadRead.get() + " ("
                + stillCached + " bytes stayed cached); without read-ahead the event loop read " + control + " ("
                + controlCached + " stayed cached)");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nio", "epoll"})
    void overTlsTheSameBytesGoAsBuffers(String transport) throws Exception {
        Path keys = dir.resolve("keys-" + transport + ".p12");
        Process keytool = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=localhost",
                "-validity", "2", "-keystore", keys.toString(), "-storetype", "PKCS12", "-storepass", "secret",
                "-keypass", "secret").redirectErrorStream(true).start();
        keytool.getInputStream().readAllBytes();
        assertEquals(0, keytool.waitFor(), "keytool");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keys)) {
            ks.load(in, "secret".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "secret".toCharArray());
        SslContext tls = SslContextBuilder.forServer(kmf).build();
        AtomicLong bufferChunks = new AtomicLong();
        int port = serve(transport, tls, ch -> {
            FileSendChunks c = withHeadAndTail(7, (5 << 20) + 3).channel(ch).buildChunks(pool);
            bufferChunks.set(c.buffers() ? 1 : 0);
            return c;
        }, null);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, new TrustManager[] {new TrustingTestServer()}, null);
        try (Socket s = client.getSocketFactory().createSocket("127.0.0.1", port)) {
            assertArrayEquals(expected(7, (5 << 20) + 3), readAll(s));
        }
        assertEquals(1, bufferChunks.get(), "TLS gets buffers");
        assertBuffersReleased();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"nio", "epoll"})
    void aReaderThatVanishesEndsTheInputAndReleasesItsBuffers(String transport) throws Exception {
        List<FileSendChunks> made = new CopyOnWriteArrayList<>();
        int port = serve(transport, null, ch -> {
            FileSendChunks c = withHeadAndTail(0, COLD_SIZE).channel(ch).buildChunks(pool);
            made.add(c);
            return c;
        }, null);
        for (int i = 0; i < 3; i++) {
            evict(file);
            try (Socket s = new Socket("127.0.0.1", port)) {
                s.getInputStream().read(new byte[1000]);
            }
        }
        assertBuffersReleased();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (made.stream().anyMatch(c -> !c.isEndOfInput()) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        for (FileSendChunks c : made) {
            assertTrue(c.isEndOfInput(), c.toString());
        }
    }

    @Test
    void argumentsAreChecked() throws Exception {
        IllegalArgumentException noDiskIo = assertThrows(IllegalArgumentException.class,
                () -> FileSendRegion.builder(file, 0, 10).flags(SendFlag.SF_NODISKIO).build());
        assertTrue(noDiskIo.getMessage().contains("buildChunks"), noDiskIo.getMessage());
        ByteBuf head = PooledByteBufAllocator.DEFAULT.buffer().writeByte('h');
        IllegalStateException noChannel = assertThrows(IllegalStateException.class,
                () -> FileSendRegion.builder(file, 0, 10).headers(head).buildChunks(pool));
        assertTrue(noChannel.getMessage().contains("channel(ch)"), noChannel.getMessage());
        assertEquals(0, head.refCnt(), "a builder that builds nothing releases its buffers");
        EmbeddedChannel embedded = new EmbeddedChannel();
        FileSendChunks c = FileSendRegion.builder(file, 0, 10).channel(embedded).buildChunks(null);
        assertTrue(c.buffers(), "an embedded channel gets buffers");
        assertFalse(c.isEndOfInput());
        c.close();
        assertTrue(c.isEndOfInput());
        embedded.finishAndReleaseAll();
    }

    /** The test's own self-signed server, trusted by its client. */
    static final class TrustingTestServer implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
