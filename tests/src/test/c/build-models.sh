#!/bin/sh
# Test-only: builds libsendfile4j for linux-x86_64 from the shipped BSD sources (native/src/sendfile4j.c and
# transfer_bsd.c, compiled exactly as for FreeBSD or macOS: that OS's predefined macro, freestanding, the
# prototypes and constants of native/src/config.h) linked with a model of that OS's kernel and libc
# (bsd_kernel_model.c). The real FreeBsdSendfileProvider and DarwinSendfileProvider load them with
# -Dsendfile4j.provider=freebsd|darwin -Dsendfile4j.library.path=OUT/libsendfile4j-<os>-model.so.
# Nothing built here is packaged.
#
#   build-models.sh OUTDIR      (needs clang; prints what it skipped and exits 0 without it; links with lld
#                               where it is installed, with the system linker elsewhere)
set -eu
OUT=$1
ROOT=$(cd "$(dirname "$0")/../../../.." && pwd)
SRC=$ROOT/native/src
"$ROOT/native/optional-checks.sh" has kernel-models || exit 0
LINKER=
command -v ld.lld >/dev/null 2>&1 && LINKER=-fuse-ld=lld
JDK_INCLUDE=
for j in "${JAVA_HOME:-}" /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64; do
    if [ -n "$j" ] && [ -f "$j/include/jni.h" ]; then JDK_INCLUDE=$j/include; break; fi
done
[ -n "$JDK_INCLUDE" ] || { echo "build-models: no JDK with include/jni.h" >&2; exit 1; }
mkdir -p "$OUT"
# The same flags as native/build.sh's BSD builds, for the host's architecture instead of the BSD's.
BSD_CFLAGS="-O2 -fPIC -fvisibility=hidden -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -ffreestanding -nostdlibinc
 -I$ROOT/native/stubinc -I$JDK_INCLUDE -I$JDK_INCLUDE/linux -U__linux__ -U__linux -Ulinux -U__gnu_linux__"
for os in freebsd darwin; do
    case $os in
        freebsd) define="-D__FreeBSD__=13" model=MODEL_FREEBSD ;;
        darwin) define="-D__APPLE__=1" model=MODEL_DARWIN ;;
    esac
    work=$OUT/$os
    mkdir -p "$work"
    for s in sendfile4j transfer_bsd; do
        clang $BSD_CFLAGS $define -c -o "$work/$s.o" "$SRC/$s.c"
    done
    clang -O2 -fPIC -fvisibility=hidden -std=gnu11 -Wall -Wextra -Werror -D$model -c -o "$work/model.o" \
        "$ROOT/tests/src/test/c/bsd_kernel_model.c"
    clang -shared $LINKER -o "$OUT/libsendfile4j-$os-model.so" "$work/sendfile4j.o" "$work/transfer_bsd.o" \
        "$work/model.o"
    echo "build-models: $OUT/libsendfile4j-$os-model.so"
done
