/*
 * A model of the FreeBSD 13/14 (-DMODEL_FREEBSD) or macOS (-DMODEL_DARWIN) kernel and libc, as far as
 * libsendfile4j uses them, implemented with Linux system calls. Linked (hidden) into a test-only Linux
 * build of native/src/sendfile4j.c and native/src/transfer_bsd.c compiled with that OS's predefined macro,
 * so the shipped C and the shipped Java providers run unchanged against the other kernel's semantics:
 * argument order, counts, partial progress beside EAGAIN/EINTR/EBUSY, errno numbers, flag bits and struct
 * layouts of that OS. Every behaviour cites the kernel source it models; docs/PLATFORMS.md has the table.
 *
 * Sources (line references are to these revisions):
 *   FreeBSD sys/kern/kern_sendfile.c @ 7ff25c010dfb (2025): sendfile(), vn_sendfile(), sendfile_getobj(),
 *     sendfile_getsock(); lib/libc/sys/sendfile.2 (FreeBSD 14, 2020-03-30).
 *   XNU bsd/kern/uipc_syscalls.c sendfile() (xnu-11417.101.15); bsd/man/man2/sendfile.2.
 *   errno numbers: FreeBSD sys/sys/errno.h, XNU bsd/sys/errno.h.
 *
 * Seeded faults (SF4J_MODEL_SEED set and not 0), each at a point where the real kernel can produce it:
 * a signal during a blocking wait for socket space (EINTR, partial count kept), a full non-blocking
 * socket (EAGAIN, partial count kept), a busy page with SF_NODISKIO (FreeBSD: EBUSY after progress),
 * small socket space (short chunks), short writev/sendmsg, EINTR from writev/sendmsg before any byte.
 * What a model cannot show: scheduler timing, real buffer sizes, the VM system's page cache.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <linux/sockios.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

#if !defined(MODEL_FREEBSD) && !defined(MODEL_DARWIN)
#  error "define MODEL_FREEBSD or MODEL_DARWIN"
#endif

#define HIDDEN __attribute__((visibility("hidden")))

/* ---- errno of the modelled OS (FreeBSD sys/sys/errno.h; XNU bsd/sys/errno.h) ---- */
#define B_EAGAIN 35
#define B_ENOTSOCK 38
#define B_EOPNOTSUPP_FREEBSD 45
#define B_ENOTSUP 45
#define B_EOPNOTSUPP_DARWIN 102
#define B_ECONNRESET 54
#define B_ENOBUFS 55
#define B_ENOTCONN 57
#define B_ENOSYS 78
#define B_EOVERFLOW 84
#define B_EMSGSIZE 40
#define B_EDESTADDRREQ 39
#define B_ECONNREFUSED 61
#define B_ETIMEDOUT 60

static __thread int model_errno;

HIDDEN int *__error(void) {
    return &model_errno;
}

/* Numbers below 35 are the same on Linux and both BSDs (EPERM..EPIPE, EINTR, EIO, EBADF, EINVAL, ESPIPE...). */
static int to_bsd_errno(int linux_errno) {
    switch (linux_errno) {
    case EAGAIN: return B_EAGAIN;
    case ENOTSOCK: return B_ENOTSOCK;
    case ECONNRESET: return B_ECONNRESET;
    case ENOBUFS: return B_ENOBUFS;
    case ENOTCONN: return B_ENOTCONN;
    case ENOSYS: return B_ENOSYS;
    case EOVERFLOW: return B_EOVERFLOW;
    case EMSGSIZE: return B_EMSGSIZE;
    case EDESTADDRREQ: return B_EDESTADDRREQ;
    case ECONNREFUSED: return B_ECONNREFUSED;
    case ETIMEDOUT: return B_ETIMEDOUT;
#if defined(MODEL_FREEBSD)
    case EOPNOTSUPP: return B_EOPNOTSUPP_FREEBSD;
#else
    case EOPNOTSUPP: return B_EOPNOTSUPP_DARWIN;
#endif
    default:
        return linux_errno < 35 ? linux_errno : 1000 + linux_errno; /* unmapped: visibly foreign */
    }
}

static int fail(int bsd_errno) {
    model_errno = bsd_errno;
    return -1;
}

static int fail_linux(void) {
    return fail(to_bsd_errno(errno));
}

/* ---- seeded faults ---- */
static unsigned long long fault_state;
static int faults_on = -1;

static int faults(void) {
    if (faults_on < 0) {
        const char *seed = getenv("SF4J_MODEL_SEED");
        fault_state = seed ? strtoull(seed, NULL, 10) * 0x9E3779B97F4A7C15ULL + 1 : 0;
        faults_on = seed && strtoull(seed, NULL, 10) != 0;
    }
    return faults_on;
}

/* True with probability percent/100 when faults are on. Not thread-safe: the fuzz drives one thread. */
static int chance(unsigned percent) {
    if (!faults()) {
        return 0;
    }
    fault_state ^= fault_state << 13;
    fault_state ^= fault_state >> 7;
    fault_state ^= fault_state << 17;
    return (unsigned) (fault_state % 100) < percent;
}

static size_t below(size_t n) { /* 1..n-1 for n >= 2 */
    return 1 + (size_t) (fault_state % (n - 1));
}

/* ---- libc surface of libsendfile4j (constants of the modelled OS -> Linux) ---- */
#define B_O_NONBLOCK 0x0004 /* FreeBSD sys/sys/fcntl.h, XNU bsd/sys/fcntl.h */
#define B_O_APPEND 0x0008
#if defined(MODEL_FREEBSD)
#  define B_F_DUPFD_CLOEXEC 17 /* sys/sys/fcntl.h */
#  define B_SC_PAGESIZE 47     /* sys/sys/unistd.h */
#  define B_MSG_NOSIGNAL 0x20000 /* sys/sys/socket.h */
#else
#  define B_F_DUPFD_CLOEXEC 67 /* bsd/sys/fcntl.h */
#  define B_SC_PAGESIZE 29     /* unistd.h */
#  define B_MSG_NOSIGNAL 0x80000 /* bsd/sys/socket.h */
#endif
#define B_SOL_SOCKET 0xffff
#define B_SO_NOSIGPIPE_DARWIN 0x1022
#define B_SO_NWRITE_DARWIN 0x1024
#define B_SO_NOSIGPIPE_FREEBSD 0x0800

static int flags_to_bsd(int l) {
    return (l & O_ACCMODE) | (l & O_NONBLOCK ? B_O_NONBLOCK : 0) | (l & O_APPEND ? B_O_APPEND : 0);
}

HIDDEN int fcntl(int fd, int cmd, ...) {
    va_list ap;
    va_start(ap, cmd);
    long arg = va_arg(ap, long);
    va_end(ap);
    long r;
    switch (cmd) {
    case 3: /* F_GETFL */
        r = syscall(SYS_fcntl, fd, F_GETFL);
        return r < 0 ? fail_linux() : flags_to_bsd((int) r);
    case 4: { /* F_SETFL */
        long cur = syscall(SYS_fcntl, fd, F_GETFL);
        if (cur < 0) {
            return fail_linux();
        }
        long l = (cur & ~(long) (O_NONBLOCK | O_APPEND)) | (arg & B_O_NONBLOCK ? O_NONBLOCK : 0)
                | (arg & B_O_APPEND ? O_APPEND : 0);
        r = syscall(SYS_fcntl, fd, F_SETFL, l);
        return r < 0 ? fail_linux() : 0;
    }
    case B_F_DUPFD_CLOEXEC:
        r = syscall(SYS_fcntl, fd, F_DUPFD_CLOEXEC, arg);
        return r < 0 ? fail_linux() : (int) r;
    default:
        return fail(22);
    }
}

HIDDEN int close(int fd) {
    return syscall(SYS_close, fd) < 0 ? fail_linux() : 0;
}

HIDDEN off_t lseek(int fd, off_t offset, int whence) {
    long r = syscall(SYS_lseek, fd, offset, whence); /* SEEK_SET/CUR/END are 0/1/2 everywhere */
    return r < 0 ? fail_linux() : r;
}

HIDDEN long sysconf(int name) {
    return name == B_SC_PAGESIZE ? 4096 : fail(22);
}

HIDDEN int poll(struct pollfd *fds, nfds_t n, int timeout) {
    /* struct pollfd and POLLOUT are laid out alike (FreeBSD sys/sys/poll.h, XNU bsd/sys/poll.h). */
    long r = syscall(SYS_poll, fds, n, timeout);
    return r < 0 ? fail_linux() : (int) r;
}

HIDDEN int setsockopt(int s, int level, int name, const void *value, socklen_t len) {
    if (level == B_SOL_SOCKET && (name == B_SO_NOSIGPIPE_DARWIN || name == B_SO_NOSIGPIPE_FREEBSD)) {
        struct stat st;
        if (syscall(SYS_fstat, s, &st) < 0) {
            return fail_linux();
        }
        if (!S_ISSOCK(st.st_mode)) {
            return fail(B_ENOTSOCK);
        }
        return 0; /* the model always sends with MSG_NOSIGNAL */
    }
    if (level == B_SOL_SOCKET) {
        return fail(42); /* ENOPROTOOPT: no other SOL_SOCKET option is modelled */
    }
    return syscall(SYS_setsockopt, s, level, name, value, len) < 0 ? fail_linux() : 0;
}

HIDDEN int getsockopt(int s, int level, int name, void *value, socklen_t *len) {
#if defined(MODEL_DARWIN)
    if (level == B_SOL_SOCKET && name == B_SO_NWRITE_DARWIN) {
        /* XNU sogetoptlock: "case SO_NWRITE: optval = so->so_snd.sb_cc", an int; TCP drops bytes from so_snd
         * only when they are acknowledged (tcp_input.c, sbdrop on the ACK), so sb_cc counts what is unsent or
         * unacknowledged: Linux's SIOCOUTQ. A descriptor that is no socket fails in file_socket: ENOTSOCK. */
        struct stat st;
        if (syscall(SYS_fstat, s, &st) < 0) {
            return fail_linux();
        }
        if (!S_ISSOCK(st.st_mode)) {
            return fail(B_ENOTSOCK);
        }
        if (*len < (socklen_t) sizeof(int)) {
            return fail(22); /* sooptcopyout: EINVAL for a buffer smaller than the int */
        }
        int queued;
        if (syscall(SYS_ioctl, s, SIOCOUTQ, &queued) < 0) {
            return fail_linux();
        }
        *(int *) value = queued;
        *len = sizeof(int);
        return 0;
    }
#endif
    if (level == B_SOL_SOCKET) {
        return fail(42);
    }
    return syscall(SYS_getsockopt, s, level, name, value, len) < 0 ? fail_linux() : 0;
}

static int is_nonblocking(int fd) {
    long fl = syscall(SYS_fcntl, fd, F_GETFL);
    return fl >= 0 && (fl & O_NONBLOCK);
}

/* One gathering write of a socket or file, with the seeded libc-level faults. */
static ssize_t gather(int fd, const struct iovec *iov, int cnt, int linux_flags) {
    size_t total = 0;
    for (int i = 0; i < cnt; i++) {
        total += iov[i].iov_len;
    }
    if (chance(5)) {
        return fail(4); /* EINTR before any byte: a signal during a blocking write */
    }
    struct iovec cut[1024];
    int n = cnt > 1024 ? 1024 : cnt;
    memcpy(cut, iov, sizeof(struct iovec) * (size_t) n);
    if (total >= 2 && chance(20)) {
        size_t limit = below(total); /* a signal or a full buffer after progress: a short count */
        for (int i = 0; i < n; i++) {
            if (cut[i].iov_len > limit) {
                cut[i].iov_len = limit;
            }
            limit -= cut[i].iov_len;
        }
    }
    struct msghdr m;
    memset(&m, 0, sizeof(m));
    m.msg_iov = cut;
    m.msg_iovlen = (size_t) n;
    long r = syscall(SYS_sendmsg, fd, &m, linux_flags | MSG_NOSIGNAL);
    if (r < 0 && errno == ENOTSOCK) {
        r = syscall(SYS_writev, fd, cut, n);
    }
    return r < 0 ? fail_linux() : r;
}

HIDDEN ssize_t writev(int fd, const struct iovec *iov, int cnt) {
    if (cnt < 0 || cnt > 1024) {
        return fail(22); /* IOV_MAX 1024: FreeBSD sys/sys/syslimits.h, macOS limits.h */
    }
    return gather(fd, iov, cnt, 0);
}

/* The BSD struct msghdr (FreeBSD sys/sys/socket.h, XNU bsd/sys/socket.h): int msg_iovlen and
 * socklen_t msg_controllen, unlike Linux's size_t fields. */
struct bsd_msghdr {
    void *msg_name;
    socklen_t msg_namelen;
    struct iovec *msg_iov;
    int msg_iovlen;
    void *msg_control;
    socklen_t msg_controllen;
    int msg_flags;
};
_Static_assert(sizeof(struct bsd_msghdr) == 48 && __builtin_offsetof(struct bsd_msghdr, msg_iovlen) == 24
        && __builtin_offsetof(struct bsd_msghdr, msg_control) == 32
        && __builtin_offsetof(struct bsd_msghdr, msg_flags) == 44, "BSD msghdr layout");

HIDDEN ssize_t sendmsg(int s, const struct msghdr *linux_typed, int flags) {
    const struct bsd_msghdr *msg = (const struct bsd_msghdr *) (const void *) linux_typed;
    if (msg->msg_iovlen < 0 || msg->msg_iovlen > 1024) {
        return fail(B_EMSGSIZE);
    }
    if (flags & ~B_MSG_NOSIGNAL) {
        return fail(B_EOPNOTSUPP_FREEBSD); /* the library passes no other flag on a BSD */
    }
    struct stat st;
    if (syscall(SYS_fstat, s, &st) == 0 && !S_ISSOCK(st.st_mode)) {
        return fail(B_ENOTSOCK);
    }
    return gather(s, msg->msg_iov, msg->msg_iovlen, 0);
}

/* ---- the kernel's sendfile ---- */
struct sf_hdtr {
    struct iovec *headers;
    int hdr_cnt;
    struct iovec *trailers;
    int trl_cnt;
};

/* The socket checks of sendfile_getsock() (FreeBSD) and of file_socket()/so_type/so_state (XNU). */
static int check_socket(int s) {
    struct stat st;
    if (syscall(SYS_fstat, s, &st) < 0) {
        return 9; /* EBADF */
    }
    if (!S_ISSOCK(st.st_mode)) {
        return B_ENOTSOCK;
    }
    int type = 0;
    socklen_t len = sizeof(type);
    if (syscall(SYS_getsockopt, s, SOL_SOCKET, SO_TYPE, &type, &len) < 0 || type != SOCK_STREAM) {
        return 22; /* EINVAL: not SOCK_STREAM */
    }
    struct sockaddr_storage peer;
    socklen_t plen = sizeof(peer);
    if (syscall(SYS_getpeername, s, &peer, &plen) < 0) {
        return B_ENOTCONN;
    }
    return 0;
}

/* Queues up to n bytes of buf on the socket the way one pass of the kernel loop does: on a blocking
 * socket all of it (waiting for space), on a non-blocking one what fits. Returns the count queued, or
 * -(BSD errno) with nothing queued. A fault may stop a blocking wait with EINTR (a signal in sbwait). */
static long queue_bytes(int s, const char *buf, size_t n, int nbio) {
    size_t done = 0;
    while (done < n) {
        if (done > 0 && !nbio && chance(3)) {
            return (long) done; /* the caller sees the signal on its next wait */
        }
        long r = syscall(SYS_sendto, s, buf + done, n - done, MSG_NOSIGNAL | (nbio ? MSG_DONTWAIT : 0), NULL, 0);
        if (r < 0) {
            if (errno == EINTR) {
                continue;
            }
            if (done > 0) {
                return (long) done;
            }
            return -to_bsd_errno(errno);
        }
        done += (size_t) r;
        if (nbio) {
            break;
        }
    }
    return (long) done;
}

static int check_file(int fd, off_t *size) {
    struct stat st;
    if (syscall(SYS_fstat, fd, &st) < 0) {
        return 9;
    }
    long fl = syscall(SYS_fcntl, fd, F_GETFL);
    if ((fl & O_ACCMODE) == O_WRONLY) {
        return 9; /* EBADF: fget_read / FREAD */
    }
    if (!S_ISREG(st.st_mode)) {
#if defined(MODEL_FREEBSD)
        return 22; /* sendfile_getobj: not VREG -> EINVAL */
#else
        return B_ENOTSUP; /* fp_getfvp / vnode_isreg -> ENOTSUP */
#endif
    }
    *size = st.st_size;
    return 0;
}

#if defined(MODEL_FREEBSD)
static long iov_total(const struct iovec *iov, int cnt) {
    long t = 0;
    for (int i = 0; i < cnt; i++) {
        t += (long) iov[i].iov_len;
    }
    return t;
}
#endif

#define CHUNK 65536

#if defined(MODEL_FREEBSD)

#define SF_NODISKIO 0x00000001

/* FreeBSD sendfile(2): sendfile() then vn_sendfile() of kern_sendfile.c. */
HIDDEN int sendfile(int fd, int s, off_t offset, size_t nbytes, struct sf_hdtr *hdtr, off_t *sbytes_out, int flags) {
    if (offset < 0) {
        return fail(22); /* sendfile(): "File offset must be positive", before *sbytes is touched */
    }
    struct iovec *hdr = NULL, *trl = NULL;
    int hdr_cnt = 0, trl_cnt = 0;
    if (hdtr != NULL) {
        if (hdtr->headers != NULL) {
            if (hdtr->hdr_cnt < 0 || hdtr->hdr_cnt > 1024) {
                return fail(22); /* copyinuio: EINVAL beyond UIO_MAXIOV */
            }
            hdr = hdtr->headers;
            hdr_cnt = hdtr->hdr_cnt;
        }
        if (hdtr->trailers != NULL) {
            if (hdtr->trl_cnt < 0 || hdtr->trl_cnt > 1024) {
                return fail(22);
            }
            trl = hdtr->trailers;
            trl_cnt = hdtr->trl_cnt;
        }
    }
    off_t sbytes = 0;
    off_t obj_size = 0;
    int error = check_file(fd, &obj_size); /* fget_read + sendfile_getobj */
    if (error == 0) {
        error = check_socket(s); /* sendfile_getsock */
    }
    if (error != 0) {
        if (sbytes_out) {
            *sbytes_out = 0; /* copied out after fo_sendfile() whatever it returned */
        }
        return fail(error);
    }
    int nbio = is_nonblocking(s);
    /* rem = nbytes ? omin(nbytes, obj_size - offset) : obj_size - offset; the loop runs while rem > 0,
     * and the headers are queued inside it: an offset at or past the end sends no header. */
    off_t rem = nbytes ? (off_t) nbytes < obj_size - offset ? (off_t) nbytes : obj_size - offset : obj_size - offset;
    long hdr_left = hdr ? iov_total(hdr, hdr_cnt) : 0;
    int hdr_index = 0;
    size_t hdr_off = 0;
    off_t off = offset;
    int skip_trailers = 0;
    static char buf[CHUNK];
    while (rem > 0) {
        /* pr_sendfile_wait(): a full non-blocking socket is EAGAIN; a blocking one waits, and a signal
         * there ends the call with what was sent. */
        if (sbytes > 0 && !nbio && chance(4)) {
            error = 4;
            break;
        }
        if (nbio && chance(4)) {
            error = B_EAGAIN;
            break;
        }
        size_t space = CHUNK;
        if (chance(20)) {
            space = 1 + (fault_state % CHUNK); /* little socket space: a short pass */
        }
        /* Headers first (m_uiotombuf up to space), then file pages in the same pass. */
        size_t used = 0;
        while (hdr_left > 0 && used < space) {
            size_t take = hdr[hdr_index].iov_len - hdr_off;
            if (take > space - used) {
                take = space - used;
            }
            memcpy(buf + used, (char *) hdr[hdr_index].iov_base + hdr_off, take);
            used += take;
            hdr_off += take;
            hdr_left -= (long) take;
            if (hdr_off == hdr[hdr_index].iov_len) {
                hdr_index++;
                hdr_off = 0;
            }
        }
        size_t hdrlen = used;
        size_t file_part = 0;
        if (used < space) {
            struct stat st; /* "Check to see if the file size has changed." */
            syscall(SYS_fstat, fd, &st);
            if (off >= st.st_size) {
                skip_trailers = 1; /* goto done: this pass's header mbufs are freed unsent; no trailers */
                break;
            }
            file_part = space - used;
            if ((off_t) file_part > rem) {
                file_part = (size_t) rem;
            }
            if ((flags & SF_NODISKIO) && file_part > 1 && chance(10)) {
                file_part = below(file_part); /* a busy page: the pass is trimmed, then EBUSY */
                error = 16;
            }
            long r = syscall(SYS_pread64, fd, buf + used, file_part, off);
            if (r < 0) {
                error = to_bsd_errno(errno);
                break;
            }
            file_part = (size_t) r;
        }
        long q = queue_bytes(s, buf, hdrlen + file_part, nbio);
        if (q < 0) {
            error = (int) -q;
            /* pr_send failed: nothing of this pass counts, the header bytes are lost with the chain */
            break;
        }
        if ((size_t) q < hdrlen + file_part) {
            /* The model queued less than the kernel's space check promised (Linux's buffer is not
             * FreeBSD's): account what went, as the next pass would find the socket full. */
            size_t from_hdr = (size_t) q < hdrlen ? (size_t) q : hdrlen;
            hdr_left += (long) (hdrlen - from_hdr);
            /* rewind the header cursor by what did not go */
            size_t back = hdrlen - from_hdr;
            while (back > 0) {
                if (hdr_off == 0) {
                    hdr_index--;
                    hdr_off = hdr[hdr_index].iov_len;
                }
                size_t step = back < hdr_off ? back : hdr_off;
                hdr_off -= step;
                back -= step;
            }
            sbytes += q;
            size_t from_file = (size_t) q - from_hdr;
            off += (off_t) from_file;
            rem -= (off_t) from_file;
            error = nbio ? B_EAGAIN : 4;
            break;
        }
        sbytes += q;
        off += (off_t) file_part;
        rem -= (off_t) file_part;
        if (error != 0) {
            break; /* softerr after the pass was sent */
        }
        if (file_part == 0 && hdrlen == 0) {
            break;
        }
    }
    if (error == 0 && trl != NULL && !skip_trailers) {
        /* "Send trailers. Wimp out and use writev(2)." kern_writev: a short count is success. */
        ssize_t w = gather(s, trl, trl_cnt, 0);
        if (w < 0) {
            error = model_errno;
        } else {
            sbytes += w;
        }
    }
    if (sbytes_out) {
        *sbytes_out = sbytes;
    }
    return error ? fail(error) : 0;
}

#else /* MODEL_DARWIN */

/* XNU sendfile(): uipc_syscalls.c. */
HIDDEN int sendfile(int fd, int s, off_t offset, off_t *len, struct sf_hdtr *hdtr, int flags) {
    off_t sbytes = 0;
    off_t file_size = 0;
    int error = check_file(fd, &file_size); /* fp_getfvp, FREAD, vnode_isreg */
    if (error == 0) {
        error = check_socket(s); /* file_socket, so_type, SS_ISCONNECTED */
    }
    if (error == 0 && offset < 0) {
        error = 22;
    }
    if (error == 0 && len == NULL) {
        return fail(22);
    }
    if (error == 0 && flags != 0) {
        error = 22;
    }
    if (error != 0) {
        if (len) {
            *len = 0; /* "XXX this appears bogus for some early failure conditions" */
        }
        return fail(error);
    }
    off_t nbytes = *len;
    int nbio = is_nonblocking(s);
    if (hdtr != NULL && hdtr->headers != NULL) {
        /* "Send any headers. Wimp out and use writev(2)." A short count is not an error: the file
         * follows whatever part of the headers went. */
        ssize_t w = gather(s, hdtr->headers, hdtr->hdr_cnt, 0);
        if (w < 0) {
            *len = 0;
            return -1; /* model_errno already set */
        }
        sbytes += w;
    }
    static char buf[CHUNK];
    for (off_t off = offset;;) {
        off_t xfsize = CHUNK;
        if (nbio && chance(4)) {
            error = B_EAGAIN; /* sbspace <= 0 with SS_NBIO */
            break;
        }
        if (chance(20)) {
            xfsize = 1 + (off_t) (fault_state % CHUNK);
        }
        if (nbytes && xfsize > nbytes - sbytes) {
            xfsize = nbytes - sbytes; /* nbytes counts the headers: "nbytes - sbytes" */
        }
        if (xfsize <= 0) {
            break;
        }
        if (off + xfsize > file_size) {
            xfsize = file_size - off;
        }
        if (xfsize <= 0) {
            break;
        }
        long r = syscall(SYS_pread64, fd, buf, (size_t) xfsize, off);
        if (r < 0) {
            error = to_bsd_errno(errno);
            break;
        }
        if (r == 0) {
            break; /* "fo_read 0 bytes, EOF" */
        }
        if (sbytes > 0 && !nbio && chance(4)) {
            error = 4; /* sbwait interrupted: "If we've sent anything then return bytes sent" */
            break;
        }
        long q = queue_bytes(s, buf, (size_t) r, nbio);
        if (q < 0) {
            error = (int) -q;
            break;
        }
        sbytes += q;
        off += q;
        if (q < r) {
            error = nbio ? B_EAGAIN : 4;
            break;
        }
    }
    if (error == 0 && hdtr != NULL && hdtr->trailers != NULL) {
        ssize_t w = gather(s, hdtr->trailers, hdtr->trl_cnt, 0);
        if (w < 0) {
            error = model_errno;
        } else {
            sbytes += w;
        }
    }
    *len = sbytes;
    return error ? fail(error) : 0;
}

#endif
