/**
 * The x86_64 library (META-INF/native/), read by the loader in io.github.sendfile4j.unix. It provides the
 * service so that a plain {@code java -p ... -m app} resolves it through service binding.
 */
module io.github.sendfile4j.linux.x86_64 {
    requires io.github.sendfile4j.linux;

    provides io.github.sendfile4j.spi.SendfileProvider with io.github.sendfile4j.linux.x86_64.LinuxX8664Library;
}
