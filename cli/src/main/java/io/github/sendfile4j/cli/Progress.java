package io.github.sendfile4j.cli;

import java.io.PrintWriter;

/**
 * A one-line progress bar (bytes, percent, rate, time left) redrawn in place, shown only on a terminal
 * and only once a transfer has lasted longer than a moment, so that scripts and short copies stay quiet.
 */
public final class Progress {
    static final long DELAY_NANOS = 500_000_000L;
    private final PrintWriter out;
    private final boolean terminal;
    private final long start = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    Progress(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    void update(long done, long total) {
        long now = System.nanoTime();
        if (!terminal || now - start < DELAY_NANOS || now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        drawn = true;
        double seconds = (now - start) / 1e9;
        double rate = done / seconds;
        int percent = total > 0 ? (int) (done * 100 / total) : 100;
        int width = 30;
        int filled = percent * width / 100;
        StringBuilder bar = new StringBuilder("\r[");
        for (int i = 0; i < width; i++) {
            bar.append(i < filled ? '#' : '.');
        }
        long left = rate > 0 ? (long) ((total - done) / rate) : 0;
        bar.append("] ").append(percent).append("% ").append(human(done)).append(" / ").append(human(total))
                .append("  ").append(human((long) rate)).append("/s  ").append(left).append(" s left   ");
        out.print(bar);
        out.flush();
    }

    void finish() {
        if (drawn) {
            out.print("\r\033[K");
            out.flush();
        }
    }

    /**
     * @param bytes a size
     * @return it in binary units, such as {@code 4.0 MiB}
     */
    public static String human(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " B" : String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
