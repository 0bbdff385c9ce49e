package io.github.sendfile4j.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.sendfile4j.FileSend;
import io.github.sendfile4j.SendFlag;
import io.github.sendfile4j.Sendfile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.Pipe;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FileSend} on real sockets, pipes and files, with the same expectations on every provider: the
 * exact bytes in order (headers, file range, trailers), counters that add up, and a non-blocking target that
 * is never waited on.
 */
@ParameterizedClass(name = "[{0}]")
@MethodSource("io.github.sendfile4j.tests.Providers#all")
class FileSendTest extends ProviderSuite {
    private static final int SIZE = (8 << 20) + 4321;

    @TempDir
    Path dir;
    private byte[] data;
    private Path file;

    @BeforeEach
    void setUp() throws IOException {
        RandomFile f = RandomFile.create(dir, "data.bin", SIZE, 11);
        data = f.data;
        file = f.path;
    }

    private static ByteBuffer ascii(String s, boolean direct) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        return direct ? ByteBuffer.allocateDirect(b.length).put(b).flip() : ByteBuffer.wrap(b);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p, 0, p.length);
        }
        return out.toByteArray();
    }

    private byte[] slice(long from, long to) {
        return java.util.Arrays.copyOfRange(data, (int) from, (int) to);
    }

    /** Drives a non-blocking socket from a Selector, as an event loop does, until the send is done. */
    private static void driveWithSelector(FileSend send, java.nio.channels.SocketChannel socket) throws IOException {
        try (Selector selector = Selector.open()) {
            socket.register(selector, SelectionKey.OP_WRITE);
            while (!send.isDone()) {
                selector.select(1000);
                selector.selectedKeys().clear();
                send.sendTo(socket);
            }
        }
    }

    @Test
    void aFullNonBlockingSocketGetsZeroNotAWaitAndTheResponseArrivesExactlyLater() throws Exception {
        String head = "HTTP/1.1 200 OK\r\nContent-Length: " + (SIZE - 1000) + "\r\n\r\n";
        String tail = "\r\n-- end of slice --\r\n";
        try (FileChannel in = FileChannel.open(file); Loopback lo = Loopback.open()) {
            lo.sender.configureBlocking(false);
            ByteBuffer h = ascii(head, true);
            ByteBuffer t = ascii(tail, false);
            FileSend send = calls.fileSend(in, 1000, SIZE - 1000).headers(h).trailers(t).build();
            // Nobody reads yet: if sendTo waited, this would never end.
            long first = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
                long sent = 0;
                for (long n; (n = send.sendTo(lo.sender)) > 0;) {
                    sent += n;
                }
                return sent;
            });
            assertTrue(first > 0 && first < SIZE, "the socket took " + first + " bytes before it was full");
            assertFalse(send.isDone());
            assertEquals(0, send.sendTo(lo.sender), "still full: 0, at once");
            assertEquals(first, send.totalBytesSent());
            CompletableFuture<byte[]> received = lo.readAllAsync();
            driveWithSelector(send, lo.sender);
            lo.sender.shutdownOutput();
            byte[] expected = concat(head.getBytes(StandardCharsets.US_ASCII), slice(1000, SIZE),
                    tail.getBytes(StandardCharsets.US_ASCII));
            assertArrayEquals(expected, received.get(60, TimeUnit.SECONDS));
            assertEquals(SIZE - 1000, send.fileBytesSent());
            assertEquals(expected.length, send.totalBytesSent());
            assertEquals(0, send.headerBytesRemaining());
            assertEquals(0, send.trailerBytesRemaining());
            assertFalse(h.hasRemaining() || t.hasRemaining(), "buffers advanced to their limits");
            assertEquals(0, in.position(), "the file's position is never changed");
        }
    }

    /**
     * With maxFileBytesPerSend, a non-blocking socket with room for everything still gets at most that many
     * file bytes per call (an event loop's turn), the trailers only after the last; a blocking one gets all.
     */
    @Test
    void maxFileBytesPerSendBoundsEachCallOnANonBlockingSocket() throws Exception {
        int cap = 64 << 10;
        try (FileChannel in = FileChannel.open(file); Loopback lo = Loopback.open()) {
            lo.sender.configureBlocking(false);
            CompletableFuture<byte[]> received = lo.readAllAsync();
            FileSend send = calls.fileSend(in, 0, 1 << 20).headers(ascii("HEAD", true)).trailers(ascii("TAIL", false))
                    .maxFileBytesPerSend(cap).build();
            int calls = 0;
            try (Selector selector = Selector.open()) {
                lo.sender.register(selector, SelectionKey.OP_WRITE);
                while (!send.isDone()) {
                    selector.select(1000);
                    selector.selectedKeys().clear();
                    long fileBefore = send.fileBytesSent();
                    send.sendTo(lo.sender);
                    assertTrue(send.fileBytesSent() - fileBefore <= cap, (send.fileBytesSent() - fileBefore)
                            + " file bytes in one call");
                    if (send.fileBytesSent() < 1 << 20) {
                        assertEquals(4, send.trailerBytesRemaining(), "trailers before the last file byte");
                    }
                    calls++;
                }
            }
            lo.sender.shutdownOutput();
            assertArrayEquals(concat("HEAD".getBytes(StandardCharsets.US_ASCII), slice(0, 1 << 20),
                    "TAIL".getBytes(StandardCharsets.US_ASCII)), received.get(60, TimeUnit.SECONDS));
            assertTrue(calls >= (1 << 20) / cap, calls + " calls");
        }
        try (Loopback lo = Loopback.open()) {
            CompletableFuture<byte[]> received = lo.readAllAsync();
            FileSend send = calls.fileSend(file, 0, 1 << 20).maxFileBytesPerSend(cap).build();
            assertEquals(1 << 20, send.sendTo(lo.sender), "a blocking socket: everything in one call");
            lo.sender.shutdownOutput();
            assertArrayEquals(slice(0, 1 << 20), received.get(60, TimeUnit.SECONDS));
        }
        try (FileChannel in = FileChannel.open(file)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> calls.fileSend(in, 0, 10).maxFileBytesPerSend(0));
            assertTrue(e.getMessage().contains("maxFileBytesPerSend must be > 0, was 0"), e.getMessage());
        }
    }

    @Test
    void aBlockingSocketGetsEverythingInOneCall() throws Exception {
        try (Loopback lo = Loopback.open()) {
            CompletableFuture<byte[]> received = lo.readAllAsync();
            FileSend send = calls.fileSend(file, 0, Sendfile.TO_END_OF_FILE)
                    .headers(ascii("head:", false), ascii("more head:", true)).trailers(ascii(":tail", true)).build();
            long n = send.sendTo(lo.sender);
            lo.sender.shutdownOutput();
            assertTrue(send.isDone());
            assertEquals(SIZE + 20, n);
            assertArrayEquals(concat("head:more head:".getBytes(StandardCharsets.US_ASCII), data,
                    ":tail".getBytes(StandardCharsets.US_ASCII)), received.get(60, TimeUnit.SECONDS));
            // A send made from a Path closed its file when done: it cannot start over.
            assertThrows(IllegalStateException.class, send::rewind);
            send.close();
        }
    }

    @Test
    void rewindSendsTheSameResponseAgain() throws Exception {
        try (FileChannel in = FileChannel.open(file); Loopback lo = Loopback.open()) {
            lo.sender.configureBlocking(false);
            CompletableFuture<byte[]> received = lo.readAllAsync();
            ByteBuffer h = ascii("xxHEAD", false);
            h.position(2); // from the position it had when built, not from 0
            FileSend send = calls.fileSend(in, 5, 70000).headers(h).trailers(ascii("TAIL", false)).build();
            for (int round = 0; round < 3; round++) {
                driveWithSelector(send.rewind(), lo.sender);
                assertEquals(70008, send.totalBytesSent());
            }
            lo.sender.shutdownOutput();
            byte[] one = concat("HEAD".getBytes(StandardCharsets.US_ASCII), slice(5, 70005),
                    "TAIL".getBytes(StandardCharsets.US_ASCII));
            assertArrayEquals(concat(one, one, one), received.get(60, TimeUnit.SECONDS));
        }
    }

    @Test
    void aCountBeyondTheEndOfTheFileEndsAtTheEndAndStillSendsTheTrailers() throws Exception {
        for (long count : new long[] {SIZE + 1L, Sendfile.TO_END_OF_FILE}) {
            try (FileChannel in = FileChannel.open(file); Loopback lo = Loopback.open()) {
                lo.sender.configureBlocking(false);
                CompletableFuture<byte[]> received = lo.readAllAsync();
                FileSend send = calls.fileSend(in, SIZE - 100, count).headers(ascii("H", false))
                        .trailers(ascii("T", true)).build();
                driveWithSelector(send, lo.sender);
                lo.sender.shutdownOutput();
                assertEquals(100, send.fileBytesSent());
                assertArrayEquals(concat(new byte[] {'H'}, slice(SIZE - 100, SIZE), new byte[] {'T'}),
                        received.get(60, TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void anOffsetPastTheEndAndAHeadersOnlySendStillSendHeadersAndTrailers() throws Exception {
        try (FileChannel in = FileChannel.open(file); Loopback lo = Loopback.open()) {
            lo.sender.configureBlocking(false);
            CompletableFuture<byte[]> received = lo.readAllAsync();
            FileSend past = calls.fileSend(in, SIZE + 10, 50).headers(ascii("a", false)).trailers(ascii("b", false))
                    .build();
            driveWithSelector(past, lo.sender);
            FileSend none = calls.fileSend().headers(ascii("c", true)).trailers(ascii("d", true)).build();
            driveWithSelector(none, lo.sender);
            lo.sender.shutdownOutput();
            assertEquals(0, past.fileBytesSent());
            assertArrayEquals("abcd".getBytes(StandardCharsets.US_ASCII), received.get(60, TimeUnit.SECONDS));
        }
    }

    @Test
    void pipesAndFilesAreTargetsToo() throws Exception {
        Pipe pipe = Pipe.open();
        pipe.sink().configureBlocking(false);
        CompletableFuture<byte[]> fromPipe = CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer b = ByteBuffer.allocate(1 << 16);
            try {
                while (pipe.source().read(b) >= 0) {
                    out.write(b.array(), 0, b.position());
                    b.clear();
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
            return out.toByteArray();
        });
        FileSend toPipe = calls.fileSend(file, 7, 300000).headers(ascii("<", false)).trailers(ascii(">", false))
                .build();
        while (!toPipe.isDone()) {
            toPipe.sendTo(pipe.sink());
        }
        pipe.sink().close();
        assertArrayEquals(concat(new byte[] {'<'}, slice(7, 300007), new byte[] {'>'}), fromPipe.get(60, TimeUnit.SECONDS));

        Path out = dir.resolve("out.bin");
        try (FileChannel target = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            FileSend toFile = calls.fileSend(file, 0, SIZE).headers(ascii("[", true)).trailers(ascii("]", true)).build();
            assertEquals(SIZE + 2, toFile.sendTo(target));
            assertTrue(toFile.isDone());
        }
        assertArrayEquals(concat(new byte[] {'['}, data, new byte[] {']'}), Files.readAllBytes(out));
    }

    @Test
    void badInputIsRefusedNamingTheValueAndNothingIsSent() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> calls.fileSend(file, -3, 10));
        assertTrue(e.getMessage().contains("position") && e.getMessage().contains("-3"), e.getMessage());
        try (FileChannel in = FileChannel.open(file)) {
            e = assertThrows(IllegalArgumentException.class, () -> calls.fileSend(in, 0, -9));
            assertTrue(e.getMessage().contains("count") && e.getMessage().contains("-9"), e.getMessage());
            assertThrows(NullPointerException.class, () -> calls.fileSend((FileChannel) null, 0, 1));
            assertThrows(NullPointerException.class, () -> calls.fileSend(in, 0, 1).headers((ByteBuffer) null));
            FileSend send = calls.fileSend(in, 0, 10).build();
            assertThrows(NullPointerException.class, () -> send.sendTo(null));
            try (Loopback lo = Loopback.open()) {
                lo.sender.close();
                assertThrows(ClosedChannelException.class, () -> send.sendTo(lo.sender));
                assertEquals(0, send.totalBytesSent());
            }
            for (SendFlag flag : SendFlag.values()) {
                if (!calls.provider().supports(flag)) {
                    assertThrows(UnsupportedOperationException.class,
                            () -> calls.fileSend(in, 0, 10).flags(flag).build(), flag.name());
                }
            }
        }
        assertThrows(java.nio.file.NoSuchFileException.class, () -> calls.fileSend(dir.resolve("nope"), 0, 1));
    }

    @Test
    void aClosedFileEndsTheSendWithClosedChannelException() throws Exception {
        FileChannel in = FileChannel.open(file);
        FileSend send = calls.fileSend(in, 0, SIZE).build();
        in.close();
        try (WritableByteChannel sink = FileChannel.open(dir.resolve("x"), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE)) {
            assertThrows(ClosedChannelException.class, () -> send.sendTo(sink));
        }
    }

    /**
     * A channel that is no socket (a framework's channel, an adapter), taking at most {@code budget} bytes in
     * all, {@code step} bytes a write; a write past the budget takes nothing, as a full non-blocking channel.
     */
    private static class ThrottledChannel implements WritableByteChannel {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        long budget;
        final int step;
        int writes;
        boolean open = true;

        ThrottledChannel(long budget, int step) {
            this.budget = budget;
            this.step = step;
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            writes++;
            int n = (int) Math.min(Math.min(src.remaining(), step), budget);
            byte[] b = new byte[n];
            src.get(b);
            received.write(b, 0, n);
            budget -= n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }

    @Test
    void aChannelThatTakesNothingEndsSendToWithWhatWasSentAndItResumesLater() throws Exception {
        try (FileChannel ch = FileChannel.open(file)) {
            FileSend send = calls.fileSend(ch, 0, 100_000).headers(ascii("HEAD", false))
                    .trailers(ascii("TAIL", true)).build();
            ThrottledChannel full = new ThrottledChannel(0, 8192);
            long n = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> send.sendTo(full));
            assertEquals(0, n);
            assertTrue(full.writes < 10, "a full channel was written " + full.writes + " times");
            // Then it trickles: each call ends where the channel stops taking, and the whole arrives in order.
            ThrottledChannel trickle = new ThrottledChannel(0, 1000);
            int calls = 0;
            while (!send.isDone()) {
                trickle.budget += 7_000;
                long before = send.totalBytesSent();
                long sent = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> send.sendTo(trickle));
                assertEquals(send.totalBytesSent() - before, sent);
                assertEquals(trickle.received.size(), send.totalBytesSent());
                calls++;
                assertTrue(calls < 100, "no progress");
            }
            byte[] body = java.util.Arrays.copyOfRange(data, 0, 100_000);
            assertArrayEquals(concat("HEAD".getBytes(StandardCharsets.US_ASCII), body,
                    "TAIL".getBytes(StandardCharsets.US_ASCII)), trickle.received.toByteArray());
            assertEquals(100_000, send.fileBytesSent());
            assertEquals(100_008, send.totalBytesSent());
        }
    }

    @Test
    void aChannelThatAlwaysTakesEverythingGetsTheWholeSendInOneCall() throws Exception {
        try (FileChannel ch = FileChannel.open(file)) {
            FileSend send = calls.fileSend(ch, 5, 300_000).headers(ascii("H", true)).trailers(ascii("T", false))
                    .build();
            ThrottledChannel blocking = new ThrottledChannel(Long.MAX_VALUE, 4096);
            assertEquals(300_002, send.sendTo(blocking));
            assertTrue(send.isDone());
            assertArrayEquals(concat(new byte[] {'H'}, java.util.Arrays.copyOfRange(data, 5, 300_005), new byte[] {'T'}),
                    blocking.received.toByteArray());
        }
    }

    @Test
    void aFailingChannelReportsItsErrorAndTheCountersNeverClaimMoreThanItTook() throws Exception {
        try (FileChannel ch = FileChannel.open(file)) {
            FileSend send = calls.fileSend(ch, 0, 50_000).headers(ascii("HEADER", false)).build();
            WritableByteChannel failing = new ThrottledChannel(10_000, 4096) {
                @Override
                public int write(ByteBuffer src) throws IOException {
                    if (budget == 0) {
                        throw new IOException("peer went away");
                    }
                    return super.write(src);
                }
            };
            IOException e = assertThrows(IOException.class, () -> send.sendTo(failing));
            assertEquals("peer went away", e.getMessage());
            // What the counters hold went out: the headers at least; never more than the channel took.
            assertTrue(send.totalBytesSent() >= 6 && send.totalBytesSent() <= 10_000, send.toString());
            assertFalse(send.isDone());
        }
    }

    @Test
    void withNoDiskIoAColdFileIsReadAheadOffTheLoopAndTheSendResumesBytesExact() throws Exception {
        assumeTrue(calls.provider().supports(SendFlag.SF_NODISKIO), "SF_NODISKIO on this provider");
        Path cold = Files.createTempFile(Files.createDirectories(Path.of("target", "flags")), "cold", ".bin");
        try (FileChannel w = FileChannel.open(cold, StandardOpenOption.WRITE)) {
            w.write(ByteBuffer.wrap(data));
            w.force(true);
        }
        Process dd = new ProcessBuilder("dd", "if=" + cold, "iflag=nocache", "count=0", "status=none").start();
        assertEquals(0, dd.waitFor());
        java.util.concurrent.ExecutorService disk = java.util.concurrent.Executors.newFixedThreadPool(1);
        try (FileChannel ch = FileChannel.open(cold); Loopback lo = Loopback.open()) {
            FileSend send = calls.fileSend(ch, 0, SIZE).headers(ascii("HEAD", false)).trailers(ascii("TAIL", true))
                    .flags(SendFlag.SF_NODISKIO).build();
            lo.sender.configureBlocking(false);
            CompletableFuture<byte[]> got = lo.readAllAsync();
            int diskWaits = 0;
            while (!send.isDone()) {
                send.sendTo(lo.sender);
                if (send.waitingForDisk()) {
                    diskWaits++;
                    assertTrue(send.readAhead(disk).get(10, TimeUnit.SECONDS) > 0);
                } else if (!send.isDone()) {
                    Thread.sleep(1); // the socket is full: an event loop would wait for OP_WRITE
                }
            }
            lo.sender.shutdownOutput();
            assertArrayEquals(concat("HEAD".getBytes(StandardCharsets.US_ASCII), data,
                    "TAIL".getBytes(StandardCharsets.US_ASCII)), got.get(20, TimeUnit.SECONDS));
            System.out.println("[filesend] " + calls.provider().name() + ", cold " + SIZE + "-byte file with"
                    + " SF_NODISKIO: " + diskWaits + " disk waits, each read ahead off the loop");
            // The real page cache: the evicted file must have waited. The FreeBSD model seeds its busy pages at
            // random instead, and knows nothing of the eviction: there only the bytes are the proof.
            if ("linux".equals(calls.provider().name())) {
                assertTrue(diskWaits >= 1, "the cold file never waited for the disk");
            }
        } finally {
            disk.shutdownNow();
            Files.deleteIfExists(cold);
        }
    }
}
