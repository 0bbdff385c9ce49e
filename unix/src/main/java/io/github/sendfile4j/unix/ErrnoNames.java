package io.github.sendfile4j.unix;

import java.util.Arrays;

/**
 * A named set of errno names that one decision depends on, such as the errors after which sendfile cannot
 * serve a pair of descriptors. Names, not numbers, because the numbers differ between kernels.
 */
public final class ErrnoNames {
    private final String[] names;

    private ErrnoNames(String[] names) {
        this.names = names;
    }

    /**
     * @param names portable errno names, such as {@code "EINVAL"}
     * @return the set
     */
    public static ErrnoNames of(String... names) {
        return new ErrnoNames(names.clone());
    }

    /**
     * @param errnos the platform's table
     * @param result a raw result
     * @return whether {@code result} is {@code -errno} of one of these names on that platform
     */
    boolean contains(ErrnoTable errnos, long result) {
        return errnos.isNegated(result, names);
    }

    @Override
    public String toString() {
        return Arrays.toString(names);
    }
}
