package io.github.sendfile4j.cli.serve;

import java.text.SimpleDateFormat;
import java.util.Date;
import java.util.Locale;
import java.util.TimeZone;

/** The fixed words of HTTP/1.1 responses: reason phrases and dates (RFC 9110, sections 15 and 5.6.7). */
final class HttpText {
    private HttpText() {
    }

    static String reason(int status) {
        switch (status) {
            case 400:
                return "Bad Request";
            case 403:
                return "Forbidden";
            case 404:
                return "Not Found";
            case 405:
                return "Method Not Allowed";
            default:
                return "Error";
        }
    }

    static String httpDate(long millis) {
        SimpleDateFormat f = new SimpleDateFormat("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);
        f.setTimeZone(TimeZone.getTimeZone("GMT"));
        return f.format(new Date(millis));
    }
}
