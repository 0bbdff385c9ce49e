/* Link-time stand-in for FreeBSD's libc.so.7: only the names matter, so that the library records
 * NEEDED libc.so.7 and versioned FBSD_1.0 references (see freebsd-libc.map). Never executed. */
void __error(void) {}
void close(void) {}
void fcntl(void) {}
void getsockopt(void) {}
void lseek(void) {}
void poll(void) {}
void sendfile(void) {}
void sendmsg(void) {}
void setsockopt(void) {}
void sysconf(void) {}
void writev(void) {}
