/** The pure-Java reference provider; its copy loop also serves the native providers' last resort. */
module io.github.sendfile4j.fallback {
    requires transitive io.github.sendfile4j;

    exports io.github.sendfile4j.fallback;

    provides io.github.sendfile4j.spi.SendfileProvider with io.github.sendfile4j.fallback.FallbackProvider;
}
