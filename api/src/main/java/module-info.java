/** The sendfile4j contract: {@code Sendfile}, options, errors, descriptors, and the provider SPI. */
module io.github.sendfile4j {
    exports io.github.sendfile4j;
    exports io.github.sendfile4j.spi;

    uses io.github.sendfile4j.spi.SendfileProvider;
}
