package io.github.sendfile4j.linux;

import io.github.sendfile4j.unix.LinuxSystemCalls;

/**
 * Opens the FFM gateway ({@code LinuxForeignCalls}) where it can serve. This is the version for JDKs before
 * 22, which have no FFM API; the JDK 22 version of this class (META-INF/versions/22) does the real work.
 */
final class ForeignGateway {
    private ForeignGateway() {
    }

    /**
     * @param arch an architecture (os-maven-plugin's name) the project ships no Linux library for
     * @return whether the FFM gateway could serve there: never before JDK 22
     */
    static boolean serves(String arch) {
        return false;
    }

    /**
     * @param why where to say why it serves, or why not
     * @return the gateway, or {@code null}
     */
    static LinuxSystemCalls open(StringBuilder why) {
        why.append("the FFM gateway needs JDK 22+, this is ").append(System.getProperty("java.version"));
        return null;
    }
}
