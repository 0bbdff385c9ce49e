package io.github.sendfile4j.tests;

import io.github.sendfile4j.Sendfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ServerSocketChannel;

/**
 * Test-only: lets the FreeBSD or macOS provider be chosen in a Linux JVM, to run against the kernel models
 * (tests/src/test/c). With {@code -Dsendfile4j.test.os=FreeBSD} (or {@code Mac OS X}), the provider is
 * selected while {@code os.name} says that OS, and {@code os.name} is restored at once: the JDK's own
 * networking reads it too, so it is initialised first, with the real value.
 */
final class ModelledPlatform {
    private static boolean done;

    private ModelledPlatform() {
    }

    static synchronized void select() {
        String os = System.getProperty("sendfile4j.test.os");
        if (os == null || done) {
            return;
        }
        done = true;
        try (ServerSocketChannel warm = ServerSocketChannel.open()) {
            warm.isOpen();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String real = System.getProperty("os.name");
        System.setProperty("os.name", os);
        try {
            Sendfile.provider();
        } finally {
            System.setProperty("os.name", real);
        }
    }
}
