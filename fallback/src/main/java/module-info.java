/** The pure-Java reference provider; its copy loop also serves the native providers' last resort. */
module io.github.sendfile4j.fallback {
    requires transitive io.github.sendfile4j;

    exports io.github.sendfile4j.fallback;
    // The guarded copy loop and writability wait, shared with the native providers; not part of the API.
    exports io.github.sendfile4j.fallback.internal to io.github.sendfile4j.unix, io.github.sendfile4j.linux,
            io.github.sendfile4j.natives;

    provides io.github.sendfile4j.spi.SendfileProvider with io.github.sendfile4j.fallback.FallbackProvider;
}
