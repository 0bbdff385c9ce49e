package io.github.sendfile4j.unix;

import java.util.Locale;

/**
 * Which gateway may serve, as {@code -Dsendfile4j.gateway} says: {@code auto} (the default: the FFM gateway
 * where the JDK and the JVM's options allow it, else the JNI library), {@code ffm} (that gateway or no native
 * provider at all: for tests and for users who must not extract a library) or {@code jni}.
 */
final class GatewayChoice {
    /** The system property. */
    static final String PROPERTY = "sendfile4j.gateway";

    private GatewayChoice() {
    }

    /**
     * @param why where to say why not
     * @return whether the FFM gateway may be tried
     * @throws IllegalStateException if the property has a value other than auto, ffm and jni
     */
    static boolean foreignAllowed(StringBuilder why) {
        if ("jni".equals(value())) {
            why.append("-D").append(PROPERTY).append("=jni");
            return false;
        }
        return true;
    }

    /** @return whether only the FFM gateway may serve */
    static boolean foreignRequired() {
        return "ffm".equals(value());
    }

    private static String value() {
        String v = System.getProperty(PROPERTY, "auto").trim().toLowerCase(Locale.ROOT);
        if (!v.equals("auto") && !v.equals("ffm") && !v.equals("jni")) {
            throw new IllegalStateException("-D" + PROPERTY + " must be auto, ffm or jni, was '"
                    + System.getProperty(PROPERTY) + "'");
        }
        return v;
    }
}
