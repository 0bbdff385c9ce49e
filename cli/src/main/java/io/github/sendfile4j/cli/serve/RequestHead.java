package io.github.sendfile4j.cli.serve;

/**
 * The parts of an HTTP/1.x request head the static server acts on, parsed from the bytes in place so that a
 * well-formed GET or HEAD allocates nothing: method, target span, version, the Connection header's close or
 * keep-alive, and where the values of the range and conditional headers are (RFC 9110 sections 13 and 14).
 * Anything it does not recognise is {@link #bad}; the server answers 400.
 */
final class RequestHead {
    static final int GET = 1;
    static final int HEAD = 2;
    static final int OTHER = 3;

    int method;
    /** Where the request line ends (before its CRLF). */
    int lineEnd;
    int targetStart;
    int targetEnd;
    /** Where the path ends: before '?' or at {@link #targetEnd}. */
    int pathEnd;
    boolean http10;
    boolean connectionClose;
    boolean connectionKeepAlive;
    boolean bad;
    /** Where each of these header values starts and ends in the bytes; {@code -1} when the header is absent. */
    final Span range = new Span();
    final Span ifRange = new Span();
    final Span ifMatch = new Span();
    final Span ifNoneMatch = new Span();
    final Span ifModifiedSince = new Span();
    final Span ifUnmodifiedSince = new Span();

    /** A header value's place in the request bytes, trimmed. */
    static final class Span {
        int start = -1;
        int end = -1;

        boolean present() {
            return start >= 0;
        }

        void clear() {
            start = -1;
            end = -1;
        }
    }

    /**
     * @param a   the bytes
     * @param end the offset of the CRLFCRLF that ends the head
     * @return this, filled
     */
    RequestHead parse(byte[] a, int end) {
        bad = false;
        connectionClose = false;
        connectionKeepAlive = false;
        range.clear();
        ifRange.clear();
        ifMatch.clear();
        ifNoneMatch.clear();
        ifModifiedSince.clear();
        ifUnmodifiedSince.clear();
        lineEnd = indexOfCrlf(a, 0, end);
        int sp1 = indexOf(a, (byte) ' ', 0, lineEnd);
        int sp2 = sp1 < 0 ? -1 : indexOf(a, (byte) ' ', sp1 + 1, lineEnd);
        if (sp1 <= 0 || sp2 <= sp1 + 1 || indexOf(a, (byte) ' ', sp2 + 1, lineEnd) >= 0
                || !versionIs(a, sp2 + 1, lineEnd)) {
            bad = true;
            return this;
        }
        method = equalsAscii(a, 0, sp1, "GET") ? GET : equalsAscii(a, 0, sp1, "HEAD") ? HEAD : OTHER;
        targetStart = sp1 + 1;
        targetEnd = sp2;
        int q = indexOf(a, (byte) '?', targetStart, targetEnd);
        pathEnd = q < 0 ? targetEnd : q;
        http10 = a[lineEnd - 1] == '0';
        int at = lineEnd + 2;
        while (at < end) {
            int e = indexOfCrlf(a, at, end);
            int colon = indexOf(a, (byte) ':', at, e);
            if (colon <= at) {
                bad = true;
                return this;
            }
            int nameEnd = trimEnd(a, at, colon);
            int v = trimStart(a, colon + 1, e);
            int ve = trimEnd(a, v, e);
            if (equalsIgnoreCase(a, at, nameEnd, "connection")) {
                connectionClose = equalsIgnoreCase(a, v, ve, "close");
                connectionKeepAlive = equalsIgnoreCase(a, v, ve, "keep-alive");
            } else if (a[at] == 'r' || a[at] == 'R' || a[at] == 'i' || a[at] == 'I') {
                Span s = conditional(a, at, nameEnd);
                if (s != null) {
                    s.start = v;
                    s.end = ve;
                }
            }
            at = e + 2;
        }
        return this;
    }

    private Span conditional(byte[] a, int from, int to) {
        return equalsIgnoreCase(a, from, to, "range") ? range
                : equalsIgnoreCase(a, from, to, "if-range") ? ifRange
                : equalsIgnoreCase(a, from, to, "if-match") ? ifMatch
                : equalsIgnoreCase(a, from, to, "if-none-match") ? ifNoneMatch
                : equalsIgnoreCase(a, from, to, "if-modified-since") ? ifModifiedSince
                : equalsIgnoreCase(a, from, to, "if-unmodified-since") ? ifUnmodifiedSince
                : null;
    }

    /** @return whether the connection ends after this response */
    boolean closeAfter() {
        return http10 ? !connectionKeepAlive : connectionClose;
    }

    private static boolean versionIs(byte[] a, int from, int to) {
        return to - from == 8 && equalsAscii(a, from, from + 7, "HTTP/1.") && a[to - 1] >= '0' && a[to - 1] <= '9';
    }

    private static int indexOfCrlf(byte[] a, int from, int to) {
        for (int i = from; i + 1 < to; i++) {
            if (a[i] == '\r' && a[i + 1] == '\n') {
                return i;
            }
        }
        return to;
    }

    private static int indexOf(byte[] a, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static int trimStart(byte[] a, int from, int to) {
        while (from < to && (a[from] == ' ' || a[from] == '\t')) {
            from++;
        }
        return from;
    }

    private static int trimEnd(byte[] a, int from, int to) {
        while (to > from && (a[to - 1] == ' ' || a[to - 1] == '\t')) {
            to--;
        }
        return to;
    }

    /** @return whether the bytes from {@code from} to {@code to} are exactly {@code s} (ASCII) */
    static boolean equalsAscii(byte[] a, int from, int to, String s) {
        if (to - from != s.length()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (a[from + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean equalsIgnoreCase(byte[] a, int from, int to, String lower) {
        if (to - from != lower.length()) {
            return false;
        }
        for (int i = 0; i < lower.length(); i++) {
            int c = a[from + i];
            if (c >= 'A' && c <= 'Z') {
                c += 'a' - 'A';
            }
            if (c != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
