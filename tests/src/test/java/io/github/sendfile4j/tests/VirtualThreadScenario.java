package io.github.sendfile4j.tests;

import io.github.sendfile4j.Sendfile;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Run in a child JVM (JDK 21+) whose virtual-thread scheduler has two carriers and no room to add one:
 * virtual threads connect, write an HTTP-style header through the channel (which makes the socket
 * non-blocking underneath while {@code isBlocking()} stays true), then {@code Sendfile.transfer} the file.
 * Checks that every byte arrives, and that two transfers waiting on peers that read nothing leave a third
 * virtual thread free to run: they park instead of pinning the carriers. Exit 0 when all holds.
 */
public final class VirtualThreadScenario {
    static final byte[] HEADER = "HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    public static void main(String[] args) throws Exception {
        Path file = Paths.get(args[0]);
        byte[] data = Files.readAllBytes(file);
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            InetSocketAddress address = (InetSocketAddress) server.getLocalAddress();
            Thread[] senders = new Thread[2];
            Throwable[] failures = new Throwable[2];
            long[] results = new long[2];
            SocketChannel[] peers = new SocketChannel[2];
            for (int i = 0; i < 2; i++) {
                int k = i;
                senders[i] = startVirtual(() -> {
                    try (SocketChannel c = SocketChannel.open(address); FileChannel in = FileChannel.open(file)) {
                        c.write(ByteBuffer.wrap(HEADER));
                        results[k] = Sendfile.transfer(in, 0, data.length, c);
                    } catch (Throwable e) {
                        failures[k] = e;
                    }
                });
                peers[i] = server.accept();
            }
            Thread.sleep(500);
            CountDownLatch ran = new CountDownLatch(1);
            long t0 = System.nanoTime();
            startVirtual(ran::countDown);
            boolean third = ran.await(5, TimeUnit.SECONDS);
            System.out.println("third virtual thread ran: " + third + " after "
                    + (System.nanoTime() - t0) / 1_000_000 + " ms, provider " + Sendfile.provider().name());
            Thread.sleep(1500); // the peers stay silent for 2 s in all
            boolean ok = third;
            for (int i = 0; i < 2; i++) {
                byte[] got = readAll(peers[i]);
                senders[i].join(60_000);
                boolean exact = got.length == HEADER.length + data.length
                        && Arrays.equals(Arrays.copyOf(got, HEADER.length), HEADER)
                        && Arrays.equals(Arrays.copyOfRange(got, HEADER.length, got.length), data);
                System.out.println("transfer " + i + ": returned " + results[i] + ", failure " + failures[i]
                        + ", peer got " + got.length + " bytes, exact " + exact);
                ok &= exact && results[i] == data.length && failures[i] == null;
            }
            System.exit(ok ? 0 : 1);
        }
    }

    /** Thread.startVirtualThread, reached reflectively: the tests compile for release 17. */
    static Thread startVirtual(Runnable task) throws Exception {
        return (Thread) Thread.class.getMethod("startVirtualThread", Runnable.class).invoke(null, task);
    }

    static byte[] readAll(SocketChannel c) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(1 << 16);
        while (c.read(buf.clear()) >= 0) {
            out.write(buf.array(), 0, buf.position());
        }
        c.close();
        return out.toByteArray();
    }
}
