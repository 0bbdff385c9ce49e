#!/bin/sh
# Inspects every committed native library: format, architecture, OS ABI, needed libraries, the highest
# symbol version, imported symbols (only the expected libc functions) and exported symbols (only the JNI
# entry points). Fails on any drift. Needs llvm (llvm-readelf, llvm-objdump, llvm-nm).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
status=0
fail() { echo "FAIL: $*" >&2; status=1; }
ok() { echo "ok: $*"; }

EXPORTS="JNI_OnLoad JNI_OnUnload"
LINUX_IMPORTS="__cxa_finalize __errno_location close fcntl getsockopt ioctl lseek poll posix_fadvise sendfile sendmsg setsockopt syscall sysconf writev"
FREEBSD_IMPORTS="__error close fcntl getsockopt lseek poll sendfile sendmsg setsockopt sysconf writev"
DARWIN_IMPORTS="___error _close _fcntl _getsockopt _lseek _poll _sendfile _sendmsg _setsockopt _sysconf _writev dyld_stub_binder"

elf() { # file machine osabi needed maxversion imports
    f=$1
    [ -f "$f" ] || { fail "$f missing"; return; }
    h=$(llvm-readelf -h "$f")
    echo "$h" | grep -q "Class: *ELF64" || fail "$f: not ELF64"
    echo "$h" | grep -q "Type: *DYN" || fail "$f: not a shared object"
    echo "$h" | grep -q "Machine: *$2" || fail "$f: machine is not $2"
    echo "$h" | grep -q "OS/ABI: *$3" || fail "$f: OS/ABI is not $3"
    needed=$(llvm-readelf -d "$f" | sed -n 's/.*(NEEDED).*\[\(.*\)\]/\1/p' | sort | tr '\n' ' ')
    [ "$needed" = "$4 " ] || fail "$f: NEEDED is '$needed', expected '$4'"
    exported=$(llvm-nm -D --defined-only "$f" | awk '{print $3}' | sort | tr '\n' ' ')
    [ "$exported" = "$EXPORTS " ] || fail "$f: exports '$exported', expected '$EXPORTS'"
    imported=$(llvm-nm -D --undefined-only "$f" | awk '{print $2}' | sed 's/@.*//' \
        | grep -v -e '^__gmon_start__$' -e '^_ITM_' | sort | tr '\n' ' ')
    [ "$imported" = "$6 " ] || fail "$f: imports '$imported', expected '$6'"
    if [ -n "$5" ]; then
        max=$(llvm-readelf --dyn-syms -V "$f" | grep -oE "${5%%_*}_[0-9.]+" | sort -uV | tail -1)
        [ "$(printf '%s\n%s\n' "$max" "$5" | sort -V | tail -1)" = "$5" ] || fail "$f: needs $max, above $5"
        ok "$f: $2, $3, needs $needed, highest version $max, exports $exported"
    fi
}

R=META-INF/native
elf "$ROOT/linux-x86_64/src/main/resources/$R/linux-x86_64/libsendfile4j.so" "Advanced Micro Devices X86-64" \
    "UNIX - System V" "libc.so.6" GLIBC_2.17 "$LINUX_IMPORTS"
elf "$ROOT/linux-aarch64/src/main/resources/$R/linux-aarch_64/libsendfile4j.so" "AArch64" \
    "UNIX - System V" "libc.so.6" GLIBC_2.17 "$LINUX_IMPORTS"
elf "$ROOT/freebsd/src/main/resources/$R/freebsd-x86_64/libsendfile4j.so" "Advanced Micro Devices X86-64" \
    "UNIX - FreeBSD" "libc.so.7" FBSD_1.0 "$FREEBSD_IMPORTS"
elf "$ROOT/freebsd/src/main/resources/$R/freebsd-aarch_64/libsendfile4j.so" "AArch64" \
    "UNIX - FreeBSD" "libc.so.7" FBSD_1.0 "$FREEBSD_IMPORTS"

macho() { # file
    f=$1
    [ -f "$f" ] || { fail "$f missing"; return; }
    archs=$(echo $(llvm-lipo-14 -archs "$f"))
    [ "$archs" = "x86_64 arm64" ] || fail "$f: architectures '$archs', expected 'x86_64 arm64'"
    for arch in x86_64 arm64; do
        hdr=$(llvm-objdump --macho --private-headers --arch=$arch "$f")
        echo "$hdr" | grep -q "filetype DYLIB" || echo "$hdr" | grep -q "DYLIB" || fail "$f[$arch]: not a dylib"
        dylibs=$(echo "$hdr" | sed -n 's/^ *name \(.*\) (offset.*/\1/p' | sort | tr '\n' ' ')
        [ "$dylibs" = "/usr/lib/libSystem.B.dylib @rpath/libsendfile4j.dylib " ] || \
            fail "$f[$arch]: load commands name '$dylibs'"
        exported=$(llvm-nm -m --arch=$arch --defined-only --extern-only "$f" | awk '{print $NF}' | sort | tr '\n' ' ')
        [ "$exported" = "_JNI_OnLoad _JNI_OnUnload " ] || fail "$f[$arch]: exports '$exported'"
        imported=$(llvm-nm -m --arch=$arch --undefined-only "$f" | awk '{print $3}' | sort | tr '\n' ' ')
        [ "$imported" = "$DARWIN_IMPORTS " ] || fail "$f[$arch]: imports '$imported', expected '$DARWIN_IMPORTS'"
    done
    llvm-objdump --macho --private-headers --arch=x86_64 "$f" | grep -A3 LC_VERSION_MIN_MACOSX | grep -q "version 10.12" \
        || fail "$f[x86_64]: minimum macOS is not 10.12"
    llvm-objdump --macho --private-headers --arch=arm64 "$f" | grep -A5 LC_BUILD_VERSION | grep -q "minos 11.0" \
        || fail "$f[arm64]: minimum macOS is not 11.0"
    llvm-objdump --macho --private-headers --arch=arm64 "$f" | grep -q LC_CODE_SIGNATURE \
        || fail "$f[arm64]: no code signature (arm64 macOS refuses unsigned code)"
    python3 "$ROOT/native/check-codesign.py" "$f" arm64 || fail "$f[arm64]: code signature does not verify"
    ok "$f: x86_64 (macOS 10.12+) + arm64 (macOS 11+, ad-hoc signed), libSystem only, exports _JNI_OnLoad _JNI_OnUnload"
}
macho "$ROOT/darwin/src/main/resources/$R/osx-universal/libsendfile4j.dylib"

# musl: the glibc-built library must load under musl's loader with every symbol bound (RTLD_NOW).
if command -v musl-gcc >/dev/null; then
    T=$(mktemp -d)
    musl-gcc -o "$T/musl_load" "$ROOT/native/tools/musl_load.c"
    out=$("$T/musl_load" "$ROOT/linux-x86_64/src/main/resources/$R/linux-x86_64/libsendfile4j.so") || true
    rm -rf "$T"
    [ "$out" = "loaded, JNI_OnLoad=found" ] && ok "linux-x86_64 loads under musl: $out" || fail "musl load: $out"
else
    fail "musl-gcc missing (apt-get install musl-tools): cannot check that the Linux library loads on musl"
fi
exit $status
