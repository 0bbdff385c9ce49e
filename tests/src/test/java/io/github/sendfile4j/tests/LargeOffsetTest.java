package io.github.sendfile4j.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.sendfile4j.FileDescriptors;
import io.github.sendfile4j.SendOptions;
import io.github.sendfile4j.Sendfile;
import io.github.sendfile4j.SendfileException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/** SPEC: offsets near Long.MAX_VALUE are past the end of every file; offset + count never overflows. */
@ParameterizedClass(name = "[{0}]")
@MethodSource("io.github.sendfile4j.tests.Providers#all")
class LargeOffsetTest extends ProviderSuite {
    @TempDir
    Path dir;

    Path file() throws Exception {
        return Files.write(dir.resolve("f.bin"), "0123456789".getBytes(StandardCharsets.US_ASCII));
    }

    boolean raw() {
        return calls.capabilities().rawDescriptors();
    }

    @Test
    void rawCallsAtHugeOffsetsSendNoFileBytes() throws Exception {
        assumeTrue(raw(), "raw calls need a native provider");
        try (FileChannel in = FileChannel.open(file()); Loopback lo = Loopback.open()) {
            int out = FileDescriptors.of(lo.sender);
            int fd = FileDescriptors.of(in);
            assertEquals(0, calls.sendfile(out, fd, Long.MAX_VALUE, 1));
            assertEquals(0, calls.sendfile(out, fd, 1L << 62, 1L << 62));
            assertEquals(0, calls.sendfile(out, fd, Long.MAX_VALUE - 1, Long.MAX_VALUE));
            ByteBuffer header = ByteBuffer.wrap("HEAD-".getBytes(StandardCharsets.US_ASCII));
            ByteBuffer trailer = ByteBuffer.wrap("-TAIL".getBytes(StandardCharsets.US_ASCII));
            long n = calls.sendfile(out, fd, Long.MAX_VALUE, 5,
                    SendOptions.builder().headers(header).trailers(trailer).build());
            assertEquals(10, n, "headers and trailers still go");
            assertFalse(header.hasRemaining());
            assertFalse(trailer.hasRemaining());
            assertArrayEquals("HEAD--TAIL".getBytes(StandardCharsets.US_ASCII), lo.read(10));
        }
    }

    @Test
    void transferAtHugeOffsetsSendsNothing() throws Exception {
        try (FileChannel in = FileChannel.open(file()); Loopback lo = Loopback.open()) {
            assertEquals(0, calls.transfer(in, Long.MAX_VALUE - 1, Long.MAX_VALUE, lo.sender));
            assertEquals(0, calls.transfer(in, Long.MAX_VALUE, 1, lo.sender));
            assertEquals(0, calls.transfer(in, 1L << 62, 1L << 62, lo.sender));
            assertEquals(3, calls.transfer(in, 7, Long.MAX_VALUE, lo.sender));
            assertArrayEquals("789".getBytes(StandardCharsets.US_ASCII), lo.read(3));
        }
        try (FileChannel in = FileChannel.open(file());
             FileChannel out = FileChannel.open(dir.resolve("copy.bin"), java.nio.file.StandardOpenOption.CREATE,
                     java.nio.file.StandardOpenOption.WRITE)) {
            assertEquals(0, calls.transfer(in, Long.MAX_VALUE - 1, Long.MAX_VALUE, out));
            assertEquals(0, out.size());
        }
    }

    @Test
    void hintsMatchTheCallThatWasMade() throws Exception {
        assumeTrue(raw(), "raw calls need a native provider");
        try (Loopback lo = Loopback.open(); Loopback source = Loopback.open()) {
            int out = FileDescriptors.of(lo.sender);
            int in = FileDescriptors.of(source.receiver);
            SendfileException withOffset = org.junit.jupiter.api.Assertions.assertThrows(SendfileException.class,
                    () -> calls.sendfile(out, in, 0, 1));
            assertFalse(withOffset.getMessage().contains("offset-less"), withOffset.getMessage());
            assertTrue(withOffset.getMessage().contains("regular file"), withOffset.getMessage());
        }
    }
}
