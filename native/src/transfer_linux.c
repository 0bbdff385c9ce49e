/*
 * Linux: sendfile(2) with an optional offset pointer, copy_file_range(2) through syscall(2) (its glibc
 * wrapper is GLIBC_2.27, above the 2.17 floor), posix_fadvise for SF_NOCACHE. Linux has no sf_hdtr:
 * headers and trailers are written by Java through writev0 with MSG_MORE.
 */
#include "config.h"
#include "sendfile4j.h"

#if defined(SF4J_LINUX)

#if !defined(SYS_copy_file_range)
#  if defined(__x86_64__)
#    define SYS_copy_file_range 326
#  elif defined(__aarch64__)
#    define SYS_copy_file_range 285
#  endif
#endif

/* A negative offset means "use and advance in_fd's own position" (offset pointer NULL). Interrupted with
 * partial progress, sendfile returns the short count, so EINTR always means nothing moved: retry as is. */
jlong sf4j_sendfile(jint out_fd, jint in_fd, jlong offset, jlong count) {
    off_t off = (off_t) offset;
    ssize_t n;
    do {
        n = sendfile(out_fd, in_fd, offset < 0 ? NULL : &off, (size_t) count);
    } while (n < 0 && errno == EINTR);
    return n < 0 ? -errno : n;
}

jlong sf4j_sendfile_hdtr(jint out_fd, jint in_fd, jlong offset, jlong count, jlong iov_addr, jint hdr_cnt,
        jint trl_cnt, jint flags, jlong sbytes_addr) {
    (void) out_fd; (void) in_fd; (void) offset; (void) count; (void) iov_addr; (void) hdr_cnt; (void) trl_cnt;
    (void) flags; (void) sbytes_addr;
    return -ENOSYS;
}

/* Writes at out_fd's own position and advances it, as FileChannel.position() expects. */
jlong sf4j_copy_file_range(jint in_fd, jlong in_offset, jint out_fd, jlong count) {
    loff_t off = (loff_t) in_offset;
    long n;
    do {
        n = syscall(SYS_copy_file_range, in_fd, &off, out_fd, NULL, (size_t) count, 0u);
    } while (n < 0 && errno == EINTR);
    return n < 0 ? -errno : n;
}

jint sf4j_fadvise_dontneed(jint fd, jlong offset, jlong len) {
    /* posix_fadvise returns the error number instead of setting errno. */
    return -posix_fadvise(fd, (off_t) offset, (off_t) len, POSIX_FADV_DONTNEED);
}

#endif
