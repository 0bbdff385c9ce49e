package io.github.sendfile4j.cli.serve;

import java.util.TimeZone;

/**
 * One event loop's access log in the common log format, with the response's size (every byte written,
 * head included, as nginx's {@code $bytes_sent}) and the seconds it took, the way operators read nginx's:
 * {@code 127.0.0.1 - - [07/Dec/2026:21:41:24 +0000] "GET /f.bin HTTP/1.1" 206 366 0.000}. Lines gather
 * per loop and go to the {@link LogWriter} once per turn of the loop, so logging costs a request no system
 * call and can never make the loop wait.
 */
final class AccessLog {
    private final LogWriter out;
    private final StringBuilder pending = new StringBuilder();
    private long stampSecond = Long.MIN_VALUE;
    private String stamp;

    /** @param out where every loop's lines go */
    AccessLog(LogWriter out) {
        this.out = out;
    }

    /**
     * @param remote      the client's address
     * @param requestLine the request line as sent, or "-" when none was read
     * @param status      the response status
     * @param bytes       bytes written for the response
     * @param nanos       how long it took
     */
    void record(String remote, String requestLine, int status, long bytes, long nanos) {
        long now = System.currentTimeMillis();
        if (now / 1000 != stampSecond) {
            stampSecond = now / 1000;
            java.text.SimpleDateFormat f = new java.text.SimpleDateFormat("dd/MMM/yyyy:HH:mm:ss Z", java.util.Locale.US);
            f.setTimeZone(TimeZone.getTimeZone("UTC"));
            stamp = f.format(new java.util.Date(now));
        }
        pending.append(remote).append(" - - [").append(stamp).append("] \"").append(requestLine).append("\" ")
                .append(status).append(' ').append(bytes).append(' ');
        long millis = nanos / 1_000_000;
        pending.append(millis / 1000).append('.').append((char) ('0' + millis % 1000 / 100))
                .append((char) ('0' + millis % 100 / 10)).append((char) ('0' + millis % 10)).append('\n');
    }

    /** Hands what gathered to the writer. */
    void flush() {
        if (pending.length() == 0) {
            return;
        }
        out.offer(pending.toString());
        pending.setLength(0);
    }
}
