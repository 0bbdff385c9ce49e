package io.github.sendfile4j.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.sendfile4j.tests.example.CopyFile;
import io.github.sendfile4j.tests.example.SendSlice;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user programs of the API issue, written once (tests/.../example) and run unchanged on whichever provider
 * this execution uses: a copy, and a file slice with a trailer to a blocking and to a non-blocking socket.
 * The Selector static-file server is {@link StaticFileServerTest}'s.
 */
class UserProgramsTest {
    @TempDir
    Path dir;

    @Test
    void copyAndSliceWithTrailerGiveExactBytes() throws Exception {
        RandomFile in = RandomFile.create(dir, "in.bin", 3 << 20, 9);
        CopyFile.main(new String[] {in.path.toString(), dir.resolve("copy.bin").toString()});
        assertArrayEquals(in.data, Files.readAllBytes(dir.resolve("copy.bin")));
        for (boolean blocking : new boolean[] {true, false}) {
            try (Loopback lo = Loopback.open()) {
                lo.sender.configureBlocking(blocking);
                CompletableFuture<byte[]> received = lo.readAllAsync();
                long n = SendSlice.send(in.path, 4096, 2_000_000, "\r\n-- trailer --\r\n", lo.sender);
                lo.sender.shutdownOutput();
                ByteArrayOutputStream expected = new ByteArrayOutputStream();
                expected.write(Arrays.copyOfRange(in.data, 4096, 4096 + 2_000_000));
                expected.write("\r\n-- trailer --\r\n".getBytes(StandardCharsets.UTF_8));
                assertEquals(expected.size(), n);
                assertArrayEquals(expected.toByteArray(), received.get(60, TimeUnit.SECONDS));
            }
        }
    }
}
