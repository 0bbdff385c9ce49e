package io.github.sendfile4j.cli.bench;

import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The timing harness of {@code bench}: contenders of one workload run interleaved, round after round, so that
 * machine noise hits all of them alike; the table shows medians of per-round ratios against the first.
 */
final class Rounds {
    private final PrintWriter out;
    private final int rounds;
    private final List<Row> rows = new ArrayList<>();

    /** One contender's work for one round; returns the elapsed nanoseconds. */
    interface Round {
        long run() throws Exception;
    }

    /** One operation of a timed loop. */
    interface Op {
        void run(long i) throws Exception;
    }

    /** One copy into a fresh file. */
    interface FileOp {
        void run(FileChannel out) throws Exception;
    }

    /** A workload: its contenders and what each measured. */
    static final class Row {
        final String workload;
        final String unit;
        final long work;
        final List<String> names = new ArrayList<>();
        final List<Round> contenders = new ArrayList<>();
        final List<long[]> nanos = new ArrayList<>();

        /**
         * @param workload what is measured
         * @param unit     {@code MB/s}, or a per-operation unit such as {@code ns/op}
         * @param work     bytes (for MB/s) or operations per round
         */
        Row(String workload, String unit, long work) {
            this.workload = workload;
            this.unit = unit;
            this.work = work;
        }

        /** Adds a contender; the first one added is the baseline of the ratios. */
        Row add(String name, Round round) {
            names.add(name);
            contenders.add(round);
            return this;
        }
    }

    Rounds(PrintWriter out, int rounds) {
        this.out = out;
        this.rounds = rounds;
    }

    static long timed(long n, Op op) throws Exception {
        long start = System.nanoTime();
        for (long i = 0; i < n; i++) {
            op.run(i);
        }
        return System.nanoTime() - start;
    }

    static long intoFresh(Path target, FileOp op) throws Exception {
        Files.deleteIfExists(target);
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long start = System.nanoTime();
            op.run(out);
            return System.nanoTime() - start;
        }
    }

    /** Runs every contender of {@code row} once unrecorded, then the rounds, and keeps the row for the table. */
    void measure(Row row) throws Exception {
        out.print("  " + row.workload + " ");
        out.flush();
        for (Round round : row.contenders) {
            round.run(); // warm-up, not recorded
        }
        long[][] t = new long[row.contenders.size()][rounds];
        for (int i = 0; i < rounds; i++) {
            for (int c = 0; c < row.contenders.size(); c++) {
                t[c][i] = row.contenders.get(c).run();
            }
            out.print(".");
            out.flush();
        }
        out.println();
        row.nanos.addAll(Arrays.asList(t));
        rows.add(row);
    }

    void print() {
        out.println();
        out.println(String.format(Locale.ROOT, "%-38s %-24s %14s %10s", "workload", "contender", "median", "vs sendfile4j"));
        for (Row row : rows) {
            long[] base = row.nanos.get(0);
            for (int c = 0; c < row.names.size(); c++) {
                long[] t = row.nanos.get(c);
                double[] ratios = new double[t.length];
                for (int i = 0; i < t.length; i++) {
                    ratios[i] = (double) t[i] / base[i];
                }
                double med = median(t);
                String value = row.unit.equals("MB/s")
                        ? String.format(Locale.ROOT, "%.0f MB/s", row.work / (med / 1e9) / 1e6)
                        : String.format(Locale.ROOT, "%.0f ns", med / row.work);
                String ratio = c == 0 ? "1.00" : String.format(Locale.ROOT, "%.2fx time", median(ratios));
                out.println(String.format(Locale.ROOT, "%-38s %-24s %14s %10s", c == 0 ? row.workload : "",
                        row.names.get(c), value, ratio));
            }
        }
        out.println("(ratio: median over rounds of contender time / sendfile4j time; above 1.00 means slower"
                + " than sendfile4j)");
        out.flush();
    }

    static double median(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
    }
}
