package io.github.sendfile4j.unix;

import java.lang.foreign.MemorySegment;
import java.nio.Buffer;

/** JDK 22+: the FFM API tells a direct buffer's address, with or without the JNI library. */
final class BufferAddress {
    private BufferAddress() {
    }

    /**
     * @param direct a direct buffer
     * @return the address of its first byte (position ignored)
     * @throws IllegalArgumentException if {@code direct} is not direct
     */
    static long of(Buffer direct) {
        if (!direct.isDirect()) {
            throw new IllegalArgumentException("not a direct buffer: " + direct);
        }
        // ofBuffer starts at the position; the callers add the position themselves.
        return MemorySegment.ofBuffer(direct).address() - direct.position();
    }
}
