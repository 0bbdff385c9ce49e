package io.github.sendfile4j.tests.example;

import io.github.sendfile4j.FileSend;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A slice of a file followed by a trailer, to a socket in whichever mode it is in. */
public final class SendSlice {
    public static long send(Path file, long position, long count, String trailer, SocketChannel socket)
            throws IOException {
        ByteBuffer end = ByteBuffer.wrap(trailer.getBytes(StandardCharsets.UTF_8));
        try (FileSend slice = FileSend.builder(file, position, count).trailers(end).build()) {
            while (!slice.isDone()) {
                slice.sendTo(socket); // all at once if blocking; what fits, then again, if not
            }
            return slice.totalBytesSent();
        }
    }
}
