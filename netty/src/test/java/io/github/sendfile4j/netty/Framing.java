package io.github.sendfile4j.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The frame the Netty tests send around a file range: a header naming the range (a pooled direct buffer) and a
 * trailer (a pooled heap buffer), so that both kinds of buffer are sent and released; and the bytes a reader
 * must get.
 */
final class Framing {
    private static final byte[] TAIL = "\r\nTAIL".getBytes(StandardCharsets.US_ASCII);

    private Framing() {
    }

    private static byte[] head(long position, long count) {
        return ("HEAD " + position + "+" + count + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    /** @return a new header buffer for the range, reference count 1 */
    static ByteBuf headBuffer(long position, long count) {
        return PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(head(position, count));
    }

    /** @return a new trailer buffer, reference count 1 */
    static ByteBuf tailBuffer() {
        return PooledByteBufAllocator.DEFAULT.heapBuffer().writeBytes(TAIL);
    }

    /** @return header, {@code data[position, position + count)} and trailer */
    static byte[] expected(byte[] data, long position, int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head(position, count));
        out.write(data, (int) position, count);
        out.writeBytes(TAIL);
        return out.toByteArray();
    }
}
