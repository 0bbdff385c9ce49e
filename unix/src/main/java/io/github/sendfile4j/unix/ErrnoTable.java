package io.github.sendfile4j.unix;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A platform's errno numbers by portable name. The numbers differ between kernels (EAGAIN is 11 on Linux,
 * 35 on the BSDs), so policy code asks for names, never numbers.
 */
public final class ErrnoTable {
    private final Map<String, Integer> numbers;
    private final String[] names;

    /**
     * @param numbersByName every errno this library may meet, by name; a number may have two names
     *                      (EAGAIN/EWOULDBLOCK), the first one given wins for {@link #name(int)}
     */
    public ErrnoTable(Map<String, Integer> numbersByName) {
        this.numbers = Collections.unmodifiableMap(new LinkedHashMap<>(numbersByName));
        int max = 0;
        for (int n : numbers.values()) {
            max = Math.max(max, n);
        }
        this.names = new String[max + 1];
        for (Map.Entry<String, Integer> e : numbers.entrySet()) {
            if (names[e.getValue()] == null) {
                names[e.getValue()] = e.getKey();
            }
        }
    }

    /**
     * The numbers FreeBSD ({@code sys/sys/errno.h}) and macOS ({@code bsd/sys/errno.h}) share, inherited
     * from 4.4BSD. Each platform adds the ones that differ (EOPNOTSUPP is 45 on FreeBSD, 102 on macOS).
     *
     * @return a new modifiable map of name to number
     */
    public static Map<String, Integer> bsdCommon() {
        Map<String, Integer> m = new LinkedHashMap<>();
        String[] names = {"EPERM", "ENOENT", "EINTR", "EIO", "EBADF", "ENOMEM", "EACCES", "EFAULT", "EBUSY", "EXDEV",
            "EISDIR", "EINVAL", "EMFILE", "EFBIG", "ENOSPC", "ESPIPE", "EROFS", "EPIPE", "EAGAIN", "EWOULDBLOCK",
            "ENOTSOCK", "ECONNRESET", "ENOBUFS", "ENOTCONN", "ETIMEDOUT", "EDQUOT", "ENOSYS", "EOVERFLOW"};
        int[] numbers = {1, 2, 4, 5, 9, 12, 13, 14, 16, 18,
            21, 22, 24, 27, 28, 29, 30, 32, 35, 35,
            38, 54, 55, 57, 60, 69, 78, 84};
        for (int i = 0; i < names.length; i++) {
            m.put(names[i], numbers[i]);
        }
        return m;
    }

    /**
     * @param errno a positive errno number
     * @return its portable name, or {@code "E?<errno>"} when this table does not know it
     */
    public String name(int errno) {
        return errno > 0 && errno < names.length && names[errno] != null ? names[errno] : "E?" + errno;
    }

    /**
     * @param name a portable name such as {@code "EAGAIN"}
     * @return its number on this platform
     * @throws IllegalArgumentException if the table has no such name
     */
    public int number(String name) {
        Integer n = numbers.get(name);
        if (n == null) {
            throw new IllegalArgumentException("no errno named " + name);
        }
        return n;
    }

    /** @return every name and number, in the order given */
    public Map<String, Integer> asMap() {
        return numbers;
    }
}
