/** The Darwin provider and the platform's raw constants. */
module io.github.sendfile4j.darwin {
    requires transitive io.github.sendfile4j.unix;

    exports io.github.sendfile4j.darwin;

    provides io.github.sendfile4j.spi.SendfileProvider with io.github.sendfile4j.darwin.DarwinSendfileProvider;
}
