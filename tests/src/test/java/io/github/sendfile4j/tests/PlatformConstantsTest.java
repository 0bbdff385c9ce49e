package io.github.sendfile4j.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.sendfile4j.SendFlag;
import io.github.sendfile4j.darwin.DarwinConstants;
import io.github.sendfile4j.freebsd.FreeBsdConstants;
import io.github.sendfile4j.linux.LinuxConstants;
import io.github.sendfile4j.unix.ErrnoTable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The constants of the platforms that cannot run here, against the values their own headers give:
 * FreeBSD sys/sys/socket.h, sys/sys/fcntl.h, sys/sys/errno.h (FreeBSD 14 tree); XNU xnu-11417.101.15
 * bsd/sys/socket.h, bsd/sys/fcntl.h, bsd/sys/errno.h; Linux asm-generic errno.h and glibc bits/*.h. The
 * struct layouts (iovec 16 bytes, sf_hdtr 32 bytes with trailers at 16) are asserted at compile time by
 * native/src/config.h for each BSD and macOS target, so a drift fails native/build.sh.
 */
class PlatformConstantsTest {
    static Map<String, Integer> table(Object... kv) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (Integer) kv[i + 1]);
        }
        return m;
    }

    @Test
    void freeBsdFlagsAndReadaheadPacking() {
        assertEquals(0x1, FreeBsdConstants.SF_NODISKIO);
        assertEquals(0x2, FreeBsdConstants.SF_MNOWAIT);
        assertEquals(0x4, FreeBsdConstants.SF_SYNC);
        assertEquals(0x8, FreeBsdConstants.SF_USER_READAHEAD);
        assertEquals(0x10, FreeBsdConstants.SF_NOCACHE);
        assertEquals(0x00200011, FreeBsdConstants.sfFlags(32, FreeBsdConstants.SF_NODISKIO | FreeBsdConstants.SF_NOCACHE));
        assertEquals(0xffff0008, FreeBsdConstants.sfFlags(0xffff, FreeBsdConstants.SF_USER_READAHEAD));
        for (SendFlag f : SendFlag.values()) {
            assertEquals(f.name(), fieldName(FreeBsdConstants.valueOf(f)));
        }
        assertEquals(0x0004, FreeBsdConstants.O_NONBLOCK);
        assertEquals(0x0008, FreeBsdConstants.O_APPEND);
        assertEquals(0x20000, FreeBsdConstants.MSG_NOSIGNAL);
        assertEquals(0x0800, FreeBsdConstants.SO_NOSIGPIPE);
        assertEquals(0xffff, FreeBsdConstants.SOL_SOCKET);
        assertEquals(4, FreeBsdConstants.TCP_NOPUSH);
        assertEquals(1024, FreeBsdConstants.IOV_MAX);
    }

    static String fieldName(int bit) {
        for (java.lang.reflect.Field f : FreeBsdConstants.class.getFields()) {
            try {
                if (f.getName().startsWith("SF_") && f.getType() == int.class && f.getInt(null) == bit) {
                    return f.getName();
                }
            } catch (IllegalAccessException e) {
                throw new AssertionError(e);
            }
        }
        return null;
    }

    @Test
    void darwinValues() {
        assertEquals(0x0004, DarwinConstants.O_NONBLOCK);
        assertEquals(0x0008, DarwinConstants.O_APPEND);
        assertEquals(0x1022, DarwinConstants.SO_NOSIGPIPE);
        assertEquals(0xffff, DarwinConstants.SOL_SOCKET);
        assertEquals(0x80000, DarwinConstants.MSG_NOSIGNAL);
        assertEquals(0x04, DarwinConstants.TCP_NOPUSH);
        assertEquals(1024, DarwinConstants.IOV_MAX);
    }

    static final Map<String, Integer> SHARED = table("EPERM", 1, "ENOENT", 2, "EINTR", 4, "EIO", 5, "EBADF", 9,
            "ENOMEM", 12, "EACCES", 13, "EFAULT", 14, "EBUSY", 16, "EXDEV", 18, "EISDIR", 21, "EINVAL", 22,
            "EMFILE", 24, "EFBIG", 27, "ENOSPC", 28, "ESPIPE", 29, "EROFS", 30, "EPIPE", 32);

    @Test
    void errnoNumbersPerPlatform() {
        Map<String, Integer> linux = new LinkedHashMap<>(SHARED);
        linux.putAll(table("EAGAIN", 11, "EWOULDBLOCK", 11, "ENOSYS", 38, "EOVERFLOW", 75, "ENOTSOCK", 88,
                "EOPNOTSUPP", 95, "ENOTSUP", 95, "ECONNRESET", 104, "ENOBUFS", 105, "ENOTCONN", 107, "ETIMEDOUT", 110,
                "EDQUOT", 122));
        Map<String, Integer> bsd = new LinkedHashMap<>(SHARED);
        bsd.putAll(table("EAGAIN", 35, "EWOULDBLOCK", 35, "ENOSYS", 78, "EOVERFLOW", 84, "ENOTSOCK", 38,
                "ECONNRESET", 54, "ENOBUFS", 55, "ENOTCONN", 57, "ETIMEDOUT", 60, "EDQUOT", 69));
        Map<String, Integer> freebsd = new LinkedHashMap<>(bsd);
        freebsd.putAll(table("EOPNOTSUPP", 45, "ENOTSUP", 45, "ENOTCAPABLE", 93, "EINTEGRITY", 97));
        Map<String, Integer> darwin = new LinkedHashMap<>(bsd);
        darwin.putAll(table("EOPNOTSUPP", 102, "ENOTSUP", 45));
        assertSame(linux, LinuxConstants.ERRNO);
        assertSame(freebsd, FreeBsdConstants.ERRNO);
        assertSame(darwin, DarwinConstants.ERRNO);
        assertEquals("EAGAIN", FreeBsdConstants.ERRNO.name(35));
        assertEquals("EOPNOTSUPP", DarwinConstants.ERRNO.name(102));
        assertEquals("ENOTSUP", DarwinConstants.ERRNO.name(45));
        assertEquals("E?250", DarwinConstants.ERRNO.name(250));
    }

    static void assertSame(Map<String, Integer> expected, ErrnoTable actual) {
        assertEquals(new java.util.TreeMap<>(expected), new java.util.TreeMap<>(actual.asMap()));
    }
}
