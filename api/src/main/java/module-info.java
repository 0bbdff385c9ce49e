/** The sendfile4j contract: {@code Sendfile}, options, errors, descriptors, and the provider SPI. */
module io.github.sendfile4j {
    exports io.github.sendfile4j;
    exports io.github.sendfile4j.spi;
    // What every provider shares (the guarded copy loop, the writability wait, the version); not part of the API.
    // io.github.sendfile4j.natives is the all-platforms jar, which carries the Linux provider's classes.
    exports io.github.sendfile4j.internal to io.github.sendfile4j.fallback, io.github.sendfile4j.unix,
            io.github.sendfile4j.linux, io.github.sendfile4j.natives;

    // Java 8 only: JDK 9+ logs through System.Logger, in java.base.
    requires static java.logging;

    uses io.github.sendfile4j.spi.SendfileProvider;
}
