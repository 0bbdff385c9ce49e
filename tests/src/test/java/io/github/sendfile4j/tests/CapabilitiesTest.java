package io.github.sendfile4j.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sendfile4j.Capabilities;
import io.github.sendfile4j.FileDescriptors;
import io.github.sendfile4j.SendFlag;
import io.github.sendfile4j.SendOptions;
import io.github.sendfile4j.Sendfile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

/** What {@link Sendfile#capabilities()} claims is what the provider in use does, claim by claim. */
@ParameterizedClass(name = "[{0}]")
@MethodSource("io.github.sendfile4j.tests.Providers#all")
class CapabilitiesTest extends ProviderSuite {
    @TempDir
    Path dir;

    @Test
    void everyClaimHolds() throws Exception {
        RandomFile src = RandomFile.create(dir, "src.bin", 100_000, 2);
        Capabilities caps = calls.capabilities();
        for (SendFlag f : SendFlag.values()) {
            assertEquals(calls.provider().supports(f), caps.flags().contains(f), f.name());
        }
        assertThrows(UnsupportedOperationException.class, () -> caps.flags().add(SendFlag.SF_SYNC));
        assertTrue(caps.perCallCap() > 0, caps.toString());
        try (FileChannel in = FileChannel.open(src.path);
             FileChannel out = FileChannel.open(dir.resolve("out.bin"), StandardOpenOption.CREATE_NEW,
                     StandardOpenOption.WRITE)) {
            if (!caps.rawDescriptors()) {
                assertThrows(UnsupportedOperationException.class, () -> calls.sendfile(1, 0, 0, 1));
                if (!Sendfile.capabilities().rawDescriptors()) { // the helpers serve the JVM's provider
                    assertThrows(UnsupportedOperationException.class, () -> FileDescriptors.of(in));
                }
                return;
            }
            int outFd = FileDescriptors.of(out);
            int inFd = FileDescriptors.of(in);
            if (caps.fileTargets()) {
                long n = calls.sendfile(outFd, inFd, 0, 100_000, SendOptions.NONE);
                assertArrayEquals(Arrays.copyOf(src.data, (int) n), Arrays.copyOf(Files.readAllBytes(dir.resolve("out.bin")), (int) n));
                assertTrue(n > 0);
            } else {
                assertThrows(java.io.IOException.class, () -> calls.sendfile(outFd, inFd, 0, 100_000, SendOptions.NONE));
            }
        }
    }
}
