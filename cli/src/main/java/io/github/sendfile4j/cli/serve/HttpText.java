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
            case 200:
                return "OK";
            case 206:
                return "Partial Content";
            case 304:
                return "Not Modified";
            case 412:
                return "Precondition Failed";
            case 416:
                return "Range Not Satisfiable";
            case 400:
                return "Bad Request";
            case 403:
                return "Forbidden";
            case 404:
                return "Not Found";
            case 405:
                return "Method Not Allowed";
            case 431:
                return "Request Header Fields Too Large";
            default:
                return "Error";
        }
    }

    /**
     * @param status the status code
     * @param clock  the loop's clock, for {@code Date}
     * @param close  whether the connection closes after this response
     * @return the status line and the header lines every response carries, each ending in CRLF
     */
    static String head(int status, HttpClock clock, boolean close) {
        return "HTTP/1.1 " + status + " " + reason(status) + "\r\nServer: sendfile4j\r\nDate: " + clock.date()
                + "\r\nConnection: " + (close ? "close" : "keep-alive") + "\r\n";
    }

    static String httpDate(long millis) {
        SimpleDateFormat f = new SimpleDateFormat("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);
        f.setTimeZone(TimeZone.getTimeZone("GMT"));
        return f.format(new Date(millis));
    }
}
