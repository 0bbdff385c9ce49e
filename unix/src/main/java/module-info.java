/** Java shared by every native provider; loads libsendfile4j (JDK 24+: --enable-native-access=io.github.sendfile4j.unix). */
module io.github.sendfile4j.unix {
    requires transitive io.github.sendfile4j;

    // Only the platform providers use this package: it holds the gateway to the system calls.
    exports io.github.sendfile4j.unix to io.github.sendfile4j.linux, io.github.sendfile4j.darwin,
            io.github.sendfile4j.freebsd, io.github.sendfile4j.natives;
}
