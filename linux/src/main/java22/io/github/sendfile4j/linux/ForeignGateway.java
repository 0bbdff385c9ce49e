package io.github.sendfile4j.linux;

import io.github.sendfile4j.unix.LinuxSystemCalls;
import java.util.ArrayList;
import java.util.List;

/**
 * JDK 22+: opens the FFM gateway when the JVM allows this module what it needs, and otherwise names the
 * options that would allow it. Native access lets it link libc; the two opened packages let it read the
 * descriptor number of a channel or stream (a private field: the JDK has no public accessor, and JNI, which
 * ignores encapsulation, is what this gateway replaces).
 */
final class ForeignGateway {
    /** The packages of java.base whose private descriptor fields are read. */
    private static final String[] PACKAGES = {"java.io", "sun.nio.ch"};

    private ForeignGateway() {
    }

    /**
     * @param arch an architecture (os-maven-plugin's name) the project ships no Linux library for
     * @return whether the FFM gateway knows its system call numbers and constants (see LinuxForeignCalls)
     */
    static boolean serves(String arch) {
        return LinuxConstants.copyFileRangeSyscall(arch) > 0;
    }

    /**
     * @param why where to say why it serves, or why not
     * @return the gateway, or {@code null}
     */
    static LinuxSystemCalls open(StringBuilder why) {
        Module self = ForeignGateway.class.getModule();
        String who = self.isNamed() ? self.getName() : "ALL-UNNAMED";
        List<String> missing = new ArrayList<>();
        if (!self.isNativeAccessEnabled()) {
            missing.add("--enable-native-access=" + who);
        }
        for (String p : PACKAGES) {
            if (!Object.class.getModule().isOpen(p, self)) {
                missing.add("--add-opens java.base/" + p + "=" + who);
            }
        }
        if (!missing.isEmpty()) {
            why.append("the FFM gateway needs ").append(String.join(" ", missing));
            return null;
        }
        try {
            LinuxSystemCalls calls = new LinuxForeignCalls();
            why.append("JDK ").append(Runtime.version().feature()).append(", native access enabled for ").append(who)
                    .append(", symbols from ").append(ForeignSymbols.describe());
            return calls;
        } catch (LinkageError | RuntimeException e) {
            why.append("the FFM gateway could not link libc: ").append(e);
            return null;
        }
    }
}
