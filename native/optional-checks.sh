#!/bin/sh
# Which of the build's optional checks this machine can run: each needs every tool and header it names, and
# a check that lacks any of them is skipped, never half-run. One place for the build (native/build.sh --check,
# tests/src/test/c/build-models.sh, the kernel-model suites) and for the summary at the end of ./mvnw verify.
#
#   optional-checks.sh has CHECK      exit 0 when CHECK can run here, else print why (one line) and exit 1
#   optional-checks.sh summary        one line naming every check skipped here and the packages it needs
#
# CHECK: native-reproducibility | kernel-models | fault-injection | ffm-architectures | download-clients |
#        nginx-differential | syscall-trace (the last three: tests that skip themselves by name; listed here so
#        that the summary names them too)
set -u

needs() { # check -> "tool-or-/path:debian-package ..."
    case $1 in
        native-reproducibility) echo "clang:clang ld.lld:lld llvm-readelf:llvm ld64.lld-14:lld llvm-lipo-14:llvm
            /usr/aarch64-linux-gnu/include/bits/wordsize.h:libc6-dev-arm64-cross
            /usr/lib/gcc-cross/aarch64-linux-gnu:gcc-aarch64-linux-gnu" ;;
        kernel-models) echo "clang:clang" ;;
        fault-injection) echo "cc:gcc" ;;
        ffm-architectures) echo "clang:clang /usr/riscv64-linux-gnu/include/stdio.h:libc6-dev-riscv64-cross
            /usr/powerpc64le-linux-gnu/include/stdio.h:libc6-dev-ppc64el-cross
            /usr/s390x-linux-gnu/include/stdio.h:libc6-dev-s390x-cross" ;;
        download-clients) echo "curl:curl wget:wget aria2c:aria2 python3:python3" ;;
        nginx-differential) echo "/usr/sbin/nginx:nginx-light" ;;
        syscall-trace) echo "/usr/bin/strace:strace" ;;
        *) echo "optional-checks.sh: unknown check $1" >&2; exit 2 ;;
    esac
}

what() {
    case $1 in
        native-reproducibility) echo "the committed native libraries rebuilt byte for byte" ;;
        kernel-models) echo "the FreeBSD and macOS suites against kernel models" ;;
        fault-injection) echo "libc fault injection" ;;
        ffm-architectures) echo "the FFM architectures' constants against their own headers" ;;
        download-clients) echo "serve with real download clients (ServeDownloadsIT)" ;;
        nginx-differential) echo "serve against nginx (ServeDifferentialIT)" ;;
        syscall-trace) echo "the Netty region's system calls seen by strace (HttpFileServerTest)" ;;
    esac
}

missing() { # check -> the packages of what is missing, space-separated
    out=
    for item in $(needs "$1"); do
        thing=${item%%:*} package=${item#*:}
        case $thing in
            /*) [ -e "$thing" ] && continue ;;
            *) command -v "$thing" >/dev/null 2>&1 && continue ;;
        esac
        case " $out " in *" $package "*) ;; *) out="$out${out:+ }$package" ;; esac
    done
    echo "$out"
}

case ${1:-} in
    has)
        m=$(missing "$2")
        if [ -n "$m" ]; then
            echo "skipped: $(what "$2") (needs: apt-get install $m)"
            exit 1
        fi
        exit 0 ;;
    summary)
        skipped= all=
        for c in native-reproducibility kernel-models fault-injection ffm-architectures download-clients \
            nginx-differential syscall-trace; do
            m=$(missing "$c")
            [ -n "$m" ] || continue
            skipped="$skipped${skipped:+; }$(what "$c") [$m]"
            for p in $m; do case " $all " in *" $p "*) ;; *) all="$all${all:+ }$p" ;; esac; done
        done
        if [ -z "$skipped" ]; then
            echo "optional checks: all ran (native reproducibility, kernel models, fault injection, FFM architectures," \
                "download clients, nginx differential, syscall trace)"
        else
            echo "optional checks SKIPPED on this machine: $skipped. To run them all: apt-get install $all"
        fi ;;
    *) echo "usage: optional-checks.sh has CHECK | summary" >&2; exit 2 ;;
esac
