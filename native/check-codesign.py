#!/usr/bin/env python3
"""Verifies the ad-hoc code signature of one slice of a Mach-O (fat or thin) file without Apple tools.

Recomputes every page hash of the CodeDirectory (the kernel checks these when it maps the page) and checks
the identifier and the ad-hoc flag. Layouts: XNU osfmk/kern/cs_blobs.h (SuperBlob, CodeDirectory), all
fields big-endian; Mach-O headers little-endian on x86_64 and arm64.

usage: check-codesign.py FILE ARCH     (ARCH: arm64 or x86_64)
"""
import hashlib
import struct
import sys

CPU = {"x86_64": 0x01000007, "arm64": 0x0100000C}
LC_CODE_SIGNATURE = 0x1D
CSMAGIC_EMBEDDED_SIGNATURE = 0xFADE0CC0
CSMAGIC_CODEDIRECTORY = 0xFADE0C02
CS_ADHOC = 0x2
CS_HASHTYPE_SHA256 = 2


def slice_of(data, arch):
    magic = struct.unpack(">I", data[:4])[0]
    if magic == 0xCAFEBABE:
        (n,) = struct.unpack(">I", data[4:8])
        for i in range(n):
            cputype, _, offset, size, _ = struct.unpack(">iiIII", data[8 + 20 * i:28 + 20 * i])
            if cputype == CPU[arch]:
                return data[offset:offset + size]
        raise SystemExit("no %s slice" % arch)
    return data


def main(path, arch):
    macho = slice_of(open(path, "rb").read(), arch)
    magic, cputype, _, _, ncmds, _, _ = struct.unpack("<IiiIIII", macho[:28])
    if magic != 0xFEEDFACF or cputype != CPU[arch]:
        raise SystemExit("not a 64-bit Mach-O for %s" % arch)
    at = 32
    sig = None
    for _ in range(ncmds):
        cmd, size = struct.unpack("<II", macho[at:at + 8])
        if cmd == LC_CODE_SIGNATURE:
            sig = struct.unpack("<II", macho[at + 8:at + 16])
        at += size
    if sig is None:
        raise SystemExit("no LC_CODE_SIGNATURE")
    blob = macho[sig[0]:sig[0] + sig[1]]
    smagic, _, count = struct.unpack(">III", blob[:12])
    if smagic != CSMAGIC_EMBEDDED_SIGNATURE:
        raise SystemExit("bad SuperBlob magic %#x" % smagic)
    for i in range(count):
        _, off = struct.unpack(">II", blob[12 + 8 * i:20 + 8 * i])
        if struct.unpack(">I", blob[off:off + 4])[0] != CSMAGIC_CODEDIRECTORY:
            continue
        cd = blob[off:]
        (_, _, _, flags, hash_off, ident_off, _, n_code, code_limit, hash_size, hash_type, _, page_log) = \
            struct.unpack(">IIIIIIIIIBBBB", cd[:40])
        ident = cd[ident_off:cd.index(b"\0", ident_off)].decode()
        if hash_type != CS_HASHTYPE_SHA256 or hash_size != 32:
            raise SystemExit("unexpected hash type %d" % hash_type)
        page = 1 << page_log
        bad = sum(1 for p in range(n_code)
                  if hashlib.sha256(macho[p * page:min((p + 1) * page, code_limit)]).digest()
                  != cd[hash_off + 32 * p:hash_off + 32 * (p + 1)])
        if bad or not flags & CS_ADHOC or ident != "libsendfile4j.dylib":
            raise SystemExit("bad pages %d, flags %#x, identifier %r" % (bad, flags, ident))
        print("ok: %s[%s] code signature: %d pages verified, ad-hoc, identifier %s" % (path, arch, n_code, ident))
        return
    raise SystemExit("no CodeDirectory")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
