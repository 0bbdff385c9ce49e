package io.github.sendfile4j.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.sendfile4j.FileDescriptors;
import io.github.sendfile4j.SendFlag;
import io.github.sendfile4j.SendOptions;
import io.github.sendfile4j.Sendfile;
import io.github.sendfile4j.SendfileException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.NonReadableChannelException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The contract of "one meaning on every platform" (README), on real files and real loopback sockets, against the provider this JVM
 * chose. The build runs it once per provider (native, and fallback forced by -Dsendfile4j.provider) and per
 * JDK. Raw-descriptor rows are gated by capability: the fallback must refuse them with
 * UnsupportedOperationException, which is checked too.
 */
@ParameterizedClass(name = "[{0}]")
@MethodSource("io.github.sendfile4j.tests.Providers#all")
class SendfileContractTest extends ProviderSuite {
    static final int SIZE = 1 << 20;
    static byte[] data;
    boolean raw;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        data = new byte[SIZE];
        new Random(42).nextBytes(data);
    }

    @BeforeEach
    void rawCalls() {
        raw = calls.capabilities().rawDescriptors();
    }

    Path file(byte[] content) throws IOException {
        return Files.write(Files.createTempFile(dir, "src", ".bin"), content);
    }

    static FileChannel read(Path p) throws IOException {
        return FileChannel.open(p, StandardOpenOption.READ);
    }

    static byte[] slice(int from, int to) {
        return Arrays.copyOfRange(data, from, to);
    }

    // ---- raw descriptor calls -------------------------------------------------------------------------

    @Test
    @NeedsRawDescriptors
    void sendfileWithOffsetSendsThoseBytesAndLeavesThePositionAlone() throws Exception {
        try (FileChannel in = read(file(data)); Loopback lo = Loopback.open()) {
            in.position(7);
            long n = calls.sendfile(FileDescriptors.of(lo.sender), FileDescriptors.of(in), 1000, 5000);
            assertEquals(5000, n);
            assertArrayEquals(slice(1000, 6000), lo.read(5000));
            assertEquals(7, in.position(), "offset form must not move the file position");
        }
    }

    @Test
    @NeedsRawDescriptors
    void offsetLessFormReadsFromAndAdvancesThePosition() throws Exception {
        try (FileChannel in = read(file(data)); Loopback lo = Loopback.open()) {
            in.position(100);
            assertEquals(50, calls.sendfile(FileDescriptors.of(lo.sender), FileDescriptors.of(in), 50));
            assertEquals(150, in.position());
            assertEquals(25, calls.sendfile(FileDescriptors.of(lo.sender), FileDescriptors.of(in), 25));
            assertEquals(175, in.position());
            assertArrayEquals(slice(100, 175), lo.read(75));
        }
    }

    @Test
    @NeedsRawDescriptors
    void countZeroSendsNoFileBytesButHeadersAndTrailersStillGo() throws Exception {
        try (FileChannel in = read(file(data)); Loopback lo = Loopback.open()) {
            int out = FileDescriptors.of(lo.sender);
            assertEquals(0, calls.sendfile(out, FileDescriptors.of(in), 0, 0));
            ByteBuffer h = ascii("HEAD");
            ByteBuffer t = ascii("TAIL");
            long n = calls.sendfile(out, FileDescriptors.of(in), 0, 0,
                    SendOptions.builder().headers(h).trailers(t).build());
            assertEquals(8, n);
            assertEquals("HEADTAIL", new String(lo.drain(), StandardCharsets.US_ASCII));
        }
    }

    @Test
    @NeedsRawDescriptors
    void maxValueCountSendsToEndOfFile() throws Exception {
        try (FileChannel in = read(file(data)); Loopback lo = Loopback.open()) {
            var all = lo.readAllAsync();
            long sent = 0;
            while (true) {
                long n = calls.sendfile(FileDescriptors.of(lo.sender), FileDescriptors.of(in), sent,
                        Sendfile.TO_END_OF_FILE);
                if (n == 0) {
                    break;
                }
                sent += n;
            }
            lo.sender.shutdownOutput();
            assertEquals(SIZE, sent);
            assertArrayEquals(data, all.get());
        }
    }

    /**
     * Headers announced as followed by file bytes that never come (the file ends before the offset) must not
     * stay held in the kernel: the peer has them at once, not after TCP's cork timer (about 200 ms). The 150
     * ms deadline only bounds the wait: on loopback the bytes are in the peer's queue when the call returns.
     */
    @Test
    @NeedsRawDescriptors
    void headersBeforeAnEmptyFileRangeReachThePeerAtOnce() throws Exception {
        try (FileChannel in = read(file(data)); Loopback lo = Loopback.open()) {
            lo.receiver.configureBlocking(false);
            for (long offset : new long[] {SIZE, SIZE + 4096L}) {
                byte[] head = ("HTTP/1.1 200 OK at " + offset + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
                long n = calls.sendfile(FileDescriptors.of(lo.sender), FileDescriptors.of(in), offset, 100,
                        SendOptions.builder().headers(ByteBuffer.wrap(head)).build());
                assertEquals(head.length, n);
                ByteBuffer got = ByteBuffer.allocate(head.length);
                long deadline = System.nanoTime() + 150_000_000L;
                while (got.hasRemaining() && System.nanoTime() < deadline) {
                    if (lo.receiver.read(got) == 0) {
                        Thread.sleep(1);
                    }
                }
                assertEquals(head.length, got.position(), "header bytes held back after a call that sent no file bytes");
                assertArrayEquals(head, got.array());
            }
        }
    }

    @Test
    void noOptionsMeansNoBuffers() {
        // NONE once had null arrays (static initialisation order); only the BSD providers read them.
        assertEquals(0, SendOptions.NONE.headerCount());
        assertEquals(0, SendOptions.NONE.trailerCount());
        assertEquals(0, SendOptions.NONE.headerBytes() + SendOptions.NONE.trailerBytes());
    }

    @Test
    @NeedsRawDescriptors
    void offsetPastEndOfFileSendsNothing() throws Exception {
        try (FileChannel in = read(file(data)); Loopback lo = Loopback.open()) {
            assertEquals(0, calls.sendfile(FileDescriptors.of(lo.sender), FileDescriptors.of(in), SIZE + 10, 100));
            assertEquals(0, calls.sendfile(FileDescriptors.of(lo.sender), FileDescriptors.of(in), SIZE, 100));
        }
    }

    @Test
    void badArgumentsAreRefusedBeforeAnySystemCall() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> calls.sendfile(1, 0, -1, 10));
        assertTrue(e.getMessage().contains("offset") && e.getMessage().contains("-1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> calls.sendfile(1, 0, 0, -5));
        assertTrue(e.getMessage().contains("count") && e.getMessage().contains("-5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> calls.sendfile(-3, 0, 0, 5));
        assertTrue(e.getMessage().contains("outFd") && e.getMessage().contains("-3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> calls.sendfile(1, -4, 5));
        assertTrue(e.getMessage().contains("inFd"), e.getMessage());
        assertThrows(NullPointerException.class, () -> calls.sendfile(1, 0, 0, 5, null));
        assertThrows(NullPointerException.class, () -> SendOptions.builder().headers((ByteBuffer) null));
        assertThrows(IllegalArgumentException.class, () -> SendOptions.builder().readaheadPages(70000));
        assertThrows(IllegalArgumentException.class, () -> FileDescriptors.isBlocking(-1));
    }

    @Test
    @NeedsRawDescriptors
    void invalidDescriptorGivesEbadfWithTheNumberAndName() throws Exception {
        try (FileChannel in = read(file(data))) {
            SendfileException e = assertThrows(SendfileException.class,
                    () -> calls.sendfile(987_654, FileDescriptors.of(in), 0, 10));
            assertEquals("EBADF", e.errnoName());
            assertEquals(9, e.errno());
            assertEquals("sendfile", e.syscall());
            assertEquals(987_654, e.outFd());
            assertTrue(e.getMessage().contains("EBADF"), e.getMessage());
            SendfileException f = assertThrows(SendfileException.class, () -> FileDescriptors.isBlocking(987_654));
            assertEquals("EBADF", f.errnoName());
        }
    }

    @Test
    @NeedsRawDescriptors
    void closedDescriptorGivesEbadf() throws Exception {
        int fd;
        try (FileChannel in = read(file(data))) {
            fd = FileDescriptors.of(in);
        }
        try (Loopback lo = Loopback.open()) {
            // The number may have been reused by the loopback sockets; a socket is not a valid source either.
            SendfileException e = assertThrows(SendfileException.class,
                    () -> calls.sendfile(FileDescriptors.of(lo.sender), fd, 0, 10));
            assertTrue(Arrays.asList("EBADF", "EINVAL").contains(e.errnoName()), e.getMessage());
        }
    }

    @Test
    @NeedsRawDescriptors
    void nonBlockingTargetReturnsPartialCountsThenEagainOnlyWhenNothingWasSent() throws Exception {
        byte[] big = new byte[64 << 20];
        try (FileChannel in = read(file(big)); Loopback lo = Loopback.open().smallBuffers()) {
            lo.sender.configureBlocking(false);
            int out = FileDescriptors.of(lo.sender);
            long first = calls.sendfile(out, FileDescriptors.of(in), 0, big.length);
            assertTrue(first > 0 && first < big.length, "partial count expected, got " + first);
            long offset = first;
            SendfileException e = null;
            for (int i = 0; i < 1000 && e == null; i++) {
                try {
                    offset += calls.sendfile(out, FileDescriptors.of(in), offset, big.length - offset);
                } catch (SendfileException x) {
                    e = x;
                }
            }
            assertTrue(e != null, "the send buffer never filled");
            assertEquals("EAGAIN", e.errnoName());
            assertTrue(e.isWouldBlock());
            assertEquals(0, e.bytesSent());
            assertEquals(0, e.getStackTrace().length, "would-block must be cheap: no stack trace");
            // With headers, a would-block before anything moved is EAGAIN too, and the headers stay put.
            ByteBuffer h = ByteBuffer.allocate(8 << 10);
            SendfileException eh = assertThrows(SendfileException.class, () -> calls.sendfile(out,
                    FileDescriptors.of(in), 0, 10, SendOptions.builder().headers(h).build()));
            assertEquals("EAGAIN", eh.errnoName());
            assertEquals(8 << 10, h.remaining());
        }
    }

    @Test
    @NeedsRawDescriptors
    void headersAndTrailersOfEveryBufferKindAdvanceTheirPositions() throws Exception {
        ByteBuffer heap = ascii("heap|");
        ByteBuffer direct = ByteBuffer.allocateDirect(7).put("direct|".getBytes(StandardCharsets.US_ASCII));
        direct.flip();
        ByteBuffer readOnly = ascii("readonly|").asReadOnlyBuffer();
        ByteBuffer sliced = ascii("xxslice|yy");
        sliced.position(2).limit(8);
        sliced = sliced.slice();
        ByteBuffer directReadOnly = ByteBuffer.allocateDirect(4).put("dro|".getBytes(StandardCharsets.US_ASCII));
        directReadOnly.flip();
        directReadOnly = directReadOnly.asReadOnlyBuffer();
        ByteBuffer empty = ByteBuffer.allocate(0);
        ByteBuffer t1 = ascii("|trailer1");
        ByteBuffer t2 = ByteBuffer.allocateDirect(9).put("|trailer2".getBytes(StandardCharsets.US_ASCII));
        t2.flip();
        String head = "heap|direct|readonly|slice|dro|";
        try (FileChannel in = read(file(data)); Loopback lo = Loopback.open()) {
            long n = calls.sendfile(FileDescriptors.of(lo.sender), FileDescriptors.of(in), 10, 1000,
                    SendOptions.builder().headers(heap, direct, empty, readOnly, sliced, directReadOnly)
                            .trailers(t1, t2).build());
            assertEquals(head.length() + 1000 + 18, n);
            for (ByteBuffer b : new ByteBuffer[] {heap, direct, readOnly, sliced, directReadOnly, t1, t2}) {
                assertFalse(b.hasRemaining(), "position must reach the limit: " + b);
            }
            byte[] got = lo.drain();
            ByteArrayOutputStream want = new ByteArrayOutputStream();
            want.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
            want.writeBytes(slice(10, 1010));
            want.writeBytes("|trailer1|trailer2".getBytes(StandardCharsets.US_ASCII));
            assertArrayEquals(want.toByteArray(), got);
        }
    }

    @Test
    @NeedsRawDescriptors
    void moreHeaderBuffersThanIovMaxAreSplitAndAllSent() throws Exception {
        ByteBuffer[] headers = new ByteBuffer[2500];
        ByteArrayOutputStream want = new ByteArrayOutputStream();
        for (int i = 0; i < headers.length; i++) {
            byte[] b = ("h" + i + ",").getBytes(StandardCharsets.US_ASCII);
            headers[i] = i % 2 == 0 ? ByteBuffer.wrap(b) : ByteBuffer.allocateDirect(b.length).put(b).flip();
            want.writeBytes(b);
        }
        want.writeBytes(slice(0, 100));
        try (FileChannel in = read(file(data)); Loopback lo = Loopback.open()) {
            var all = lo.readAllAsync();
            long n = calls.sendfile(FileDescriptors.of(lo.sender), FileDescriptors.of(in), 0, 100,
                    SendOptions.builder().headers(headers).build());
            lo.sender.shutdownOutput();
            assertEquals(want.size(), n);
            assertArrayEquals(want.toByteArray(), all.get());
        }
    }

    @Test
    @NeedsRawDescriptors
    void trailersWaitUntilEveryRequestedFileByteWasSent() throws Exception {
        try (FileChannel in = read(file(slice(0, 300))); Loopback lo = Loopback.open()) {
            ByteBuffer t = ascii("END");
            // count beyond the end of the file: the file part is complete at end of file, so trailers go.
            long n = calls.sendfile(FileDescriptors.of(lo.sender), FileDescriptors.of(in), 100, 10_000,
                    SendOptions.builder().trailers(t).build());
            assertEquals(203, n);
            byte[] got = lo.drain();
            assertArrayEquals(slice(100, 300), Arrays.copyOf(got, 200));
            assertEquals("END", new String(got, 200, 3, StandardCharsets.US_ASCII));
        }
    }

    @Test
    void fileTargetsWorkNativelyOnLinux() throws Exception {
        assumeTrue(raw && isLinux());
        Path target = dir.resolve("out.bin");
        try (FileChannel in = read(file(data));
             FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            long n = calls.sendfile(FileDescriptors.of(out), FileDescriptors.of(in), 0, SIZE,
                    SendOptions.builder().headers(ascii("H")).trailers(ascii("T")).build());
            assertEquals(SIZE + 2, n);
        }
        byte[] got = Files.readAllBytes(target);
        assertEquals('H', got[0]);
        assertArrayEquals(data, Arrays.copyOfRange(got, 1, SIZE + 1));
        assertEquals('T', got[SIZE + 1]);
    }

    @Test
    void appendTargetGivesEinvalNamingOAppend() throws Exception {
        assumeTrue(raw && isLinux());
        Path target = Files.write(dir.resolve("append.bin"), new byte[] {1, 2, 3});
        try (FileChannel in = read(file(data));
             FileChannel out = FileChannel.open(target, StandardOpenOption.APPEND)) {
            SendfileException e = assertThrows(SendfileException.class,
                    () -> calls.sendfile(FileDescriptors.of(out), FileDescriptors.of(in), 0, 100));
            assertEquals("EINVAL", e.errnoName());
            assertTrue(e.getMessage().contains("O_APPEND"), e.getMessage());
        }
        assertEquals(3, Files.size(target));
    }

    @Test
    @NeedsRawDescriptors
    void unsupportedFlagIsRefusedBeforeAnyByteMoves() throws Exception {
        SendFlag unsupported = null;
        for (SendFlag f : SendFlag.values()) {
            if (!calls.provider().supports(f)) {
                unsupported = f;
                break;
            }
        }
        assumeTrue(unsupported != null, "this provider supports every flag");
        ByteBuffer h = ascii("HEADER");
        try (FileChannel in = read(file(data)); Loopback lo = Loopback.open()) {
            SendOptions o = SendOptions.builder().headers(h).flags(unsupported).build();
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> calls.sendfile(FileDescriptors.of(lo.sender), FileDescriptors.of(in), 0, 100, o));
            assertTrue(e.getMessage().contains(unsupported.name()), e.getMessage());
            assertEquals(6, h.remaining(), "no header byte may have moved");
            assertArrayEquals(new byte[0], lo.drain(), "no byte may have reached the socket");
        }
    }

    @Test
    @NeedsRawDescriptors
    void mnowaitIsAcceptedAsTheNoOpItIsOnFreeBsd11() throws Exception {
        assertTrue(calls.provider().supports(SendFlag.SF_MNOWAIT), calls.provider().name());
        try (FileChannel in = read(file(data)); Loopback lo = Loopback.open()) {
            var all = lo.readAllAsync();
            ByteBuffer h = ByteBuffer.wrap("HDR".getBytes(StandardCharsets.US_ASCII));
            long n = calls.sendfile(FileDescriptors.of(lo.sender), FileDescriptors.of(in), 11, 5000,
                    SendOptions.builder().headers(h).flags(SendFlag.SF_MNOWAIT).build());
            lo.sender.shutdownOutput();
            assertEquals(5003, n);
            byte[] expected = new byte[5003];
            System.arraycopy("HDR".getBytes(StandardCharsets.US_ASCII), 0, expected, 0, 3);
            System.arraycopy(slice(11, 5011), 0, expected, 3, 5000);
            assertArrayEquals(expected, all.get());
        }
    }

    @Test
    void noCacheOnLinuxSendsTheSameBytes() throws Exception {
        assumeTrue(raw && calls.provider().supports(SendFlag.SF_NOCACHE));
        try (FileChannel in = read(file(data)); Loopback lo = Loopback.open()) {
            var all = lo.readAllAsync();
            long n = calls.sendfile(FileDescriptors.of(lo.sender), FileDescriptors.of(in), 0, 4096,
                    SendOptions.builder().flags(SendFlag.SF_NOCACHE).build());
            lo.sender.shutdownOutput();
            assertEquals(4096, n);
            assertArrayEquals(slice(0, 4096), all.get());
        }
    }

    @Test
    @NeedsRawDescriptors
    void closedPeerIsAnErrorNotACrash() throws Exception {
        try (FileChannel in = read(file(new byte[8 << 20])); Loopback lo = Loopback.open()) {
            lo.receiver.setOption(java.net.StandardSocketOptions.SO_LINGER, 0);
            lo.receiver.close();
            Thread.sleep(50);
            SendfileException e = assertThrows(SendfileException.class, () -> {
                for (int i = 0; i < 100; i++) {
                    calls.sendfile(FileDescriptors.of(lo.sender), FileDescriptors.of(in), 0, 8 << 20);
                }
            });
            // The BSD kernels mark a reset socket disconnected (soisdisconnected clears SS_ISCONNECTED), and
            // sendfile checks that before it sends: ENOTCONN there.
            List<String> expected = isLinux() ? Arrays.asList("EPIPE", "ECONNRESET")
                    : Arrays.asList("EPIPE", "ECONNRESET", "ENOTCONN");
            assertTrue(expected.contains(e.errnoName()), e.getMessage());
        }
    }

    @Test
    void fallbackRefusesRawCallsNamingWhatWouldServeThem() throws Exception {
        assumeFalse(raw);
        try (FileChannel in = read(file(data)); Loopback lo = Loopback.open()) {
            UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                    () -> calls.sendfile(5, 6, 0, 10));
            assertTrue(e.getMessage().contains("native"), e.getMessage());
            if (!Sendfile.capabilities().rawDescriptors()) { // the helpers serve the JVM's provider
                assertThrows(UnsupportedOperationException.class, () -> FileDescriptors.setBlocking(0, true));
            }
        }
    }

    // ---- descriptors and blocking mode -----------------------------------------------------------------

    @Test
    @NeedsRawDescriptors
    void descriptorsOfEveryJdkHolderAreRealAndBlockingModeRoundTrips() throws Exception {
        Path p = file(data);
        try (FileChannel ch = read(p); var fis = new java.io.FileInputStream(p.toFile());
             var fos = new java.io.FileOutputStream(dir.resolve("o").toFile());
             var raf = new java.io.RandomAccessFile(p.toFile(), "r");
             var server = java.nio.channels.ServerSocketChannel.open(); Loopback lo = Loopback.open()) {
            int[] fds = {FileDescriptors.of(ch), FileDescriptors.of(fis), FileDescriptors.of(fos),
                FileDescriptors.of(raf), FileDescriptors.of(server), FileDescriptors.of(lo.sender)};
            assertEquals(fds.length, Arrays.stream(fds).distinct().count(), Arrays.toString(fds));
            assertEquals(FileDescriptors.of(fis), FileDescriptors.of(fis.getFD()));
            for (int fd : fds) {
                assertTrue(fd > 2, "a real descriptor: " + fd);
            }
            int s = FileDescriptors.of(lo.sender);
            assertTrue(FileDescriptors.isBlocking(s));
            FileDescriptors.setBlocking(s, false);
            assertFalse(FileDescriptors.isBlocking(s));
            FileDescriptors.setBlocking(s, true);
            assertTrue(FileDescriptors.isBlocking(s));
            lo.receiver.configureBlocking(false);
            assertFalse(FileDescriptors.isBlocking(FileDescriptors.of(lo.receiver)));
        }
    }

    @Test
    void closedHoldersAreRefused() throws Exception {
        FileChannel ch = read(file(data));
        java.io.FileInputStream fis = new java.io.FileInputStream(file(data).toFile());
        ch.close();
        fis.close();
        assertThrows(ClosedChannelException.class, () -> FileDescriptors.of(ch));
        assertThrows(IOException.class, () -> FileDescriptors.of(fis));
        assertThrows(IllegalArgumentException.class, () -> FileDescriptors.of(new java.io.FileDescriptor()));
    }

    // ---- transfer ---------------------------------------------------------------------------------------

    @Test
    void transferSendsEverythingAndNeverMovesTheSourcePosition() throws Exception {
        try (FileChannel in = read(file(data)); Loopback lo = Loopback.open()) {
            in.position(123);
            var all = lo.readAllAsync();
            assertEquals(SIZE - 10, calls.transfer(in, 10, Sendfile.TO_END_OF_FILE, lo.sender));
            lo.sender.shutdownOutput();
            assertArrayEquals(slice(10, SIZE), all.get());
            assertEquals(123, in.position());
        }
    }

    @Test
    void transferStopsAtEndOfFileAndPastItSendsNothing() throws Exception {
        try (FileChannel in = read(file(slice(0, 1000))); Loopback lo = Loopback.open()) {
            assertEquals(500, calls.transfer(in, 500, 10_000, lo.sender));
            assertEquals(0, calls.transfer(in, 5000, 10, lo.sender));
            assertEquals(0, calls.transfer(in, 0, 0, lo.sender));
            assertArrayEquals(slice(500, 1000), lo.drain());
        }
    }

    @Test
    void transferWaitsOnANonBlockingTarget() throws Exception {
        byte[] big = new byte[16 << 20];
        new Random(7).nextBytes(big);
        try (FileChannel in = read(file(big)); Loopback lo = Loopback.open()) {
            lo.sender.configureBlocking(false);
            // The reader starts late, so the target fills and the transfer has to wait on it.
            var all = java.util.concurrent.CompletableFuture.runAsync(() -> sleep(300))
                    .thenCompose(x -> lo.readAllAsync());
            assertEquals(big.length, calls.transfer(in, 0, big.length, lo.sender));
            lo.sender.configureBlocking(true);
            lo.sender.shutdownOutput();
            assertArrayEquals(big, all.get());
        }
    }

    @Test
    void transferToAFileWritesAtAndAdvancesItsPosition() throws Exception {
        Path target = Files.write(dir.resolve("t.bin"), new byte[] {9, 9, 9, 9});
        try (FileChannel in = read(file(data));
             FileChannel out = FileChannel.open(target, StandardOpenOption.WRITE)) {
            out.position(2);
            assertEquals(SIZE - 5, calls.transfer(in, 5, Sendfile.TO_END_OF_FILE, out));
            assertEquals(SIZE - 3, out.position());
            assertEquals(0, in.position());
        }
        byte[] got = Files.readAllBytes(target);
        assertEquals(9, got[0]);
        assertEquals(9, got[1]);
        assertArrayEquals(slice(5, SIZE), Arrays.copyOfRange(got, 2, got.length));
    }

    @Test
    @NeedsRawDescriptors
    void transferRefusesAppendTargetsUpFront() throws Exception {
        Path target = Files.write(dir.resolve("a.bin"), new byte[] {1});
        try (FileChannel in = read(file(data));
             FileChannel out = FileChannel.open(target, StandardOpenOption.APPEND)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> calls.transfer(in, 0, 100, out));
            assertTrue(e.getMessage().contains("O_APPEND"), e.getMessage());
        }
        assertEquals(1, Files.size(target));
    }

    @Test
    void transferToAnyWritableChannelCopies() throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (FileChannel in = read(file(data))) {
            assertEquals(1000, calls.transfer(in, 50, 1000, Channels.newChannel(sink)));
        }
        assertArrayEquals(slice(50, 1050), sink.toByteArray());
    }

    @Test
    void transferChecksArgumentsAndClosedChannels() throws Exception {
        try (FileChannel in = read(file(data)); Loopback lo = Loopback.open()) {
            assertThrows(IllegalArgumentException.class, () -> calls.transfer(in, -1, 10, lo.sender));
            assertThrows(IllegalArgumentException.class, () -> calls.transfer(in, 0, -1, lo.sender));
            assertThrows(NullPointerException.class, () -> calls.transfer((FileChannel) null, 0, 1, lo.sender));
            assertThrows(NullPointerException.class, () -> calls.transfer((java.nio.file.Path) null, 0, 1, lo.sender));
            assertThrows(NullPointerException.class, () -> calls.transfer(in, 0, 1, null));
            lo.sender.close();
            assertThrows(ClosedChannelException.class, () -> calls.transfer(in, 0, 10, lo.sender));
        }
        FileChannel closed = read(file(data));
        closed.close();
        try (Loopback lo = Loopback.open()) {
            assertThrows(ClosedChannelException.class, () -> calls.transfer(closed, 0, 10, lo.sender));
        }
    }

    @Test
    void transferFromAWriteOnlyChannelIsNonReadable() throws Exception {
        Path p = file(data);
        try (FileChannel in = FileChannel.open(p, StandardOpenOption.WRITE); Loopback lo = Loopback.open()) {
            assertThrows(NonReadableChannelException.class, () -> calls.transfer(in, 0, 10, lo.sender));
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the provider speaks to a Linux kernel (the BSD providers may run against kernel models here). */
    boolean isLinux() {
        return calls.provider().name().equals("linux");
    }

    static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    static void assumeFalse(boolean b) {
        assumeTrue(!b);
    }
}
