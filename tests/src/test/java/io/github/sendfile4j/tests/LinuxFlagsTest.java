package io.github.sendfile4j.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every SF_* flag on Linux, with FreeBSD's meaning, on real files and the real page cache, through whichever
 * gateway this JVM runs (JNI, or FFM in the run with -Dsendfile4j.gateway=ffm). Residency is changed and read
 * from outside the library: {@code dd iflag=nocache} evicts, {@code python3} reads single pages with readahead
 * off, {@code fincore} counts resident pages, {@code ss} reads a socket's send queue.
 */
@ParameterizedClass(name = "[{0}]")
@MethodSource("io.github.sendfile4j.tests.Providers#nativeGateways")
class LinuxFlagsTest extends ProviderSuite {
    private static final int PAGE = 4096;

    @TempDir
    Path dir;
    private Path file;
    private byte[] data;

    @BeforeEach
    void linuxNativeOnly() {
        assumeTrue("linux".equals(calls.provider().name()), "the Linux provider's flags");
        reportOnce("[flags] provider " + calls.provider().name() + ", gateway "
                + calls.provider().details().get("gateway") + ", java " + System.getProperty("java.version")
                + ", supported " + calls.capabilities().flags());
    }

    @BeforeEach
    void file() throws Exception {
        data = new byte[8 << 20];
        new java.util.Random(19).nextBytes(data);
        file = syncedFile(data);
    }

    /**
     * @return a new file of {@code data} under target/, not on tmpfs (whose pages cannot leave the cache),
     *         written through and synced so that eviction can drop its pages; deleted when the JVM exits
     */
    static Path syncedFile(byte[] data) throws IOException {
        Path base = Paths.get(System.getProperty("user.dir"), "target", "flags");
        Files.createDirectories(base);
        Path f = Files.createTempFile(base, "flags", ".bin");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(data));
            ch.force(true);
        }
        f.toFile().deleteOnExit();
        return f;
    }

    @Test
    void everyFlagIsSupportedAndSaysSo() {
        for (SendFlag f : SendFlag.values()) {
            assertTrue(calls.provider().supports(f), f + " on Linux 6.5+");
        }
        assertEquals(Arrays.asList(SendFlag.values()), List.copyOf(new java.util.TreeSet<>(calls.capabilities().flags())));
    }

    @Test
    void noDiskIoSendsAFullyResidentRangeWhole() throws Exception {
        run("cat", file.toString()); // everything in memory
        assertEquals(data.length / PAGE, residentPages());
        try (Loopback lo = Loopback.open(); FileChannel in = FileChannel.open(file)) {
            CompletableFuture<byte[]> got = lo.readAllAsync();
            long n = calls.sendfile(FileDescriptors.of(lo.sender), FileDescriptors.of(in), 0, 1 << 20,
                    flags(SendFlag.SF_NODISKIO));
            lo.sender.shutdownOutput();
            assertEquals(1 << 20, n);
            assertArrayEquals(Arrays.copyOf(data, 1 << 20), got.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void noDiskIoOnAColdFileReturnsEbusyAtOnceAndReadsNothing() throws Exception {
        evict();
        assertEquals(0, residentPages());
        try (Loopback lo = Loopback.open(); FileChannel in = FileChannel.open(file)) {
            long t0 = System.nanoTime();
            SendfileException e = assertThrows(SendfileException.class, () -> calls.sendfile(
                    FileDescriptors.of(lo.sender), FileDescriptors.of(in), 0, data.length, flags(SendFlag.SF_NODISKIO)));
            long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t0);
            assertEquals("EBUSY", e.errnoName());
            assertEquals(0, e.bytesSent());
            assertEquals(0, residentPages(), "the call read the file");
            System.out.println("[flags] SF_NODISKIO on a cold 8 MiB file: EBUSY in " + micros + " us, 0 pages read");
            // With headers: they go, and the count says so (EBUSY after progress is a count).
            ByteBuffer head = ByteBuffer.wrap("HEAD".getBytes(StandardCharsets.US_ASCII));
            long n = calls.sendfile(FileDescriptors.of(lo.sender), FileDescriptors.of(in), 0, data.length,
                    SendOptions.builder().headers(head).flags(SendFlag.SF_NODISKIO).build());
            assertEquals(4, n);
            assertEquals(0, residentPages());
        }
    }

    @Test
    void noDiskIoSendsExactlyTheResidentPrefix() throws Exception {
        evict();
        int pages = 37;
        // Pages 0..36 read one by one with readahead off, so exactly they are resident; then a far page too.
        run("python3", "-c", "import os,sys\n"
                + "fd = os.open(sys.argv[1], os.O_RDONLY)\n"
                + "os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_RANDOM)\n"
                + "for p in list(range(" + pages + ")) + [100]:\n"
                + "    os.pread(fd, 4096, p * 4096)\n", file.toString());
        assertEquals(pages + 1, residentPages());
        try (Loopback lo = Loopback.open(); FileChannel in = FileChannel.open(file)) {
            CompletableFuture<byte[]> got = lo.readAllAsync();
            // From the middle of page 0: the prefix ends where page 37 begins.
            long n = calls.sendfile(FileDescriptors.of(lo.sender), FileDescriptors.of(in), 1000, data.length,
                    flags(SendFlag.SF_NODISKIO));
            lo.sender.shutdownOutput();
            assertEquals(pages * PAGE - 1000, n);
            assertArrayEquals(Arrays.copyOfRange(data, 1000, pages * PAGE), got.get(10, TimeUnit.SECONDS));
            assertEquals(pages + 1, residentPages(), "the call read the file");
        }
    }

    @Test
    void noDiskIoAtTheEndOfTheFileIsTheEndNotEbusy() throws Exception {
        evict();
        try (Loopback lo = Loopback.open(); FileChannel in = FileChannel.open(file)) {
            assertEquals(0, calls.sendfile(FileDescriptors.of(lo.sender), FileDescriptors.of(in), data.length, 100,
                    flags(SendFlag.SF_NODISKIO)));
        }
    }

    @Test
    void userReadaheadBringsThePagesAfterTheRangeIn() throws Exception {
        evict();
        int readahead = 1024; // 4 MiB: far past the kernel's own readahead window (128 KiB by default)
        try (Loopback lo = Loopback.open(); FileChannel in = FileChannel.open(file)) {
            CompletableFuture<byte[]> got = lo.readAllAsync();
            long n = calls.sendfile(FileDescriptors.of(lo.sender), FileDescriptors.of(in), 0, 16 * PAGE,
                    SendOptions.builder().flags(SendFlag.SF_USER_READAHEAD).readaheadPages(readahead).build());
            lo.sender.shutdownOutput();
            assertEquals(16 * PAGE, n);
            got.get(10, TimeUnit.SECONDS);
        }
        long resident = 0;
        for (int i = 0; i < 100 && resident < 16 + readahead; i++) {
            resident = residentPages();
            Thread.sleep(20);
        }
        System.out.println("[flags] SF_USER_READAHEAD 1024 pages after a 16-page send: " + resident + " pages resident");
        assertTrue(resident >= 16 + readahead, resident + " pages resident");
        assertTrue(resident < data.length / PAGE, "the whole file was read: " + resident);
    }

    @Test
    void noCacheLeavesNoSentPageInTheCacheOnceThePeerHasIt() throws Exception {
        run("cat", file.toString());
        try (Loopback lo = Loopback.open(); FileChannel in = FileChannel.open(file)) {
            CompletableFuture<byte[]> got = lo.readAllAsync();
            long sent = 0;
            while (sent < data.length) {
                sent += calls.sendfile(FileDescriptors.of(lo.sender), FileDescriptors.of(in), sent,
                        data.length - sent, flags(SendFlag.SF_NOCACHE));
            }
            lo.sender.shutdownOutput();
            assertArrayEquals(data, got.get(10, TimeUnit.SECONDS));
        }
        long resident = Long.MAX_VALUE;
        for (int i = 0; i < 150 && resident > 0; i++) {
            resident = residentPages();
            Thread.sleep(20);
        }
        System.out.println("[flags] SF_NOCACHE, 8 MiB to a peer that read it all: " + resident + " of "
                + data.length / PAGE + " pages still cached");
        assertEquals(0, resident);
    }

    @Test
    void mnowaitIsAcceptedAndChangesNothing() throws Exception {
        try (Loopback lo = Loopback.open(); FileChannel in = FileChannel.open(file)) {
            CompletableFuture<byte[]> got = lo.readAllAsync();
            assertEquals(5000, calls.sendfile(FileDescriptors.of(lo.sender), FileDescriptors.of(in), 7, 5000,
                    flags(SendFlag.SF_MNOWAIT)));
            lo.sender.shutdownOutput();
            assertArrayEquals(Arrays.copyOfRange(data, 7, 5007), got.get(10, TimeUnit.SECONDS));
        }
    }

    static SendOptions flags(SendFlag... f) {
        return SendOptions.builder().flags(f).build();
    }

    private void evict() throws Exception {
        run("dd", "if=" + file, "iflag=nocache", "count=0", "status=none");
    }

    private long residentPages() throws Exception {
        String out = run("fincore", "--bytes", "--raw", "--noheadings", "--output", "RES", file.toString()).trim();
        return Long.parseLong(out) / PAGE;
    }

    /** The sender's Send-Q (bytes unsent or unacknowledged), as ss reports it. */
    static long sendQueue(int localPort) throws Exception {
        String out = run("ss", "-tnH", "state", "established", "sport", "= :" + localPort);
        String[] fields = out.trim().split("\\s+");
        return Long.parseLong(fields[1]);
    }

    static String run(String... cmd) throws Exception {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            assumeTrue(false, cmd[0] + " is not installed: " + e.getMessage());
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), String.join(" ", cmd));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + out);
        return out;
    }

    static byte[] slowRead(Loopback lo) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer b = ByteBuffer.allocate(256 << 10);
        try {
            while (lo.receiver.read(b) >= 0) {
                out.write(b.array(), 0, b.position());
                b.clear();
                Thread.sleep(20);
            }
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}
