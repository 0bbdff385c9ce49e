/** The Linux provider and the platform's raw constants. */
module io.github.sendfile4j.linux {
    requires transitive io.github.sendfile4j.unix;

    exports io.github.sendfile4j.linux;

    provides io.github.sendfile4j.spi.SendfileProvider with io.github.sendfile4j.linux.LinuxSendfileProvider;
}
