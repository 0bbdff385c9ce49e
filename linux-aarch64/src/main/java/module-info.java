/**
 * The aarch64 library (META-INF/native/), read by the loader in io.github.sendfile4j.unix. It provides the
 * service so that a plain {@code java -p ... -m app} resolves it through service binding.
 */
module io.github.sendfile4j.linux.aarch64 {
    requires io.github.sendfile4j.linux;

    provides io.github.sendfile4j.spi.SendfileProvider with io.github.sendfile4j.linux.aarch64.LinuxAarch64Library;
}
