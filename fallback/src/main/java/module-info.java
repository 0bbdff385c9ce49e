/** The pure-Java reference provider. */
module io.github.sendfile4j.fallback {
    requires transitive io.github.sendfile4j;

    exports io.github.sendfile4j.fallback;

    provides io.github.sendfile4j.spi.SendfileProvider with io.github.sendfile4j.fallback.FallbackProvider;
}
