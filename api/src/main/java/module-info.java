/** The sendfile4j contract: {@code Sendfile}, options, errors, descriptors, and the provider SPI. */
module io.github.sendfile4j {
    exports io.github.sendfile4j;
    exports io.github.sendfile4j.spi;
    // The library loader: for the native providers only, not part of the API.
    exports io.github.sendfile4j.internal to io.github.sendfile4j.unix;

    // Java 8 only: JDK 9+ logs through System.Logger, in java.base.
    requires static java.logging;

    uses io.github.sendfile4j.spi.SendfileProvider;
}
