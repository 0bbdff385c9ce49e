package io.github.sendfile4j.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Real files and a loopback socket whose far end a daemon thread drains. */
final class Fixtures {
    private Fixtures() {
    }

    static Path file(long size) throws IOException {
        Path p = Files.createTempFile("sendfile4j-bench", ".bin");
        p.toFile().deleteOnExit();
        byte[] chunk = new byte[1 << 20];
        new Random(size).nextBytes(chunk);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            for (long at = 0; at < size; at += chunk.length) {
                f.write(chunk, 0, (int) Math.min(chunk.length, size - at));
            }
        }
        return p;
    }

    static final class Sink implements AutoCloseable {
        final SocketChannel sender;
        private final SocketChannel receiver;

        Sink() throws IOException {
            try (ServerSocketChannel server = ServerSocketChannel.open()) {
                server.bind(new InetSocketAddress("127.0.0.1", 0));
                sender = SocketChannel.open(server.getLocalAddress());
                receiver = server.accept();
            }
            Thread t = new Thread(() -> {
                ByteBuffer b = ByteBuffer.allocateDirect(1 << 20);
                try {
                    while (true) {
                        b.clear();
                        if (receiver.read(b) < 0) {
                            return;
                        }
                    }
                } catch (IOException closed) {
                    // Benchmark over.
                }
            }, "sink");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            sender.close();
            receiver.close();
        }
    }
}
