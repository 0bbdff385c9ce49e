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
LINUX_IMPORTS="__cxa_finalize __errno_location fcntl lseek posix_fadvise sendfile sendmsg syscall sysconf writev"

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
exit $status
