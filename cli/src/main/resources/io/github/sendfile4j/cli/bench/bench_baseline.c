/*
 * The C baseline of `sendfile4j bench`: the same work as the Java contenders, as a plain loop over the
 * system call, timed with CLOCK_MONOTONIC around the loop only. Compiled by the bench itself with the
 * system compiler (cc -O2); prints the elapsed nanoseconds.
 *
 *   bench_baseline devnull FILE CALLS          4 KiB sendfile calls to /dev/null
 *   bench_baseline socket  FILE CALLS PORT     sendfile calls of the whole FILE to 127.0.0.1:PORT
 *   bench_baseline file    FILE OUT            copy_file_range FILE to OUT
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static long long now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void die(const char *what) {
    perror(what);
    exit(1);
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: bench_baseline devnull|socket|file FILE N|OUT [PORT]\n");
        return 2;
    }
    int in = open(argv[2], O_RDONLY);
    if (in < 0) die(argv[2]);
    struct stat st;
    fstat(in, &st);
    long long start, end;
    if (strcmp(argv[1], "devnull") == 0) {
        int out = open("/dev/null", O_WRONLY);
        long calls = atol(argv[3]);
        start = now();
        for (long i = 0; i < calls; i++) {
            off_t off = 0;
            if (sendfile(out, in, &off, 4096) != 4096) die("sendfile");
        }
        end = now();
    } else if (strcmp(argv[1], "socket") == 0 && argc == 5) {
        int s = socket(AF_INET, SOCK_STREAM, 0);
        struct sockaddr_in a;
        memset(&a, 0, sizeof a);
        a.sin_family = AF_INET;
        a.sin_port = htons((unsigned short) atoi(argv[4]));
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (connect(s, (struct sockaddr *) &a, sizeof a) < 0) die("connect");
        long calls = atol(argv[3]);
        start = now();
        for (long i = 0; i < calls; i++) {
            off_t off = 0;
            while (off < st.st_size) {
                if (sendfile(s, in, &off, (size_t) (st.st_size - off)) <= 0) die("sendfile");
            }
        }
        end = now();
        close(s);
    } else if (strcmp(argv[1], "file") == 0) {
        int out = open(argv[3], O_WRONLY | O_CREAT | O_TRUNC, 0600);
        if (out < 0) die(argv[3]);
        start = now();
        off_t off = 0;
        while (off < st.st_size) {
            ssize_t n = copy_file_range(in, &off, out, NULL, (size_t) (st.st_size - off), 0);
            if (n <= 0) die("copy_file_range");
        }
        end = now();
        close(out);
    } else {
        fprintf(stderr, "bad mode %s\n", argv[1]);
        return 2;
    }
    printf("%lld\n", end - start);
    return 0;
}
