/*
 * FreeBSD and macOS. Both take (file, socket) in that order, pass the offset by value and report partial
 * progress through an out-parameter even when the call fails with EAGAIN, EINTR or (FreeBSD) EBUSY; that
 * count is stored at sbytes_addr on every return, and Java decides what a partial result means (an EINTR
 * after progress is not retried as is: the headers would go twice). The Linux calls (sendfile with an
 * offset pointer, copy_file_range, posix_fadvise) are not registered here at all.
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

/* count is what the kernel takes: FreeBSD file bytes, macOS header + file bytes; 0 means to end of file.
 * No SO_NOSIGPIPE: setting it on every call cost a system call and changed a socket the library does not
 * own. A closed peer raises SIGPIPE, which every JVM ignores (HotSpot's signal handler returns at once for
 * SIGPIPE and SIGXFSZ): the JDK's own socket writes on macOS rely on the same, since write(2) has no
 * MSG_NOSIGNAL either. The call still fails with EPIPE. */
static jlong JNICALL sendfile_hdtr0(JNIEnv *env, jclass clazz, jint out_fd, jint in_fd, jlong offset, jlong count,
        jlong iov_addr, jint hdr_cnt, jint trl_cnt, jint flags, jlong sbytes_addr) {
    (void) env; (void) clazz;
    struct iovec *iov = (struct iovec *) (intptr_t) iov_addr;
    struct sf_hdtr hdtr;
    hdtr.headers = hdr_cnt > 0 ? iov : NULL;
    hdtr.hdr_cnt = hdr_cnt;
    hdtr.trailers = trl_cnt > 0 ? iov + hdr_cnt : NULL;
    hdtr.trl_cnt = trl_cnt;
    struct sf_hdtr *hp = hdr_cnt > 0 || trl_cnt > 0 ? &hdtr : NULL;
    off_t sent;
#if defined(SF4J_FREEBSD)
    sent = 0;
    int r = sendfile(in_fd, out_fd, (off_t) offset, (size_t) count, hp, &sent, flags);
#else
    (void) flags;
    sent = (off_t) count; /* value-result; the kernel overwrites it on every return path */
    int r = sendfile(in_fd, out_fd, (off_t) offset, &sent, hp, 0);
#endif
    *(jlong *) (intptr_t) sbytes_addr = (jlong) sent;
    return r < 0 ? -errno : (jlong) sent;
}

static const JNINativeMethod bsd_methods[] = {
    { "sendfileHdtr0", "(IIJJJIIIJ)J", (void *) sendfile_hdtr0 },
};

jint sf4j_register_platform(JNIEnv *env, jclass clazz) {
    return (*env)->RegisterNatives(env, clazz, bsd_methods, sizeof(bsd_methods) / sizeof(bsd_methods[0]));
}

#endif
