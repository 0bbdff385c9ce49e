/*
 * Fault injection for the libc calls libsendfile4j and the FFM gateway make (sendfile, sendmsg, writev, and
 * copy_file_range through syscall): preloaded (LD_PRELOAD) under the JNI library, where only calls made from
 * libsendfile4j itself are touched (the caller's object is looked up with dladdr) so the JVM's own I/O runs
 * undisturbed; or named to the FFM gateway (-Dsendfile4j.ffm.symbols), which then calls it instead of libc. Per call, from a seeded
 * generator: pass through, a short count, EINTR with nothing done, EAGAIN with nothing done, or a short
 * count followed by a hard error on the next call (an error after progress). The number of injected
 * faults is written to $SF4J_FAULT_REPORT at exit. Test-only: never part of a shipped jar.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

enum fault { PASS, SHORT, EINTR_NONE, EAGAIN_NONE, ERROR_AFTER };

static unsigned long long state;
static long injected;
static int pending_error;

static unsigned long long next_random(void) {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

static void report(void) {
    const char *path = getenv("SF4J_FAULT_REPORT");
    FILE *f = path ? fopen(path, "w") : NULL;
    if (f) {
        fprintf(f, "%ld\n", injected);
        fclose(f);
    }
}

__attribute__((constructor)) static void init(void) {
    const char *seed = getenv("SF4J_FAULT_SEED");
    state = seed ? strtoull(seed, NULL, 10) * 2654435761ULL + 1 : 88172645463325252ULL;
    atexit(report);
}

/* Preloaded, every call of the JVM comes here and only libsendfile4j's are touched; looked up by the FFM
 * gateway (SF4J_FAULT_EVERY_CALLER set), only the gateway's calls come here, from code with no library name. */
static int from_library(void *caller) {
    static int every = -1;
    if (every < 0) {
        every = getenv("SF4J_FAULT_EVERY_CALLER") != NULL;
    }
    Dl_info info;
    return every || (dladdr(caller, &info) && info.dli_fname && strstr(info.dli_fname, "libsendfile4j") != NULL);
}

/* Decides the fault of one call; for SHORT and ERROR_AFTER, *limit is the count to let through (>= 1). */
static enum fault choose(size_t wanted, size_t *limit) {
    if (pending_error) {
        return ERROR_AFTER;
    }
    unsigned r = (unsigned) (next_random() % 100);
    enum fault f = r < 40 ? PASS : r < 70 ? SHORT : r < 80 ? EINTR_NONE : r < 92 ? EAGAIN_NONE : ERROR_AFTER;
    if ((f == SHORT || f == ERROR_AFTER) && wanted <= 1) {
        f = PASS;
    }
    if (f == SHORT || f == ERROR_AFTER) {
        *limit = 1 + (size_t) (next_random() % (wanted - 1));
    }
    if (f != PASS) {
        injected++;
    }
    return f;
}

/* Common handling: returns 1 when the call is answered here (with *result set), 0 to call through. */
static int before(enum fault f, ssize_t *result) {
    if (f == ERROR_AFTER && pending_error) {
        pending_error = 0;
        errno = EIO;
        *result = -1;
        return 1;
    }
    if (f == EINTR_NONE || f == EAGAIN_NONE) {
        errno = f == EINTR_NONE ? EINTR : EAGAIN;
        *result = -1;
        return 1;
    }
    return 0;
}

static void after(enum fault f, ssize_t result) {
    if (f == ERROR_AFTER && result > 0) {
        pending_error = 1;
    }
}

ssize_t sendfile(int out_fd, int in_fd, off_t *offset, size_t count) {
    static ssize_t (*real)(int, int, off_t *, size_t);
    if (!real) {
        real = (ssize_t (*)(int, int, off_t *, size_t)) dlsym(RTLD_NEXT, "sendfile");
    }
    if (!from_library(__builtin_return_address(0))) {
        return real(out_fd, in_fd, offset, count);
    }
    size_t limit = count;
    enum fault f = choose(count, &limit);
    ssize_t r;
    if (before(f, &r)) {
        return r;
    }
    r = real(out_fd, in_fd, offset, limit);
    after(f, r);
    return r;
}

/* Cuts an iovec array to at most limit bytes, in a copy. */
static int cut(const struct iovec *iov, int cnt, size_t limit, struct iovec *out) {
    int n = 0;
    for (int i = 0; i < cnt && limit > 0 && n < 1024; i++) {
        out[n] = iov[i];
        if (out[n].iov_len > limit) {
            out[n].iov_len = limit;
        }
        limit -= out[n].iov_len;
        n++;
    }
    return n;
}

static size_t total(const struct iovec *iov, int cnt) {
    size_t t = 0;
    for (int i = 0; i < cnt; i++) {
        t += iov[i].iov_len;
    }
    return t;
}

ssize_t writev(int fd, const struct iovec *iov, int cnt) {
    static ssize_t (*real)(int, const struct iovec *, int);
    if (!real) {
        real = (ssize_t (*)(int, const struct iovec *, int)) dlsym(RTLD_NEXT, "writev");
    }
    if (!from_library(__builtin_return_address(0)) || cnt > 1024) {
        return real(fd, iov, cnt);
    }
    size_t limit = total(iov, cnt);
    enum fault f = choose(limit, &limit);
    ssize_t r;
    if (before(f, &r)) {
        return r;
    }
    struct iovec part[1024];
    r = real(fd, part, cut(iov, cnt, limit, part));
    after(f, r);
    return r;
}

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags) {
    static ssize_t (*real)(int, const struct msghdr *, int);
    if (!real) {
        real = (ssize_t (*)(int, const struct msghdr *, int)) dlsym(RTLD_NEXT, "sendmsg");
    }
    if (!from_library(__builtin_return_address(0)) || msg->msg_iovlen > 1024) {
        return real(fd, msg, flags);
    }
    size_t limit = total(msg->msg_iov, (int) msg->msg_iovlen);
    enum fault f = choose(limit, &limit);
    ssize_t r;
    if (before(f, &r)) {
        return r;
    }
    struct iovec part[1024];
    struct msghdr m = *msg;
    m.msg_iov = part;
    m.msg_iovlen = (size_t) cut(msg->msg_iov, (int) msg->msg_iovlen, limit, part);
    r = real(fd, &m, flags);
    after(f, r);
    return r;
}

long syscall(long number, ...) {
    static long (*real)(long, ...);
    if (!real) {
        real = (long (*)(long, ...)) dlsym(RTLD_NEXT, "syscall");
    }
    va_list ap;
    va_start(ap, number);
    long a[6];
    for (int i = 0; i < 6; i++) {
        a[i] = va_arg(ap, long);
    }
    va_end(ap);
    if (number != SYS_copy_file_range || !from_library(__builtin_return_address(0))) {
        return real(number, a[0], a[1], a[2], a[3], a[4], a[5]);
    }
    size_t limit = (size_t) a[4];
    enum fault f = choose(limit, &limit);
    ssize_t r;
    if (f == EAGAIN_NONE) {
        f = EINTR_NONE; /* copy_file_range on regular files does not report EAGAIN */
    }
    if (before(f, &r)) {
        return r;
    }
    r = real(number, a[0], a[1], a[2], a[3], (long) limit, a[5]);
    after(f, r);
    return r;
}
