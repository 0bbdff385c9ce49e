package io.github.sendfile4j.cli.serve;

/**
 * The parts of an HTTP/1.x request head the static server acts on, parsed from the bytes in place so that a
 * well-formed GET or HEAD allocates nothing: method, target span, version, and the Connection header's
 * close or keep-alive. Anything it does not recognise is {@link #bad}; the server answers 400.
 */
final class RequestHead {
    static final int GET = 1;
    static final int HEAD = 2;
    static final int OTHER = 3;

    int method;
    int targetStart;
    int targetEnd;
    /** Where the path ends: before '?' or at {@link #targetEnd}. */
    int pathEnd;
    boolean http10;
    boolean connectionClose;
    boolean connectionKeepAlive;
    boolean bad;

    /**
     * @param a   the bytes
     * @param end the offset of the CRLFCRLF that ends the head
     * @return this, filled
     */
    RequestHead parse(byte[] a, int end) {
        bad = false;
        connectionClose = false;
        connectionKeepAlive = false;
        int lineEnd = indexOfCrlf(a, 0, end);
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
            if (equalsIgnoreCase(a, at, trimEnd(a, at, colon), "connection")) {
                int v = trimStart(a, colon + 1, e);
                int ve = trimEnd(a, v, e);
                connectionClose = equalsIgnoreCase(a, v, ve, "close");
                connectionKeepAlive = equalsIgnoreCase(a, v, ve, "keep-alive");
            }
            at = e + 2;
        }
        return this;
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

    private static boolean equalsAscii(byte[] a, int from, int to, String s) {
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
