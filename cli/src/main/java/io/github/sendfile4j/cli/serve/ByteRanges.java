package io.github.sendfile4j.cli.serve;

/**
 * A {@code Range: bytes=...} request header against a file of known size (RFC 9110 section 14.1.2), with
 * nginx's rules where the RFC leaves a choice: ranges are kept in the order asked, never merged; a request
 * whose ranges add up to more than the file is answered with the whole file (so overlapping ranges cannot
 * multiply a response), as is one of more than {@link #MAX_RANGES} ranges. Where nginx answers a malformed
 * header with 416, this follows the RFC: a header that is not valid {@code bytes=} syntax is ignored.
 */
final class ByteRanges {
    /** More ranges than this, and the header is ignored: the whole file costs less than thousands of parts. */
    static final int MAX_RANGES = 100;

    /** What the header asks for. */
    enum Kind {
        /** No usable header: answer with the whole file (200). */
        WHOLE,
        /** Valid, but no range overlaps the file: 416 with {@code Content-Range: bytes *}{@code /size}. */
        UNSATISFIABLE,
        /** One or more parts: 206. */
        PARTS
    }

    final Kind kind;
    /** First byte of each part. */
    final long[] starts;
    /** One past the last byte of each part. */
    final long[] ends;

    private ByteRanges(Kind kind, long[] starts, long[] ends) {
        this.kind = kind;
        this.starts = starts;
        this.ends = ends;
    }

    private static final ByteRanges WHOLE_FILE = new ByteRanges(Kind.WHOLE, new long[0], new long[0]);
    private static final ByteRanges NONE_SATISFIABLE = new ByteRanges(Kind.UNSATISFIABLE, new long[0], new long[0]);

    /** @return the number of parts */
    int count() {
        return starts.length;
    }

    /**
     * @param a    the request bytes
     * @param from where the header value starts
     * @param to   where it ends
     * @param size the file's size
     * @return what to answer
     */
    static ByteRanges parse(byte[] a, int from, int to, long size) {
        if (to - from < 7 || !unitIsBytes(a, from)) {
            return WHOLE_FILE; // another unit, or not a range at all: ignored (RFC 9110 14.2)
        }
        long[] starts = new long[4];
        long[] ends = new long[4];
        int n = 0;
        long total = 0;
        int p = from + 6;
        while (true) {
            p = skipSpaces(a, p, to);
            if (p < to && a[p] == ',') { // empty list elements are allowed (RFC 9110 5.6.1)
                p++;
                continue;
            }
            if (p >= to) {
                break;
            }
            long first = -1;
            long last = -1;
            if (a[p] != '-') {
                int digitsEnd = digits(a, p, to);
                if (digitsEnd == p || digitsEnd - p > 18) {
                    return WHOLE_FILE;
                }
                first = number(a, p, digitsEnd);
                p = skipSpaces(a, digitsEnd, to);
                if (p >= to || a[p] != '-') {
                    return WHOLE_FILE;
                }
                p = skipSpaces(a, p + 1, to);
            } else {
                p++;
            }
            int digitsEnd = digits(a, p, to);
            if (digitsEnd > p) {
                if (digitsEnd - p > 18) {
                    return WHOLE_FILE;
                }
                last = number(a, p, digitsEnd);
                p = digitsEnd;
            } else if (first < 0) {
                return WHOLE_FILE; // "-" alone
            }
            p = skipSpaces(a, p, to);
            if (p < to && a[p] != ',') {
                return WHOLE_FILE;
            }
            if (first >= 0 && last >= 0 && last < first) {
                return WHOLE_FILE; // invalid range-spec: the whole header is ignored (RFC 9110 14.1.1)
            }
            long start;
            long end;
            if (first < 0) { // suffix: the last "last" bytes
                start = Math.max(0, size - last);
                end = size;
            } else {
                start = first;
                end = last < 0 || last >= size ? size : last + 1;
            }
            if (start < end) {
                if (n == MAX_RANGES) {
                    return WHOLE_FILE;
                }
                if (n == starts.length) {
                    starts = java.util.Arrays.copyOf(starts, n * 2);
                    ends = java.util.Arrays.copyOf(ends, n * 2);
                }
                starts[n] = start;
                ends[n] = end;
                n++;
                total += end - start;
            }
        }
        if (n == 0) {
            return NONE_SATISFIABLE;
        }
        if (total > size) {
            return WHOLE_FILE; // as nginx: overlapping ranges would send more than the file
        }
        return new ByteRanges(Kind.PARTS, java.util.Arrays.copyOf(starts, n), java.util.Arrays.copyOf(ends, n));
    }

    private static boolean unitIsBytes(byte[] a, int from) {
        String unit = "bytes=";
        for (int i = 0; i < unit.length(); i++) {
            int c = a[from + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != unit.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static int skipSpaces(byte[] a, int p, int to) {
        while (p < to && (a[p] == ' ' || a[p] == '\t')) {
            p++;
        }
        return p;
    }

    private static int digits(byte[] a, int p, int to) {
        while (p < to && a[p] >= '0' && a[p] <= '9') {
            p++;
        }
        return p;
    }

    private static long number(byte[] a, int from, int to) {
        long v = 0;
        for (int i = from; i < to; i++) {
            v = v * 10 + (a[i] - '0');
        }
        return v;
    }
}
