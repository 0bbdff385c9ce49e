package io.github.sendfile4j.cli.serve;

/**
 * One event loop's {@code Date} header value (RFC 9110 6.6.1), formatted once per second: every response
 * carries it, and no response formats it.
 */
final class HttpClock {
    private long second = Long.MIN_VALUE;
    private String date;

    /**
     * @param millis System.currentTimeMillis()
     * @return whether the second changed (the cached heads that carry the date are stale)
     */
    boolean tick(long millis) {
        long s = Math.floorDiv(millis, 1000);
        if (s == second) {
            return false;
        }
        second = s;
        date = HttpText.httpDate(s * 1000);
        return true;
    }

    /** @return the current second since the epoch */
    long second() {
        return second;
    }

    /** @return the current date, as the header carries it */
    String date() {
        return date;
    }
}
