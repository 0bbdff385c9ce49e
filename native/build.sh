#!/bin/sh
# Builds every native library of sendfile4j from native/src with Debian's clang and lld, into the
# resources of the module that ships it, with a .sha256 beside each (the loader verifies it).
#
#   native/build.sh           rebuild and overwrite the committed binaries
#   native/build.sh --check   rebuild into a scratch directory; fail unless byte-identical to the committed ones
#
# Needs: clang lld llvm (and gcc-aarch64-linux-gnu libc6-dev-arm64-cross for the aarch64 crt files).
# The exact package versions of the committed build are in native/BUILD-ENV.txt.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SRC=$ROOT/native/src
MODE=build
[ "${1:-}" = "--check" ] && MODE=check

JDK_INCLUDE=
for j in "${JNI_JDK:-}" /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64 "${JAVA_HOME:-}"; do
    if [ -n "$j" ] && [ -f "$j/include/jni.h" ]; then JDK_INCLUDE=$j/include; break; fi
done
[ -n "$JDK_INCLUDE" ] || { echo "build.sh: no JDK with include/jni.h found (set JNI_JDK)" >&2; exit 1; }
for tool in clang ld.lld llvm-readelf; do
    command -v $tool >/dev/null || { echo "build.sh: $tool missing: apt-get install clang lld llvm" >&2; exit 1; }
done

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# jni_md.h of Linux is valid for every LP64 Unix (jint int, jlong long, JNIEXPORT visibility default).
CFLAGS="-O2 -fPIC -fvisibility=hidden -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wdate-time
 -ffile-prefix-map=$ROOT=. -fdebug-compilation-dir=. -I$JDK_INCLUDE -I$JDK_INCLUDE/linux"
SOURCES="$SRC/sendfile4j.c $SRC/transfer_linux.c"

linux() { # target-triple output
    clang --target="$1" $CFLAGS -shared -fuse-ld=lld -Wl,-soname,libsendfile4j.so -Wl,-z,now -Wl,-z,relro \
        -Wl,--build-id=sha1 -Wl,--hash-style=both -o "$2" $SOURCES
}

build_all() { # outdir
    mkdir -p "$1/linux-x86_64" "$1/linux-aarch_64"
    linux x86_64-linux-gnu "$1/linux-x86_64/libsendfile4j.so"
    linux aarch64-linux-gnu "$1/linux-aarch_64/libsendfile4j.so"
}

# classifier -> module directory holding it
module_of() {
    case $1 in
        linux-x86_64) echo linux-x86_64 ;;
        linux-aarch_64) echo linux-aarch64 ;;
        osx-*) echo darwin ;;
        freebsd-*) echo freebsd ;;
    esac
}

build_all "$WORK/out"
status=0
for f in $(cd "$WORK/out" && find . -type f | sort); do
    f=${f#./}
    classifier=${f%%/*}
    dest=$ROOT/$(module_of "$classifier")/src/main/resources/META-INF/native/$f
    if [ $MODE = check ]; then
        if cmp -s "$WORK/out/$f" "$dest"; then
            echo "reproduced: $f ($(wc -c <"$dest") bytes, sha256 $(sha256sum "$dest" | cut -c1-16))"
        else
            echo "DIFFERS: $f: the committed binary is not what native/src builds; run native/build.sh" >&2
            status=1
        fi
        if ! (cd "$(dirname "$dest")" && sha256sum -c --status "$(basename "$dest").sha256" 2>/dev/null); then
            echo "DIFFERS: $f.sha256 does not match the committed binary" >&2
            status=1
        fi
    else
        mkdir -p "$(dirname "$dest")"
        cp "$WORK/out/$f" "$dest"
        (cd "$(dirname "$dest")" && sha256sum "$(basename "$dest")" >"$(basename "$dest").sha256")
        echo "built: $f ($(wc -c <"$dest") bytes)"
    fi
done
if [ $MODE = build ]; then
    {
        echo "# Packages that built the committed binaries (dpkg-query -W)"
        dpkg-query -W clang-14 lld-14 llvm-14 libc6-dev libc6-dev-arm64-cross libgcc-12-dev-arm64-cross 2>/dev/null || true
    } >"$ROOT/native/BUILD-ENV.txt"
fi
exit $status
