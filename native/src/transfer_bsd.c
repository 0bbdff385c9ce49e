/*
 * FreeBSD and macOS. Both take (file, socket) in that order, pass the offset by value and report partial
 * progress through an out-parameter even when the call fails with EAGAIN, EINTR or (FreeBSD) EBUSY; that
 * count is stored at sbytes_addr on every return, and Java decides what a partial result means.
 * Neither has the Linux-style offset pointer, copy_file_range at our OS floor, or posix_fadvise semantics
 * we rely on: those entry points answer ENOSYS and Java never calls them here.
 *
 * FreeBSD (sendfile(2), sys/kern/kern_sendfile.c): nbytes counts file bytes only, 0 means "to end of file",
 * headers and trailers go natively in the sf_hdtr, flags carry SF_* and readahead in the upper 16 bits.
 * macOS (xnu bsd/kern/uipc_syscalls.c): *len counts header and file bytes together on input (0 = to end
 * of file), everything sent on output, and flags must be 0. Java passes headers (never trailers) to FreeBSD
 * and neither to macOS, and writes the rest itself (see BsdFamilyProvider and DarwinSendfileProvider).
 */
#include "config.h"
#include "sendfile4j.h"

#if defined(SF4J_FREEBSD) || defined(SF4J_DARWIN)

jlong sf4j_sendfile(jint out_fd, jint in_fd, jlong offset, jlong count) {
    (void) out_fd; (void) in_fd; (void) offset; (void) count;
    return -ENOSYS;
}

jlong sf4j_copy_file_range(jint in_fd, jlong in_offset, jint out_fd, jlong count) {
    (void) in_fd; (void) in_offset; (void) out_fd; (void) count;
    return -ENOSYS;
}

jint sf4j_fadvise_dontneed(jint fd, jlong offset, jlong len) {
    (void) fd; (void) offset; (void) len;
    return -ENOSYS;
}

/* count is what the kernel takes: FreeBSD file bytes, macOS header + file bytes; 0 means to end of file. */
jlong sf4j_sendfile_hdtr(jint out_fd, jint in_fd, jlong offset, jlong count, jlong iov_addr, jint hdr_cnt,
        jint trl_cnt, jint flags, jlong sbytes_addr) {
    struct iovec *iov = (struct iovec *) (intptr_t) iov_addr;
    struct sf_hdtr hdtr;
    hdtr.headers = hdr_cnt > 0 ? iov : NULL;
    hdtr.hdr_cnt = hdr_cnt;
    hdtr.trailers = trl_cnt > 0 ? iov + hdr_cnt : NULL;
    hdtr.trl_cnt = trl_cnt;
    struct sf_hdtr *hp = hdr_cnt > 0 || trl_cnt > 0 ? &hdtr : NULL;
    off_t sent;
    int r;
    /* No SO_NOSIGPIPE here: setting it on every call cost a system call and changed a socket the library
     * does not own. A closed peer raises SIGPIPE, which every JVM ignores (HotSpot's signal handler
     * returns at once for SIGPIPE and SIGXFSZ): the JDK's own socket writes on macOS rely on the same,
     * since write(2) has no MSG_NOSIGNAL either. The call still fails with EPIPE. */
    /* Retry EINTR only when nothing moved: otherwise headers would be sent twice. Java continues
     * from the partial count instead. */
    do {
#if defined(SF4J_FREEBSD)
        sent = 0;
        r = sendfile(in_fd, out_fd, (off_t) offset, (size_t) count, hp, &sent, flags);
#else
        (void) flags;
        sent = (off_t) count; /* value-result; the kernel overwrites it on every return path */
        r = sendfile(in_fd, out_fd, (off_t) offset, &sent, hp, 0);
#endif
    } while (r < 0 && errno == EINTR && sent == 0);
    *(jlong *) (intptr_t) sbytes_addr = (jlong) sent;
    return r < 0 ? -errno : (jlong) sent;
}

#endif
