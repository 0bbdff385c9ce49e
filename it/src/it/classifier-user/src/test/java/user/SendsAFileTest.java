package user;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.sendfile4j.FileDescriptors;
import io.github.sendfile4j.Sendfile;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SendsAFileTest {
    @Test
    void sendsAFileWithTheNativeProvider() throws Exception {
        System.out.println(Sendfile.diagnostics());
        assertEquals("linux", Sendfile.provider().name(), Sendfile.diagnostics());
        byte[] data = new byte[100_000];
        new java.util.Random(1).nextBytes(data);
        Path file = Files.write(Files.createTempFile("user", ".bin"), data);
        try (ServerSocketChannel server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
             SocketChannel client = SocketChannel.open(server.getLocalAddress());
             SocketChannel peer = server.accept();
             FileChannel in = FileChannel.open(file)) {
            long sent = 0;
            while (sent < data.length) {
                sent += Sendfile.sendfile(FileDescriptors.of(client), FileDescriptors.of(in), sent, data.length - sent);
            }
            client.shutdownOutput();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            ByteBuffer buf = ByteBuffer.allocate(8192);
            while (peer.read(buf.clear()) >= 0) {
                got.write(buf.array(), 0, buf.position());
            }
            assertArrayEquals(data, got.toByteArray());
        }
    }
}
