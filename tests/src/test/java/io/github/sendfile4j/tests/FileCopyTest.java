package io.github.sendfile4j.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sendfile4j.Sendfile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/** {@link Sendfile#copy} and the Path form of transfer: cp's guarantees, on every provider. */
@ParameterizedClass(name = "[{0}]")
@MethodSource("io.github.sendfile4j.tests.Providers#all")
class FileCopyTest extends ProviderSuite {
    private static final int SIZE = (40 << 20) + 777; // three progress pieces of 16 MiB

    @TempDir
    Path dir;

    @BeforeEach
    void setUp() throws IOException {
        RandomFile f = RandomFile.create(dir, "src.bin", SIZE, 5);
        data = f.data;
        source = f.path;
    }

    private byte[] data;
    private Path source;

    private List<String> leftovers() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".part")).collect(Collectors.toList());
        }
    }

    @Test
    void copiesEveryByteAndReportsProgressUpToTheTotal() throws Exception {
        Path target = dir.resolve("dst.bin");
        List<long[]> heard = new ArrayList<>();
        assertEquals(SIZE, calls.copy(source, 0, Sendfile.TO_END_OF_FILE, target, (done, total) -> heard.add(new long[] {done, total})));
        assertArrayEquals(data, Files.readAllBytes(target));
        assertEquals(3, heard.size(), "16 MiB, 32 MiB, then the end");
        long last = 0;
        for (long[] h : heard) {
            assertEquals(SIZE, h[1]);
            assertTrue(h[0] > last, "progress only grows");
            last = h[0];
        }
        assertEquals(SIZE, last);
        assertEquals(SIZE, calls.copy(source, dir.resolve("plain.bin")));
        assertArrayEquals(data, Files.readAllBytes(dir.resolve("plain.bin")));
        assertTrue(leftovers().isEmpty());
    }

    @Test
    void aRangeIsCopiedAndARangePastTheEndGivesAnEmptyFile() throws Exception {
        Path target = dir.resolve("range.bin");
        assertEquals(1000, calls.copy(source, 12345, 1000, target, null));
        assertArrayEquals(java.util.Arrays.copyOfRange(data, 12345, 13345), Files.readAllBytes(target));
        assertEquals(0, calls.copy(source, SIZE + 5L, 10, target, null));
        assertEquals(0, Files.size(target));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> calls.copy(source, -1, 10, target, null));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }

    @Test
    void theSameFileByAnyNameIsRefusedAndLeftWhole() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("link"), source);
        Path hard = Files.createLink(dir.resolve("hard"), source);
        for (Path same : new Path[] {source, link, hard}) {
            FileSystemException e = assertThrows(FileSystemException.class, () -> calls.copy(source, same));
            assertTrue(e.getMessage().contains("are the same file"), e.getMessage());
        }
        assertArrayEquals(data, Files.readAllBytes(source));
        assertTrue(leftovers().isEmpty());
    }

    @Test
    void aStoppedCopyLeavesNoPartialFileAndAnExistingTargetUntouched() throws Exception {
        Path target = Files.write(dir.resolve("old.bin"), new byte[] {1, 2, 3});
        IOException stop = new IOException("stopped by the listener");
        IOException e = assertThrows(IOException.class,
                () -> calls.copy(source, 0, SIZE, target, (done, total) -> {
                    throw stop;
                }));
        assertSame(stop, e);
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
        assertTrue(leftovers().isEmpty(), "no temporary file left: " + leftovers());
        Path fresh = dir.resolve("fresh.bin");
        assertThrows(IOException.class, () -> calls.copy(source, 0, SIZE, fresh, (done, total) -> {
            throw stop;
        }));
        assertFalse(Files.exists(fresh));
    }

    @Test
    void aLinkAtTheTargetIsWrittenThroughAndAnExistingTargetKeepsItsMode() throws Exception {
        Path real = Files.write(dir.resolve("real.bin"), new byte[10]);
        Files.setPosixFilePermissions(real, PosixFilePermissions.fromString("rw-r-----"));
        Path link = Files.createSymbolicLink(dir.resolve("to-real"), real);
        calls.copy(source, link);
        assertTrue(Files.isSymbolicLink(link));
        assertArrayEquals(data, Files.readAllBytes(real));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(real)));
    }

    @Test
    void directoriesAreRefused() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        FileSystemException e = assertThrows(FileSystemException.class, () -> calls.copy(sub, dir.resolve("x")));
        assertTrue(e.getMessage().contains("Is a directory"), e.getMessage());
        e = assertThrows(FileSystemException.class, () -> calls.copy(source, sub));
        assertTrue(e.getMessage().contains("Is a directory"), e.getMessage());
        assertThrows(NullPointerException.class, () -> calls.copy(null, sub));
    }

    @Test
    void transferFromAPathSendsTheRangeAndClosesTheFile() throws Exception {
        Path out = dir.resolve("out.bin");
        try (FileChannel target = FileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            assertEquals(SIZE - 100, calls.transfer(source, 100, Sendfile.TO_END_OF_FILE, target));
        }
        assertArrayEquals(java.util.Arrays.copyOfRange(data, 100, SIZE), Files.readAllBytes(out));
        try (FileChannel target = FileChannel.open(out, StandardOpenOption.WRITE)) {
            assertThrows(java.nio.file.NoSuchFileException.class,
                    () -> calls.transfer(dir.resolve("missing"), 0, 1, target));
        }
    }

    private static long allocatedKiB(Path p) throws Exception {
        Process du = new ProcessBuilder("du", "-k", p.toString()).start();
        String out = new String(du.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(0, du.waitFor(), out);
        return Long.parseLong(out.split("\\s+")[0]);
    }

    /** cp --sparse=auto: holes stay holes (Linux, SEEK_DATA/SEEK_HOLE), and every byte reads back the same. */
    @Test
    void holesStayHolesAndTheBytesAreTheSame() throws Exception {
        Path sparse = dir.resolve("sparse.bin");
        long size = (1L << 30) + 12345; // starts with a hole, ends with one
        try (java.io.RandomAccessFile f = new java.io.RandomAccessFile(sparse.toFile(), "rw")) {
            f.setLength(size);
            for (long at : new long[] {5_000_000L, 300_000_000L, 300_004_000L, 900_000_000L}) {
                f.seek(at);
                f.write(java.util.Arrays.copyOf(data, 8192));
            }
        }
        Path copy = dir.resolve("sparse.copy");
        assertEquals(size, calls.copy(sparse, copy));
        assertEquals(size, Files.size(copy));
        Path range = dir.resolve("range.copy");
        assertEquals(400_000_000L, calls.copy(sparse, 250_000_000L, 400_000_000L, range, null));
        assertEquals(400_000_000L, Files.size(range));
        try (FileChannel a = FileChannel.open(sparse); FileChannel b = FileChannel.open(copy);
             FileChannel c = FileChannel.open(range)) {
            for (long at : new long[] {0, 4_999_999L, 5_000_000L, 300_002_000L, 900_008_191L, size - 1}) {
                java.nio.ByteBuffer x = java.nio.ByteBuffer.allocate(4096);
                java.nio.ByteBuffer y = java.nio.ByteBuffer.allocate(4096);
                a.read(x, at);
                b.read(y, at);
                assertEquals(x.flip(), y.flip(), "at " + at);
                if (at >= 250_000_000L && at < 650_000_000L) {
                    java.nio.ByteBuffer z = java.nio.ByteBuffer.allocate(4096);
                    x.rewind();
                    c.read(z, at - 250_000_000L);
                    assertEquals(x.limit(Math.min(x.limit(), z.flip().limit())), z, "range at " + at);
                }
            }
        }
        long source = allocatedKiB(sparse);
        long copied = allocatedKiB(copy);
        System.out.println("[sparse] " + calls.provider().name() + ": 1 GiB source " + source + " KiB allocated, copy "
                + copied + " KiB, 400 MB range " + allocatedKiB(range) + " KiB");
        if (calls.capabilities().fileTargets()) { // Linux: the kernel says where the holes are
            assertTrue(copied <= source + 64, "copy allocated " + copied + " KiB, source " + source + " KiB");
            assertTrue(allocatedKiB(range) <= source, "range allocated " + allocatedKiB(range) + " KiB");
        }
    }
}
