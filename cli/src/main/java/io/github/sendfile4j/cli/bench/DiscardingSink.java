package io.github.sendfile4j.cli.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback receiver that discards everything, on its own thread, for every connection: the far end of the
 * socket workloads of the {@code bench} command and of the JMH module.
 */
public final class DiscardingSink implements AutoCloseable {
    private final ServerSocketChannel server;
    private final List<SocketChannel> clients = new ArrayList<>();
    private final Thread thread;

    /** @throws IOException if no loopback port can be bound */
    public DiscardingSink() throws IOException {
        server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        thread = new Thread(this::accept, "bench-sink");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * @return the port it listens on
     * @throws IOException if the socket is closed
     */
    public int port() throws IOException {
        return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    /**
     * @return a new blocking connection to it, closed with the sink
     * @throws IOException if it cannot connect
     */
    public SocketChannel connect() throws IOException {
        SocketChannel c = SocketChannel.open(server.getLocalAddress());
        clients.add(c);
        return c;
    }

    private void accept() {
        try {
            while (true) {
                SocketChannel c = server.accept();
                Thread t = new Thread(() -> drain(c), "bench-drain");
                t.setDaemon(true);
                t.start();
            }
        } catch (IOException closed) {
            // Server closed: the workload is over.
        }
    }

    private static void drain(SocketChannel c) {
        ByteBuffer b = ByteBuffer.allocateDirect(1 << 20);
        try (SocketChannel ch = c) {
            while (read(ch, b) >= 0) {
                // Discard.
            }
        } catch (IOException ignored) {
            // Sender closed.
        }
    }

    private static int read(SocketChannel ch, ByteBuffer b) throws IOException {
        b.clear();
        return ch.read(b);
    }

    @Override
    public void close() throws IOException {
        for (SocketChannel c : clients) {
            c.close();
        }
        server.close();
    }
}
