package io.github.sendfile4j.unix;

import java.nio.Buffer;

/**
 * The address of a direct buffer, for filling native structures. Before JDK 22 the JNI library tells it
 * (it is loaded whenever this is reached there); the JDK 22 version of this class (META-INF/versions/22)
 * asks the FFM API, which needs no library, so the FFM gateway works without one.
 */
final class BufferAddress {
    private BufferAddress() {
    }

    /**
     * @param direct a direct buffer
     * @return the address of its first byte (position ignored)
     * @throws IllegalArgumentException if {@code direct} is not direct
     */
    static long of(Buffer direct) {
        return NativeIo.addressOf(direct);
    }
}
