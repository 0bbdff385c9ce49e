package io.github.sendfile4j.cli;

import io.github.sendfile4j.FileDescriptors;
import io.github.sendfile4j.FileSend;
import io.github.sendfile4j.Sendfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Side-by-side comparison in one run: sendfile4j against FileChannel.transferTo, a direct-buffer
 * read/write loop and a C sendfile loop compiled here. Contenders run interleaved, round after round, so
 * that machine noise hits all of them alike; the table shows medians of per-round ratios.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Compare sendfile4j with transferTo, read/write and a C loop (quick by default).")
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--rounds", paramLabel = "N", description = "Interleaved rounds per workload (default 7).")
    int rounds = 7;

    @Option(names = "--full", description = "Full sizes: 1 GiB bulk files and 100k calls (default: quick).")
    boolean full;

    @Option(names = "--smoke", description = "Tiny sizes, to check that every contender works.")
    boolean smoke;

    @Option(names = "--dir", paramLabel = "DIR", description = "Where to put the bench files (default: a temp dir).")
    Path dir;

    private Path cBaseline;
    private PrintWriter out;

    /** One contender's work for one round; returns the elapsed nanoseconds. */
    interface Round {
        long run() throws Exception;
    }

    static final class Row {
        final String workload;
        final String unit;
        final long work;
        final List<String> names = new ArrayList<>();
        final List<long[]> nanos = new ArrayList<>();

        Row(String workload, String unit, long work) {
            this.workload = workload;
            this.unit = unit;
            this.work = work;
        }
    }

    @Override
    public Integer call() throws Exception {
        if (rounds < 1) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--rounds must be >= 1");
        }
        out = spec.commandLine().getOut();
        Path work = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("sendfile4j-bench");
        long calls = smoke ? 200 : full ? 100_000 : 20_000;
        long bulk = smoke ? 4L << 20 : full ? 1L << 30 : 256L << 20;
        int r = smoke ? 1 : rounds;
        String gateway = Sendfile.provider().details().get("gateway");
        out.println("sendfile4j bench: " + Sendfile.provider().name() + " provider"
                + (gateway != null ? " (gateway: " + gateway + ")" : "") + ", java "
                + System.getProperty("java.version") + ", " + Runtime.getRuntime().availableProcessors() + " cpus, "
                + r + " interleaved rounds" + (smoke ? " (smoke)" : full ? " (full)" : " (quick)"));
        out.flush();
        cBaseline = compileBaseline(work);
        List<Row> rows = new ArrayList<>();
        try {
            Path small = write(work.resolve("small.bin"), 4096);
            Path medium = write(work.resolve("medium.bin"), 16384);
            Path big = sparseWithData(work.resolve("big.bin"), bulk);
            rows.add(perCallDevNull(small, calls, r));
            rows.add(perCallSocket(small, calls, r));
            rows.add(httpResponses(medium, calls / 2, r));
            rows.add(bulkSocket(big, r));
            rows.add(bulkFile(big, work, r));
        } finally {
            if (dir == null) {
                deleteTree(work);
            }
        }
        print(rows);
        return 0;
    }

    // ---- workloads -----------------------------------------------------------------------------------

    private Row perCallDevNull(Path small, long calls, int r) throws Exception {
        try (FileChannel in = FileChannel.open(small);
             FileChannel devNull = FileChannel.open(java.nio.file.Paths.get("/dev/null"), StandardOpenOption.WRITE)) {
            return perCall("4 KiB file -> /dev/null, per call", in, devNull, calls, r, "devnull", small.toString(),
                    Long.toString(calls));
        }
    }

    private Row perCallSocket(Path small, long calls, int r) throws Exception {
        try (FileChannel in = FileChannel.open(small); Sink sink = new Sink()) {
            return perCall("4 KiB file -> loopback socket", in, sink.connect(), calls, r, "socket", small.toString(),
                    Long.toString(calls), Integer.toString(sink.port()));
        }
    }

    /** 4 KiB per operation from {@code in} to {@code out}, by each contender; {@code cArgs} for the C loop. */
    private Row perCall(String title, FileChannel in, java.nio.channels.WritableByteChannel out, long calls, int r,
            String... cArgs) throws Exception {
        Row row = new Row(title, "ns/op", calls);
        boolean raw = raw();
        int inFd = raw ? FileDescriptors.of(in) : -1;
        int outFd = raw ? descriptor(out) : -1;
        ByteBuffer buf = ByteBuffer.allocateDirect(4096);
        List<Round> rounds = new ArrayList<>();
        List<String> names = new ArrayList<>();
        names.add("sendfile4j");
        rounds.add(() -> timed(calls, i -> {
            if (raw) {
                Sendfile.sendfile(outFd, inFd, 0, 4096);
            } else {
                Sendfile.transfer(in, 0, 4096, out);
            }
        }));
        names.add("transferTo");
        rounds.add(() -> timed(calls, i -> in.transferTo(0, 4096, out)));
        names.add("read/write");
        rounds.add(() -> timed(calls, i -> {
            buf.clear();
            in.read(buf, 0);
            buf.flip();
            writeFully(out, buf);
        }));
        if (cBaseline != null) {
            names.add("C sendfile");
            rounds.add(() -> runC(cArgs));
        }
        measure(row, names, rounds, r);
        return row;
    }

    private static int descriptor(java.nio.channels.WritableByteChannel out) throws IOException {
        return out instanceof FileChannel ? FileDescriptors.of((FileChannel) out) : FileDescriptors.of((SocketChannel) out);
    }

    private Row httpResponses(Path medium, long calls, int r) throws Exception {
        Row row = new Row("header + 16 KiB + trailer -> socket", "ns/response", calls);
        try (FileChannel in = FileChannel.open(medium); Sink sink = new Sink()) {
            SocketChannel s = sink.connect();
            // An event loop's socket: neither contender waits inside a call; both retry until the sink drains.
            s.configureBlocking(false);
            ByteBuffer header = ByteBuffer.allocateDirect(128);
            header.put("HTTP/1.1 200 OK\r\nContent-Length: 16384\r\nContent-Type: application/octet-stream\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII)).flip();
            ByteBuffer trailer = ByteBuffer.allocateDirect(16);
            trailer.put("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)).flip();
            FileSend response = FileSend.builder(in, 0, 16384).headers(header).trailers(trailer).build();
            List<Round> rounds = new ArrayList<>();
            List<String> names = new ArrayList<>();
            names.add("sendfile4j FileSend");
            rounds.add(() -> timed(calls, i -> {
                response.rewind();
                while (!response.isDone()) {
                    response.sendTo(s);
                }
            }));
            names.add("write+transferTo+write");
            rounds.add(() -> timed(calls, i -> {
                header.rewind();
                trailer.rewind();
                writeFully(s, header);
                for (long p = 0; p < 16384;) {
                    p += in.transferTo(p, 16384 - p, s);
                }
                writeFully(s, trailer);
            }));
            measure(row, names, rounds, r);
        }
        return row;
    }

    private Row bulkSocket(Path big, int r) throws Exception {
        long size = Files.size(big);
        Row row = new Row(Progress.human(size) + " file -> loopback socket", "MB/s", size);
        try (FileChannel in = FileChannel.open(big); Sink sink = new Sink()) {
            SocketChannel s = sink.connect();
            ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
            List<Round> rounds = new ArrayList<>();
            List<String> names = new ArrayList<>();
            names.add("sendfile4j");
            rounds.add(() -> timed(1, i -> Sendfile.transfer(in, 0, size, s)));
            names.add("transferTo");
            rounds.add(() -> timed(1, i -> {
                for (long p = 0; p < size;) {
                    p += in.transferTo(p, size - p, s);
                }
            }));
            names.add("read/write");
            rounds.add(() -> timed(1, i -> copyLoop(in, size, s, buf)));
            if (cBaseline != null) {
                names.add("C sendfile");
                rounds.add(() -> runC("socket", big.toString(), "1", Integer.toString(sink.port())));
            }
            measure(row, names, rounds, r);
        }
        return row;
    }

    private Row bulkFile(Path big, Path work, int r) throws Exception {
        long size = Files.size(big);
        Row row = new Row(Progress.human(size) + " file -> file", "MB/s", size);
        Path target = work.resolve("copy.bin");
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel in = FileChannel.open(big)) {
            List<Round> rounds = new ArrayList<>();
            List<String> names = new ArrayList<>();
            names.add("sendfile4j");
            rounds.add(() -> intoFresh(target, out -> Sendfile.transfer(in, 0, size, out)));
            names.add("transferTo");
            rounds.add(() -> intoFresh(target, out -> {
                for (long p = 0; p < size;) {
                    p += in.transferTo(p, size - p, out);
                }
            }));
            names.add("read/write");
            rounds.add(() -> intoFresh(target, out -> copyLoop(in, size, out, buf)));
            if (cBaseline != null) {
                names.add("C copy_file_range");
                rounds.add(() -> runC("file", big.toString(), target.toString()));
            }
            measure(row, names, rounds, r);
        }
        return row;
    }

    // ---- machinery ------------------------------------------------------------------------------------

    interface Op {
        void run(long i) throws Exception;
    }

    interface FileOp {
        void run(FileChannel out) throws Exception;
    }

    private static long timed(long n, Op op) throws Exception {
        long start = System.nanoTime();
        for (long i = 0; i < n; i++) {
            op.run(i);
        }
        return System.nanoTime() - start;
    }

    private static long intoFresh(Path target, FileOp op) throws Exception {
        Files.deleteIfExists(target);
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long start = System.nanoTime();
            op.run(out);
            return System.nanoTime() - start;
        }
    }

    private static void copyLoop(FileChannel in, long size, java.nio.channels.WritableByteChannel out, ByteBuffer buf)
            throws IOException {
        for (long p = 0; p < size;) {
            buf.clear();
            int n = in.read(buf, p);
            buf.flip();
            writeFully(out, buf);
            p += n;
        }
    }

    private static void writeFully(java.nio.channels.WritableByteChannel out, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            out.write(b);
        }
    }

    private boolean raw() {
        return Sendfile.capabilities().rawDescriptors();
    }

    private void measure(Row row, List<String> names, List<Round> rounds, int r) throws Exception {
        out.print("  " + row.workload + " ");
        out.flush();
        for (Round round : rounds) {
            round.run(); // warm-up, not recorded
        }
        long[][] t = new long[rounds.size()][r];
        for (int i = 0; i < r; i++) {
            for (int c = 0; c < rounds.size(); c++) {
                t[c][i] = rounds.get(c).run();
            }
            out.print(".");
            out.flush();
        }
        out.println();
        row.names.addAll(names);
        row.nanos.addAll(Arrays.asList(t));
    }

    private void print(List<Row> rows) {
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

    private Path compileBaseline(Path work) {
        if (!System.getProperty("os.name").equals("Linux")) {
            out.println("  (no C baseline: it is written for Linux)");
            return null;
        }
        try (InputStream src = BenchCommand.class.getResourceAsStream("bench_baseline.c")) {
            Path c = work.resolve("bench_baseline.c");
            Files.copy(src, c, StandardCopyOption.REPLACE_EXISTING);
            Path exe = work.resolve("bench_baseline");
            Process p = new ProcessBuilder("cc", "-O2", "-o", exe.toString(), c.toString()).redirectErrorStream(true)
                    .start();
            String msg = new String(readAll(p.getInputStream()), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                out.println("  (no C baseline: cc failed: " + msg.trim() + ")");
                return null;
            }
            return exe;
        } catch (IOException | InterruptedException e) {
            out.println("  (no C baseline: no C compiler, " + e.getMessage() + ")");
            return null;
        }
    }

    private long runC(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(cBaseline.toString());
        cmd.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String text = new String(readAll(p.getInputStream()), StandardCharsets.US_ASCII).trim();
        if (p.waitFor() != 0) {
            throw new IOException("C baseline failed: " + text);
        }
        return Long.parseLong(text);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        for (int n; (n = in.read(buf)) > 0;) {
            b.write(buf, 0, n);
        }
        return b.toByteArray();
    }

    private static Path write(Path p, int size) throws IOException {
        byte[] b = new byte[size];
        new java.util.Random(size).nextBytes(b);
        return Files.write(p, b);
    }

    /** A large file whose every page holds data (a sparse hole would let the kernel skip the reads). */
    private static Path sparseWithData(Path p, long size) throws IOException {
        byte[] chunk = new byte[1 << 20];
        new java.util.Random(3).nextBytes(chunk);
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "rw")) {
            for (long at = 0; at < size; at += chunk.length) {
                f.write(chunk, 0, (int) Math.min(chunk.length, size - at));
            }
        }
        return p;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (java.util.stream.Stream<Path> s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
        }
    }

    /** A loopback receiver that discards everything, on its own thread, for every connection. */
    static final class Sink implements AutoCloseable {
        private final ServerSocketChannel server;
        private final List<SocketChannel> clients = new ArrayList<>();
        private final Thread thread;

        Sink() throws IOException {
            server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            thread = new Thread(this::accept, "bench-sink");
            thread.setDaemon(true);
            thread.start();
        }

        int port() throws IOException {
            return ((InetSocketAddress) server.getLocalAddress()).getPort();
        }

        SocketChannel connect() throws IOException {
            SocketChannel c = SocketChannel.open(server.getLocalAddress());
            clients.add(c);
            return c;
        }

        private void accept() {
            try {
                while (true) {
                    SocketChannel c = server.accept();
                    Thread t = new Thread(() -> drain(c), "bench-drain");
                    t.setDaemon(true);
                    t.start();
                }
            } catch (IOException closed) {
                // Server closed: the workload is over.
            }
        }

        private static void drain(SocketChannel c) {
            ByteBuffer b = ByteBuffer.allocateDirect(1 << 20);
            try (SocketChannel ch = c) {
                while (read(ch, b) >= 0) {
                    // Discard.
                }
            } catch (IOException ignored) {
                // Sender closed.
            }
        }

        private static int read(SocketChannel ch, ByteBuffer b) throws IOException {
            b.clear();
            return ch.read(b);
        }

        @Override
        public void close() throws IOException {
            for (SocketChannel c : clients) {
                c.close();
            }
            server.close();
        }
    }
}
