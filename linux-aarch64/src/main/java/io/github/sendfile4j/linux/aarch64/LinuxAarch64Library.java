package io.github.sendfile4j.linux.aarch64;

import io.github.sendfile4j.linux.LinuxSendfileProvider;
import io.github.sendfile4j.spi.SendfileProvider;

/**
 * Makes this jar, which holds the aarch64 library, a service provider module: on the module path only a module
 * that something requires or that provides a used service is resolved, and an unresolved module's library
 * is invisible. The provider is the shared Linux one; duplicates by name are dropped at selection.
 */
public final class LinuxAarch64Library {
    private LinuxAarch64Library() {
    }

    /** @return the Linux provider, which finds its library in this module */
    public static SendfileProvider provider() {
        return new LinuxSendfileProvider();
    }
}
