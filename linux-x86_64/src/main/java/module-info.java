/** Resources only: META-INF/native/ holds the library, read by the loader in io.github.sendfile4j.unix. */
module io.github.sendfile4j.linux.x86_64 {
    requires io.github.sendfile4j.linux;
}
