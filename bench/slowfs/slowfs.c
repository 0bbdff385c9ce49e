/*
 * slowfs: a read-only view of a directory whose every read waits a fixed time first, like a disk that
 * takes that long per request. Pages stay cacheable (keep_cache), so a file read once is served from
 * memory until evicted: hot files stay hot, cold ones cost the wait.
 *
 *   SLOWFS_BACKING=/dir SLOWFS_READ_MS=5 SLOWFS_META_MS=0 slowfs MOUNTPOINT [-f] [fuse options]
 *
 * SLOWFS_META_MS delays lookups and stat calls as well (a slow network file system's metadata).
 * Built by bench/scripts/slow-disk.sh: cc -O2 slowfs.c $(pkg-config --cflags --libs fuse3).
 */
#define FUSE_USE_VERSION 31
#include <fuse.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *backing;
static long read_ms;
static long meta_ms;

static void wait_ms(long ms)
{
    struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };
    while (ms > 0 && nanosleep(&t, &t) == -1 && errno == EINTR) {
    }
}

static int real_path(char out[PATH_MAX], const char *path)
{
    return snprintf(out, PATH_MAX, "%s%s", backing, path) >= PATH_MAX ? -ENAMETOOLONG : 0;
}

static void *slow_init(struct fuse_conn_info *conn, struct fuse_config *cfg)
{
    (void) conn;
    cfg->kernel_cache = 1; /* the page cache survives opens: hot files stay in memory */
    cfg->entry_timeout = meta_ms > 0 ? 1.0 : 60.0;
    cfg->attr_timeout = meta_ms > 0 ? 1.0 : 60.0;
    return NULL;
}

static int slow_getattr(const char *path, struct stat *st, struct fuse_file_info *fi)
{
    char p[PATH_MAX];
    int r = real_path(p, path);
    if (r != 0) {
        return r;
    }
    wait_ms(meta_ms);
    if (fi != NULL ? fstat((int) fi->fh, st) : lstat(p, st)) {
        return -errno;
    }
    st->st_mode &= ~(S_IWUSR | S_IWGRP | S_IWOTH);
    return 0;
}

static int slow_readdir(const char *path, void *buf, fuse_fill_dir_t fill, off_t off,
                        struct fuse_file_info *fi, enum fuse_readdir_flags flags)
{
    (void) off;
    (void) fi;
    (void) flags;
    char p[PATH_MAX];
    int r = real_path(p, path);
    if (r != 0) {
        return r;
    }
    DIR *d = opendir(p);
    if (d == NULL) {
        return -errno;
    }
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (fill(buf, e->d_name, NULL, 0, 0)) {
            break;
        }
    }
    closedir(d);
    return 0;
}

static int slow_open(const char *path, struct fuse_file_info *fi)
{
    if ((fi->flags & O_ACCMODE) != O_RDONLY) {
        return -EROFS;
    }
    char p[PATH_MAX];
    int r = real_path(p, path);
    if (r != 0) {
        return r;
    }
    wait_ms(meta_ms);
    int fd = open(p, O_RDONLY);
    if (fd == -1) {
        return -errno;
    }
    fi->fh = (uint64_t) fd;
    fi->keep_cache = 1;
    return 0;
}

static int slow_read(const char *path, char *buf, size_t size, off_t off, struct fuse_file_info *fi)
{
    (void) path;
    wait_ms(read_ms);
    ssize_t n = pread((int) fi->fh, buf, size, off);
    return n == -1 ? -errno : (int) n;
}

static int slow_release(const char *path, struct fuse_file_info *fi)
{
    (void) path;
    close((int) fi->fh);
    return 0;
}

static const struct fuse_operations ops = {
    .init = slow_init,
    .getattr = slow_getattr,
    .readdir = slow_readdir,
    .open = slow_open,
    .read = slow_read,
    .release = slow_release,
};

int main(int argc, char *argv[])
{
    backing = getenv("SLOWFS_BACKING");
    if (backing == NULL || *backing != '/') {
        fprintf(stderr, "slowfs: set SLOWFS_BACKING to the absolute path of the directory to show\n");
        return 2;
    }
    read_ms = getenv("SLOWFS_READ_MS") ? atol(getenv("SLOWFS_READ_MS")) : 5;
    meta_ms = getenv("SLOWFS_META_MS") ? atol(getenv("SLOWFS_META_MS")) : 0;
    return fuse_main(argc, argv, &ops, NULL);
}
