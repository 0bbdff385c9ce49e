package io.github.sendfile4j.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of sendfile4j this jar was built as, read once from the resource the build writes. */
public final class Version {
    private static final String VERSION = read();

    private Version() {
    }

    /** @return the version, such as {@code 0.1.0-SNAPSHOT}, or {@code unknown} */
    public static String get() {
        return VERSION;
    }

    /** @return the version with every character that a file name should not carry replaced by {@code _} */
    public static String fileNameSafe() {
        return VERSION.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static String read() {
        Properties p = new Properties();
        // A resource of this module's own package: readable here on the module path too.
        try (InputStream in = Version.class.getResourceAsStream("/io/github/sendfile4j/sendfile4j.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return p.getProperty("version", "unknown");
    }
}
