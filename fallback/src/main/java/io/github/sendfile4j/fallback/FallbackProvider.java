package io.github.sendfile4j.fallback;

import io.github.sendfile4j.SendFlag;
import io.github.sendfile4j.SendOptions;
import io.github.sendfile4j.internal.ChannelCopier;
import io.github.sendfile4j.spi.Platform;
import io.github.sendfile4j.spi.SendfileProvider;
import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pure-Java provider: serves {@code transfer} on any platform with a buffered copy. Raw-descriptor
 * calls, flags and blocking-mode changes need a system call Java does not offer, so they are refused with
 * an {@link UnsupportedOperationException} that says what would serve them.
 */
public final class FallbackProvider implements SendfileProvider {
    private static final String NEEDS_NATIVE = " needs a native sendfile4j provider, and none is loaded on "
            + Platform.current() + ": add sendfile4j-native with classifier ${os.detected.classifier}"
            + " (see Sendfile.providers() for why it did not load), or use Sendfile.transfer on channels";

    @Override
    public String name() {
        return "fallback";
    }

    @Override
    public boolean matches(Platform platform) {
        return true;
    }

    @Override
    public void initialize() {
        // Nothing to load.
    }

    @Override
    public boolean supports(SendFlag flag) {
        return flag == SendFlag.SF_MNOWAIT; // no effect anywhere, as on FreeBSD 11+
    }

    @Override
    public long sendfile(int outFd, int inFd, long offset, long count, SendOptions options) {
        throw new UnsupportedOperationException("sendfile on raw descriptors" + NEEDS_NATIVE);
    }

    @Override
    public long transfer(FileChannel source, long position, long count, WritableByteChannel target)
            throws IOException {
        return ChannelCopier.copy(source, position, count, target);
    }

    @Override
    public int descriptor(Object holder) throws IOException {
        try {
            Object fd = holder instanceof FileDescriptor ? holder : field(holder, "fd");
            return (Integer) field(fd, "fd");
        } catch (ReflectiveOperationException | RuntimeException e) {
            // JDK 16+ refuses setAccessible on java.base internals unless the packages are opened.
            throw new UnsupportedOperationException("reading the descriptor of " + holder.getClass().getName()
                    + NEEDS_NATIVE + " (or run with --add-opens java.base/java.io=ALL-UNNAMED"
                    + " --add-opens java.base/sun.nio.ch=ALL-UNNAMED)", e);
        }
    }

    private static Object field(Object target, String name) throws ReflectiveOperationException {
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f.get(target);
            } catch (NoSuchFieldException e) {
                // Keep looking in the superclass.
            }
        }
        throw new NoSuchFieldException(target.getClass().getName() + "." + name);
    }

    @Override
    public boolean isBlocking(int fd) {
        throw new UnsupportedOperationException("isBlocking(int)" + NEEDS_NATIVE);
    }

    @Override
    public void setBlocking(int fd, boolean blocking) {
        throw new UnsupportedOperationException("setBlocking(int, boolean)" + NEEDS_NATIVE);
    }

    @Override
    public io.github.sendfile4j.Capabilities capabilities() {
        return new io.github.sendfile4j.Capabilities(false, false, false, SendfileProvider.supportedFlags(this), Long.MAX_VALUE);
    }

    @Override
    public Map<String, String> details() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("library", "(none: pure Java)");
        return Collections.unmodifiableMap(m);
    }
}
