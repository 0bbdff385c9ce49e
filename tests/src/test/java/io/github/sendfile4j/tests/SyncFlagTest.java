package io.github.sendfile4j.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.sendfile4j.FileDescriptors;
import io.github.sendfile4j.SendFlag;
import io.github.sendfile4j.SendfileException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SF_SYNC with FreeBSD's meaning wherever Java does the wait: Linux (SIOCOUTQ, both gateways) and macOS
 * (SO_NWRITE, against the XNU model, whose getsockopt answers from the real socket's queue). The call returns
 * only when the peer has acknowledged every byte (read from outside with {@code ss}); a peer that never reads
 * holds it until an interrupt or a close ends it. FreeBSD's kernel waits by itself, which its model does not
 * model; the fallback has no raw calls.
 */
@ParameterizedClass(name = "[{0}]")
@MethodSource("io.github.sendfile4j.tests.Providers#all")
class SyncFlagTest extends ProviderSuite {
    private Path file;
    private byte[] data;

    @BeforeEach
    void javaWaitsHere() {
        assumeTrue(!under.name.equals("freebsd-model"), "FreeBSD's kernel does SF_SYNC itself; its model does not");
        assumeTrue(calls.capabilities().rawDescriptors(), under.name + " has no raw-descriptor calls");
        assumeTrue(calls.capabilities().flags().contains(SendFlag.SF_SYNC), under.name + " refuses SF_SYNC");
        reportOnce("[sync] " + under.describe() + ": SF_SYNC supported");
    }

    @BeforeEach
    void file() throws Exception {
        data = new byte[8 << 20];
        new java.util.Random(23).nextBytes(data);
        file = LinuxFlagsTest.syncedFile(data);
    }

    @Test
    void syncReturnsOnlyWhenThePeerHasAcknowledgedEverything() throws Exception {
        LinuxFlagsTest.run("cat", file.toString());
        try (Loopback lo = Loopback.open(); FileChannel in = FileChannel.open(file)) {
            int port = ((InetSocketAddress) lo.sender.getLocalAddress()).getPort();
            // Without the flag, a non-blocking send returns with bytes the peer has not taken.
            lo.sender.configureBlocking(false);
            long first = calls.sendfile(FileDescriptors.of(lo.sender), FileDescriptors.of(in), 0, data.length);
            assertTrue(LinuxFlagsTest.sendQueue(port) > 0, "nothing queued after a plain send of " + first + " bytes");
            lo.sender.configureBlocking(true);
            // A slow reader: 256 KiB every 20 ms.
            CompletableFuture<byte[]> got = CompletableFuture.supplyAsync(() -> LinuxFlagsTest.slowRead(lo));
            long sent = 0;
            while (sent < data.length - first) {
                sent += calls.sendfile(FileDescriptors.of(lo.sender), FileDescriptors.of(in), first + sent,
                        data.length - first - sent, LinuxFlagsTest.flags(SendFlag.SF_SYNC));
                assertEquals(0, LinuxFlagsTest.sendQueue(port), "unacknowledged bytes after an SF_SYNC return");
            }
            lo.sender.shutdownOutput();
            assertArrayEquals(data, got.get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void syncAgainstAPeerThatNeverReadsEndsOnInterrupt() throws Exception {
        LinuxFlagsTest.run("cat", file.toString());
        try (Loopback lo = Loopback.open(); FileChannel in = FileChannel.open(file)) {
            Thread caller = Thread.currentThread();
            CompletableFuture<Void> interrupter = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(300);
                } catch (InterruptedException e) {
                    return;
                }
                caller.interrupt();
            });
            lo.sender.configureBlocking(false);
            long t0 = System.nanoTime();
            SendfileException e = assertThrows(SendfileException.class, () -> calls.sendfile(
                    FileDescriptors.of(lo.sender), FileDescriptors.of(in), 0, data.length, LinuxFlagsTest.flags(SendFlag.SF_SYNC)));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(Thread.interrupted(), "the interrupt is kept");
            interrupter.get(5, TimeUnit.SECONDS);
            assertEquals("EINTR", e.errnoName());
            assertTrue(e.bytesSent() > 0, e.toString());
            assertTrue(millis >= 250 && millis < 2000, millis + " ms");
        }
    }

    @Test
    void syncAgainstAPeerThatNeverReadsEndsWhenTheSocketIsClosed() throws Exception {
        LinuxFlagsTest.run("cat", file.toString());
        try (Loopback lo = Loopback.open(); FileChannel in = FileChannel.open(file)) {
            lo.sender.configureBlocking(false);
            int out = FileDescriptors.of(lo.sender);
            CompletableFuture<Void> closer = CompletableFuture.runAsync(() -> {
                try {
                    Thread.sleep(300);
                    lo.sender.close();
                } catch (InterruptedException | IOException e) {
                    throw new IllegalStateException(e);
                }
            });
            long t0 = System.nanoTime();
            String ended;
            try {
                ended = "returned " + calls.sendfile(out, FileDescriptors.of(in), 0, data.length,
                        LinuxFlagsTest.flags(SendFlag.SF_SYNC));
            } catch (SendfileException e) {
                ended = e.errnoName() + " after " + e.bytesSent() + " bytes";
            }
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            closer.get(5, TimeUnit.SECONDS);
            System.out.println("[flags] " + under.name + ": SF_SYNC, peer never reads, socket closed after 300 ms: " + ended + " in "
                    + millis + " ms");
            assertTrue(millis >= 250 && millis < 2000, millis + " ms: " + ended);
        }
    }
}
