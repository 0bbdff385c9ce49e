package io.github.sendfile4j;

/**
 * Flags for {@link Sendfile#sendfile(int, int, long, long, SendOptions)}, named after FreeBSD's
 * {@code SF_*} flags (Python's {@code os.SF_*}).
 *
 * <p>A flag has one meaning everywhere, and a provider either honours that meaning exactly or refuses
 * the flag: a call that carries a flag the provider cannot honour throws
 * {@link UnsupportedOperationException} before any byte moves. Ask ahead with
 * {@link io.github.sendfile4j.spi.SendfileProvider#supports(SendFlag)}. The platform's raw values are
 * published by each native module, not here, because they differ between kernels.
 */
public enum SendFlag {
    /** FreeBSD: do not wait on a busy page; the call fails with {@code EBUSY} instead. */
    SF_NODISKIO,
    /** FreeBSD before 11: do not wait for kernel resources. Obsolete and a no-op on FreeBSD 11 and later. */
    SF_MNOWAIT,
    /** FreeBSD: return only once the kernel has released its references to the file's pages. */
    SF_SYNC,
    /** FreeBSD 12+: read ahead exactly {@link SendOptions#readaheadPages()} pages. */
    SF_USER_READAHEAD,
    /** Do not keep the sent part of the file in the page cache (Linux: {@code posix_fadvise(DONTNEED)}). */
    SF_NOCACHE
}
