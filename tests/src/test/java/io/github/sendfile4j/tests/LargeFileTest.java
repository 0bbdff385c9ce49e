package io.github.sendfile4j.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.sendfile4j.FileDescriptors;
import io.github.sendfile4j.Sendfile;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files past 4 GiB: offsets above 32 bits, and more bytes than one sendfile call may move. The file is
 * sparse, with markers at the edges that a truncated or re-sent range would displace.
 */
class LargeFileTest {
    static final long SIZE = (4L << 30) + 12_345;
    static final long[] MARKERS = {0, 0x7ffff000L, (1L << 31) - 1, 1L << 32, (1L << 32) + 7, SIZE - 1};

    @TempDir
    Path dir;

    Path sparseFile() throws Exception {
        Path p = dir.resolve("sparse.bin");
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            f.setLength(SIZE);
            for (int i = 0; i < MARKERS.length; i++) {
                f.seek(MARKERS[i]);
                f.write(i + 1);
            }
        }
        return p;
    }

    /** Counts the bytes received and records where the non-zero ones were. */
    static CompletableFuture<List<long[]>> scan(Loopback lo) {
        return CompletableFuture.supplyAsync(() -> {
            List<long[]> found = new ArrayList<>();
            ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
            long at = 0;
            try {
                for (int n; (n = lo.receiver.read(buf.clear())) >= 0;) {
                    buf.flip();
                    int i = 0;
                    for (; i + 8 <= n; i += 8) {
                        if (buf.getLong(i) != 0) {
                            for (int j = i; j < i + 8; j++) {
                                if (buf.get(j) != 0) {
                                    found.add(new long[] {at + j, buf.get(j)});
                                }
                            }
                        }
                    }
                    for (; i < n; i++) {
                        if (buf.get(i) != 0) {
                            found.add(new long[] {at + i, buf.get(i)});
                        }
                    }
                    at += n;
                }
            } catch (java.io.IOException e) {
                throw new RuntimeException(e);
            }
            found.add(new long[] {at, -1});
            return found;
        });
    }

    @Test
    void transferOfASparseFileOver4GiBThroughASocketIsExact() throws Exception {
        Path p = sparseFile();
        try (FileChannel in = FileChannel.open(p); Loopback lo = Loopback.open()) {
            CompletableFuture<List<long[]>> received = scan(lo);
            long sent = Sendfile.transfer(in, 0, Sendfile.TO_END_OF_FILE, lo.sender);
            lo.sender.shutdownOutput();
            List<long[]> found = received.get(10, TimeUnit.MINUTES);
            assertEquals(SIZE, sent);
            assertEquals(SIZE, found.get(found.size() - 1)[0], "bytes received");
            assertEquals(MARKERS.length, found.size() - 1, "markers received");
            for (int i = 0; i < MARKERS.length; i++) {
                assertEquals(MARKERS[i], found.get(i)[0], "marker " + (i + 1) + " position");
                assertEquals(i + 1, found.get(i)[1]);
            }
            assertEquals(0, in.position());
        }
    }

    @Test
    void oneRawCallStopsAtTheKernelCapAndSaysSo() throws Exception {
        assumeTrue(Sendfile.capabilities().rawDescriptors());
        Path p = sparseFile();
        try (FileChannel in = FileChannel.open(p);
             FileChannel devNull = FileChannel.open(Path.of("/dev/null"), StandardOpenOption.WRITE)) {
            long cap = Long.decode(Sendfile.provider().details().get("sendfile.perCallCap"));
            long n = Sendfile.sendfile(FileDescriptors.of(devNull), FileDescriptors.of(in), 1L << 32 >> 1,
                    Sendfile.TO_END_OF_FILE);
            assertEquals(cap, n, "one call moves the cap, the caller continues from the result");
            assertTrue(cap <= 0x7ffff000L);
            long rest = Sendfile.sendfile(FileDescriptors.of(devNull), FileDescriptors.of(in), (1L << 31) + n,
                    Sendfile.TO_END_OF_FILE);
            assertEquals(Math.min(cap, SIZE - (1L << 31) - n), rest);
        }
        assertTrue(Files.size(p) == SIZE);
    }
}
