#!/bin/sh
# Builds every native library of sendfile4j from native/src with Debian's clang and lld, into the
# resources of the module that ships it, with a .sha256 beside each (the loader verifies it).
#
#   native/build.sh           rebuild and overwrite the committed binaries
#   native/build.sh --check   rebuild into a scratch directory; fail unless byte-identical to the committed ones
#   native/build.sh --check-if-tools   the same where every tool it needs is installed; elsewhere says what it
#                             skipped and which packages would run it (how ./mvnw verify calls it)
#
# Needs: clang lld llvm (and gcc-aarch64-linux-gnu libc6-dev-arm64-cross for the aarch64 crt files).
# The exact package versions of the committed build are in native/BUILD-ENV.txt.
set -eu

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SRC=$ROOT/native/src
MODE=build
[ "${1:-}" = "--check" ] && MODE=check
if [ "${1:-}" = "--check-if-tools" ]; then
    "$ROOT/native/optional-checks.sh" has native-reproducibility || exit 0
    MODE=check
fi

JDK_INCLUDE=
for j in "${JNI_JDK:-}" /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64 "${JAVA_HOME:-}"; do
    if [ -n "$j" ] && [ -f "$j/include/jni.h" ]; then JDK_INCLUDE=$j/include; break; fi
done
[ -n "$JDK_INCLUDE" ] || { echo "build.sh: no JDK with include/jni.h found (set JNI_JDK)" >&2; exit 1; }
for tool in clang ld.lld llvm-readelf ld64.lld-14 llvm-lipo-14; do
    command -v $tool >/dev/null || { echo "build.sh: $tool missing: apt-get install clang lld llvm" >&2; exit 1; }
done

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# jni_md.h of Linux is valid for every LP64 Unix (jint int, jlong long, JNIEXPORT visibility default).
CFLAGS="-O2 -fPIC -fvisibility=hidden -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -Wdate-time
 -ffile-prefix-map=$ROOT=. -fdebug-compilation-dir=. -I$JDK_INCLUDE -I$JDK_INCLUDE/linux"
SOURCES="$SRC/sendfile4j.c $SRC/transfer_linux.c"
BSD_SOURCES="$SRC/sendfile4j.c $SRC/transfer_bsd.c"
# No target headers for FreeBSD and macOS: freestanding, prototypes from config.h, stdio.h stubbed for jni.h.
BSD_CFLAGS="$CFLAGS -ffreestanding -nostdlibinc -I$ROOT/native/stubinc"

linux() { # target-triple output
    clang --target="$1" $CFLAGS -shared -fuse-ld=lld -Wl,-soname,libsendfile4j.so -Wl,-z,now -Wl,-z,relro \
        -Wl,--build-id=sha1 -Wl,--hash-style=both -o "$2" $SOURCES
}

freebsd() { # arch output
    sysroot=$WORK/sysroot-$1
    mkdir -p "$sysroot/usr/lib"
    clang --target="$1-unknown-freebsd13" -nostdlib -ffreestanding -fPIC -c -o "$sysroot/libc_stub.o" \
        "$ROOT/native/stubs/freebsd-libc.c"
    ld.lld -shared -soname libc.so.7 --version-script "$ROOT/native/stubs/freebsd-libc.map" \
        -o "$sysroot/usr/lib/libc.so.7" "$sysroot/libc_stub.o"
    ln -sf libc.so.7 "$sysroot/usr/lib/libc.so"
    clang --target="$1-unknown-freebsd13" --sysroot="$sysroot" $BSD_CFLAGS -shared -nostdlib -fuse-ld=lld \
        -Wl,-soname,libsendfile4j.so -Wl,-z,now -Wl,-z,relro -Wl,--build-id=sha1 -o "$2" $BSD_SOURCES -lc
}

darwin() { # output
    for a in x86_64:x86_64-apple-macos10.12:10.12 arm64:arm64-apple-macos11:11.0; do
        arch=${a%%:*}; rest=${a#*:}; triple=${rest%%:*}; min=${rest#*:}
        mkdir -p "$WORK/darwin-$arch"
        objs=
        for s in $BSD_SOURCES; do
            o=$WORK/darwin-$arch/$(basename "$s" .c).o
            clang --target="$triple" $BSD_CFLAGS -c -o "$o" "$s"
            objs="$objs $o"
        done
        # The code-signature identifier is the output's basename, so each slice is linked under the final name.
        ld64.lld-14 -arch "$arch" -platform_version macos "$min" 11.0 -dylib -dead_strip \
            -install_name @rpath/libsendfile4j.dylib -o "$WORK/darwin-$arch/libsendfile4j.dylib" $objs \
            "$ROOT/native/stubs/libSystem.tbd"
    done
    llvm-lipo-14 -create -output "$1" "$WORK/darwin-x86_64/libsendfile4j.dylib" "$WORK/darwin-arm64/libsendfile4j.dylib"
}

build_all() { # outdir
    mkdir -p "$1/linux-x86_64" "$1/linux-aarch_64" "$1/freebsd-x86_64" "$1/freebsd-aarch_64" "$1/osx-universal"
    linux x86_64-linux-gnu "$1/linux-x86_64/libsendfile4j.so"
    linux aarch64-linux-gnu "$1/linux-aarch_64/libsendfile4j.so"
    freebsd x86_64 "$1/freebsd-x86_64/libsendfile4j.so"
    freebsd aarch64 "$1/freebsd-aarch_64/libsendfile4j.so"
    darwin "$1/osx-universal/libsendfile4j.dylib"
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
if [ $MODE = check ]; then
    recorded=$(grep -v '^#' "$ROOT/native/BUILD-ENV.txt" || true)
    installed=$(dpkg-query -W clang-14 lld-14 llvm-14 libc6-dev libc6-dev-arm64-cross libgcc-12-dev-arm64-cross 2>/dev/null || true)
    if [ "$recorded" != "$installed" ]; then
        echo "note: installed toolchain differs from native/BUILD-ENV.txt; a difference above may come from that:" >&2
        echo "$recorded" >"$WORK/recorded"
        echo "$installed" | diff "$WORK/recorded" - >&2 || true
    fi
fi
if [ $MODE = build ]; then
    {
        echo "# Packages that built the committed binaries (dpkg-query -W)"
        dpkg-query -W clang-14 lld-14 llvm-14 libc6-dev libc6-dev-arm64-cross libgcc-12-dev-arm64-cross 2>/dev/null || true
    } >"$ROOT/native/BUILD-ENV.txt"
fi
exit $status
