package io.github.sendfile4j.cli.serve;

import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * The preconditions of RFC 9110 section 13 for a GET or HEAD of a file, evaluated in the order of section
 * 13.2.2: {@code If-Match}, else {@code If-Unmodified-Since} (412 when they fail); then {@code If-None-Match},
 * else {@code If-Modified-Since} (304 when the client's copy is current); and {@code If-Range}, which decides
 * whether a {@code Range} applies. Dates are compared in whole seconds, as HTTP dates carry them; a date that
 * does not parse makes its header count as absent (RFC 9110 13.1.3, 13.1.4).
 */
final class Conditionals {
    /** The request may go on. */
    static final int PROCEED = 0;

    private Conditionals() {
    }

    /**
     * @param a                  the request bytes
     * @param r                  the parsed head
     * @param etag               the file's strong entity tag, quotes included
     * @param modifiedSeconds    the file's modification time, in seconds since the epoch
     * @return {@link #PROCEED}, 412 or 304
     */
    static int evaluate(byte[] a, RequestHead r, String etag, long modifiedSeconds) {
        if (r.ifMatch.present()) {
            if (!anyMatches(a, r.ifMatch, etag, true)) {
                return 412;
            }
        } else if (r.ifUnmodifiedSince.present()) {
            long since = seconds(a, r.ifUnmodifiedSince);
            if (since >= 0 && modifiedSeconds > since) {
                return 412;
            }
        }
        if (r.ifNoneMatch.present()) {
            if (anyMatches(a, r.ifNoneMatch, etag, false)) {
                return 304;
            }
        } else if (r.ifModifiedSince.present()) {
            long since = seconds(a, r.ifModifiedSince);
            if (since >= 0 && modifiedSeconds <= since) {
                return 304;
            }
        }
        return PROCEED;
    }

    /**
     * @return whether a {@code Range} header applies: no {@code If-Range}, or one that names this very file
     *         (its strong entity tag, or exactly its modification date)
     */
    static boolean rangeApplies(byte[] a, RequestHead r, String etag, long modifiedSeconds) {
        if (!r.ifRange.present()) {
            return true;
        }
        RequestHead.Span s = r.ifRange;
        if (s.end - s.start >= 2 && (a[s.start] == '"' || a[s.start] == 'W')) {
            return a[s.start] == '"' && RequestHead.equalsAscii(a, s.start, s.end, etag); // a weak tag never matches (13.1.5)
        }
        long date = seconds(a, s);
        return date >= 0 && date == modifiedSeconds;
    }

    /** An {@code If-Match} or {@code If-None-Match} list against one tag: strong or weak comparison (8.8.3.2). */
    private static boolean anyMatches(byte[] a, RequestHead.Span s, String etag, boolean strong) {
        int p = s.start;
        while (p < s.end) {
            while (p < s.end && (a[p] == ' ' || a[p] == '\t' || a[p] == ',')) {
                p++;
            }
            if (p >= s.end) {
                break;
            }
            if (a[p] == '*') {
                return true; // the file exists: "*" matches it
            }
            boolean weak = false;
            if (a[p] == 'W' && p + 1 < s.end && a[p + 1] == '/') {
                weak = true;
                p += 2;
            }
            if (p >= s.end || a[p] != '"') {
                return false; // not a list of entity tags: nothing in it matches
            }
            int close = p + 1;
            while (close < s.end && a[close] != '"') {
                close++;
            }
            if (close >= s.end) {
                return false;
            }
            if (!(strong && weak) && RequestHead.equalsAscii(a, p, close + 1, etag)) {
                return true;
            }
            p = close + 1;
        }
        return false;
    }

    private static final DateTimeFormatter RFC_850 = DateTimeFormatter.ofPattern("EEEE, dd-MMM-yy HH:mm:ss zzz", Locale.US);
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.US)
            .withZone(java.time.ZoneOffset.UTC);

    /** @return the HTTP date in seconds since the epoch, or {@code -1} if it is not one (RFC 9110 5.6.7) */
    static long seconds(byte[] a, RequestHead.Span s) {
        String text = new String(a, s.start, s.end - s.start, StandardCharsets.ISO_8859_1);
        for (DateTimeFormatter f : new DateTimeFormatter[] {DateTimeFormatter.RFC_1123_DATE_TIME, RFC_850, ASCTIME}) {
            try {
                return ZonedDateTime.parse(text, f).toEpochSecond();
            } catch (DateTimeParseException e) {
                // the next of the three formats the RFC has a recipient accept
            }
        }
        return -1;
    }
}
