/*
 * Platform selection and the few declarations the BSD and Darwin builds need. Those builds run on a Linux
 * host without the target's headers, so their prototypes and constants are written out here, each with the
 * header it comes from (values: FreeBSD sys/sys/socket.h and sys/sys/errno.h; XNU bsd/sys/socket.h). Every
 * number defined here must equal the platform table (freebsd/, darwin/ .../constants.txt): the tests check it.
 */
#ifndef SENDFILE4J_CONFIG_H
#define SENDFILE4J_CONFIG_H

/* Bumped whenever a native signature changes; NativeIo.ABI_VERSION must match. */
#define SF4J_ABI_VERSION 5

#if defined(__linux__)
#  define SF4J_LINUX 1
#elif defined(__FreeBSD__)
#  define SF4J_FREEBSD 1
#elif defined(__APPLE__)
#  define SF4J_DARWIN 1
#else
#  error "unsupported platform"
#endif

#define SF4J_EXPORT __attribute__((visibility("default")))

#if defined(SF4J_LINUX)
/* Real headers. No _FILE_OFFSET_BITS: off_t is 64-bit on LP64 and the define would pull fcntl64@GLIBC_2.28. */
#  include <errno.h>
#  include <fcntl.h>
#  include <poll.h>
#  include <stdint.h>
#  include <sys/ioctl.h>
#  include <sys/sendfile.h>
#  include <sys/socket.h>
#  include <sys/stat.h>
#  include <sys/syscall.h>
#  include <sys/uio.h>
#  include <unistd.h>
#else
#  include <stddef.h>
#  include <stdint.h>
typedef long ssize_t;
typedef int64_t off_t;
struct iovec {
    void *iov_base;
    size_t iov_len;
};
struct msghdr {
    void *msg_name;
    unsigned int msg_namelen; /* socklen_t */
    struct iovec *msg_iov;
    int msg_iovlen;
    void *msg_control;
    unsigned int msg_controllen;
    int msg_flags;
};
/* FreeBSD sys/sys/socket.h and XNU bsd/sys/socket.h: identical LP64 layout, 32 bytes, offsets 0/8/16/24. */
struct sf_hdtr {
    struct iovec *headers;
    int hdr_cnt;
    struct iovec *trailers;
    int trl_cnt;
};
_Static_assert(sizeof(struct iovec) == 16 && offsetof(struct iovec, iov_len) == 8, "iovec layout");
_Static_assert(sizeof(struct sf_hdtr) == 32 && offsetof(struct sf_hdtr, hdr_cnt) == 8
        && offsetof(struct sf_hdtr, trailers) == 16 && offsetof(struct sf_hdtr, trl_cnt) == 24, "sf_hdtr layout");
_Static_assert(sizeof(off_t) == 8 && sizeof(size_t) == 8, "LP64");
int *__error(void);
#  define errno (*__error())
#  define F_GETFL 3
#  define F_SETFL 4
/* poll(2): FreeBSD sys/sys/poll.h and XNU bsd/sys/poll.h agree on the layout and on POLLOUT. */
struct pollfd {
    int fd;
    short events;
    short revents;
};
_Static_assert(sizeof(struct pollfd) == 8, "pollfd layout");
#  define POLLOUT 0x0004
int poll(struct pollfd *fds, unsigned int nfds, int timeout);
int close(int fd);
#  define SEEK_SET 0
#  define SEEK_CUR 1
int fcntl(int fd, int cmd, ...); /* variadic: Apple arm64 passes the third argument on the stack */
ssize_t writev(int fd, const struct iovec *iov, int iovcnt);
ssize_t sendmsg(int s, const struct msghdr *msg, int flags);
off_t lseek(int fd, off_t offset, int whence);
long sysconf(int name);
int setsockopt(int s, int level, int name, const void *value, unsigned int len);
int getsockopt(int s, int level, int name, void *value, unsigned int *len);
#  if defined(SF4J_FREEBSD)
#    define _SC_PAGESIZE 47 /* sys/unistd.h */
#    define F_DUPFD_CLOEXEC 17 /* sys/sys/fcntl.h */
int sendfile(int fd, int s, off_t offset, size_t nbytes, struct sf_hdtr *hdtr, off_t *sbytes, int flags);
#  else
#    define _SC_PAGESIZE 29 /* unistd.h */
#    define F_DUPFD_CLOEXEC 67 /* bsd/sys/fcntl.h */
int sendfile(int fd, int s, off_t offset, off_t *len, struct sf_hdtr *hdtr, int flags);
#  endif
#endif

#endif
