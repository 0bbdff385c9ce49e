/*
 * Linux: sendfile(2) with an optional offset pointer, copy_file_range(2) through syscall(2) (its glibc
 * wrapper is GLIBC_2.27, above the 2.17 floor), posix_fadvise, and what the SF_* flags need: cachestat(2)
 * (page-cache residency, Linux 6.5+, no glibc wrapper), fstat(2) through syscall(2) (glibc's fstat symbol is
 * GLIBC_2.33) and ioctl(2) for an int-valued request (SIOCOUTQ). Linux has no sf_hdtr: headers and trailers
 * are written by Java with sendmsg0 and MSG_MORE.
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
/* The same number on every architecture (arch/x86/entry/syscalls/syscall_64.tbl, include/uapi/asm-generic/
 * unistd.h: 451 cachestat); newer than the headers of the build's glibc. */
#if !defined(SYS_cachestat)
#  define SYS_cachestat 451
#endif

/* include/uapi/linux/mman.h (Linux 6.5) */
struct sf4j_cachestat_range {
    uint64_t off;
    uint64_t len;
};
struct sf4j_cachestat {
    uint64_t nr_cache;
    uint64_t nr_dirty;
    uint64_t nr_writeback;
    uint64_t nr_evicted;
    uint64_t nr_recently_evicted;
};

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
static jint JNICALL fadvise0(JNIEnv *env, jclass clazz, jint fd, jlong offset, jlong len, jint advice) {
    (void) env; (void) clazz;
    return -posix_fadvise(fd, (off_t) offset, (off_t) len, advice);
}

/* The pages of [offset, offset + len) that are in the page cache; a page past the end of the file is not. */
static jlong JNICALL cachestat0(JNIEnv *env, jclass clazz, jint fd, jlong offset, jlong len) {
    (void) env; (void) clazz;
    struct sf4j_cachestat_range range = { (uint64_t) offset, (uint64_t) len };
    struct sf4j_cachestat cs;
    long r = syscall(SYS_cachestat, fd, &range, &cs, 0u);
    return r < 0 ? -errno : (jlong) cs.nr_cache;
}

static jlong JNICALL file_size0(JNIEnv *env, jclass clazz, jint fd) {
    (void) env; (void) clazz;
    struct stat st;
    long r = syscall(SYS_fstat, fd, &st);
    return r < 0 ? -errno : (jlong) st.st_size;
}

/* An ioctl whose argument is a pointer to an int the kernel fills (SIOCOUTQ): that int, or -errno. */
static jlong JNICALL ioctl_int0(JNIEnv *env, jclass clazz, jint fd, jlong request) {
    (void) env; (void) clazz;
    int value = 0;
    return ioctl(fd, (unsigned long) request, &value) < 0 ? -errno : (jlong) value;
}

static const JNINativeMethod linux_methods[] = {
    { "sendfile0", "(IIJJ)J", (void *) sendfile0 },
    { "copyFileRange0", "(IJIJ)J", (void *) copy_file_range0 },
    { "fadvise0", "(IJJI)I", (void *) fadvise0 },
    { "cachestat0", "(IJJ)J", (void *) cachestat0 },
    { "fileSize0", "(I)J", (void *) file_size0 },
    { "ioctlInt0", "(IJ)J", (void *) ioctl_int0 },
};

jint sf4j_register_platform(JNIEnv *env, jclass clazz) {
    return (*env)->RegisterNatives(env, clazz, linux_methods, sizeof(linux_methods) / sizeof(linux_methods[0]));
}

#endif
