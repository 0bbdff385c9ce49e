/*
 * Linux: sendfile(2) with an optional offset pointer, copy_file_range(2) through syscall(2) (its glibc
 * wrapper is GLIBC_2.27, above the 2.17 floor), posix_fadvise for SF_NOCACHE. Linux has no sf_hdtr:
 * headers and trailers are written by Java with sendmsg0 and MSG_MORE.
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

/* A negative offset means "use and advance in_fd's own position" (offset pointer NULL). */
static jlong JNICALL sendfile0(JNIEnv *env, jclass clazz, jint out_fd, jint in_fd, jlong offset, jlong count) {
    (void) env; (void) clazz;
    off_t off = (off_t) offset;
    ssize_t n = sendfile(out_fd, in_fd, offset < 0 ? NULL : &off, (size_t) count);
    return n < 0 ? -errno : n;
}

/* Writes at out_fd's own position and advances it, as FileChannel.position() expects. */
static jlong JNICALL copy_file_range0(JNIEnv *env, jclass clazz, jint in_fd, jlong in_offset, jint out_fd,
        jlong count) {
    (void) env; (void) clazz;
    loff_t off = (loff_t) in_offset;
    long n = syscall(SYS_copy_file_range, in_fd, &off, out_fd, NULL, (size_t) count, 0u);
    return n < 0 ? -errno : n;
}

/* posix_fadvise returns the error number instead of setting errno. */
static jint JNICALL fadvise_dontneed0(JNIEnv *env, jclass clazz, jint fd, jlong offset, jlong len) {
    (void) env; (void) clazz;
    return -posix_fadvise(fd, (off_t) offset, (off_t) len, POSIX_FADV_DONTNEED);
}

static const JNINativeMethod linux_methods[] = {
    { "sendfile0", "(IIJJ)J", (void *) sendfile0 },
    { "copyFileRange0", "(IJIJ)J", (void *) copy_file_range0 },
    { "fadviseDontNeed0", "(IJJ)I", (void *) fadvise_dontneed0 },
};

jint sf4j_register_platform(JNIEnv *env, jclass clazz) {
    return (*env)->RegisterNatives(env, clazz, linux_methods, sizeof(linux_methods) / sizeof(linux_methods[0]));
}

#endif
