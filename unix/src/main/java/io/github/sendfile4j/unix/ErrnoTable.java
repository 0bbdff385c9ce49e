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

    /**
     * @param result a raw result, a count or {@code -errno}
     * @param names  portable errno names
     * @return whether {@code result} is {@code -errno} of one of them on this platform
     * @throws IllegalArgumentException if the table has no such name
     */
    public boolean isNegated(long result, String... names) {
        for (String n : names) {
            if (result == -number(n)) {
                return true;
            }
        }
        return false;
    }

    /** @return every name and number, in the order given */
    public Map<String, Integer> asMap() {
        return numbers;
    }
}
