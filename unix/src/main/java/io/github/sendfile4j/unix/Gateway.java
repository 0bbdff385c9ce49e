package io.github.sendfile4j.unix;

import java.util.Locale;

/**
 * Which gateway a native provider may call the kernel through. {@link NativeProvider#initialize()} takes it
 * from {@code -Dsendfile4j.gateway}; {@link NativeProvider#initialize(io.github.sendfile4j.spi.Platform,
 * Gateway, java.nio.file.Path)} from its caller.
 */
public enum Gateway {
    /** The FFM gateway where the JDK and the JVM's options allow it, else the JNI library: the default. */
    AUTO,
    /** The FFM gateway or no native provider at all: for tests, and for users who must not extract a library. */
    FFM,
    /** The JNI library only. */
    JNI;

    /** The system property. */
    static final String PROPERTY = "sendfile4j.gateway";

    /**
     * @return the gateway {@code -Dsendfile4j.gateway} names, {@link #AUTO} when unset
     * @throws IllegalStateException if the property has a value other than auto, ffm and jni
     */
    static Gateway fromProperty() {
        String v = System.getProperty(PROPERTY, "auto").trim().toUpperCase(Locale.ROOT);
        for (Gateway g : values()) {
            if (g.name().equals(v)) {
                return g;
            }
        }
        throw new IllegalStateException("-D" + PROPERTY + " must be auto, ffm or jni, was '"
                + System.getProperty(PROPERTY) + "'");
    }
}
