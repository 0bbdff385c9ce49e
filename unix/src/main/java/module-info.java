/** Java shared by every native provider; loads libsendfile4j (JDK 24+: --enable-native-access=io.github.sendfile4j.unix). */
module io.github.sendfile4j.unix {
    requires transitive io.github.sendfile4j;
    requires transitive io.github.sendfile4j.fallback;

    exports io.github.sendfile4j.unix;
}
