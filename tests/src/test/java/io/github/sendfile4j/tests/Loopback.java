package io.github.sendfile4j.tests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A connected pair of real TCP sockets on 127.0.0.1. */
final class Loopback implements AutoCloseable {
    final SocketChannel sender;
    final SocketChannel receiver;

    private Loopback(SocketChannel sender, SocketChannel receiver) {
        this.sender = sender;
        this.receiver = receiver;
    }

    static Loopback open() throws IOException {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            SocketChannel client = SocketChannel.open(server.getLocalAddress());
            SocketChannel accepted = server.accept();
            return new Loopback(client, accepted);
        }
    }

    /** Shrinks buffers so that a non-blocking sender fills them quickly. */
    Loopback smallBuffers() throws IOException {
        sender.setOption(StandardSocketOptions.SO_SNDBUF, 4096);
        receiver.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
        return this;
    }

    /** Reads everything until the sender side closes. */
    CompletableFuture<byte[]> readAllAsync() {
        return CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(1 << 16);
            try {
                while (receiver.read(buf.clear()) >= 0) {
                    out.write(buf.array(), 0, buf.position());
                }
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
            return out.toByteArray();
        });
    }

    /** Reads exactly n bytes (blocking). */
    byte[] read(int n) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(n);
        while (buf.hasRemaining()) {
            if (receiver.read(buf) < 0) {
                throw new IOException("EOF after " + buf.position() + " of " + n + " bytes");
            }
        }
        return buf.array();
    }

    /** After the sender is closed: everything received. */
    byte[] drain() throws Exception {
        CompletableFuture<byte[]> all = readAllAsync();
        sender.shutdownOutput();
        return all.get(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        sender.close();
        receiver.close();
    }
}
