package io.github.sendfile4j.internal;

import java.lang.reflect.Method;

/**
 * sendfile4j's only output: warnings, through {@code System.Logger} (JDK 9+) under the name
 * {@value #NAME}, so that operations can route or silence them like any other library's; through
 * java.util.logging on Java 8, where System.Logger does not exist. Reached reflectively because the
 * library is compiled for Java 8.
 */
public final class Log {
    /** The logger's name, stable across releases. */
    public static final String NAME = "io.github.sendfile4j";

    private Log() {
    }

    /**
     * @param message one line
     */
    public static void warning(String message) {
        try {
            Class<?> level = Class.forName("java.lang.System$Logger$Level");
            Object logger = System.class.getMethod("getLogger", String.class).invoke(null, NAME);
            Method log = Class.forName("java.lang.System$Logger").getMethod("log", level, String.class);
            log.invoke(logger, level.getField("WARNING").get(null), message);
        } catch (ClassNotFoundException e) {
            java.util.logging.Logger.getLogger(NAME).warning(message);
        } catch (ReflectiveOperationException | RuntimeException e) {
            System.err.println(message); // a broken logging setup must not hide the warning
        }
    }
}
