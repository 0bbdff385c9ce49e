package io.github.sendfile4j.cli.bench;

import io.github.sendfile4j.Sendfile;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Side-by-side comparison in one run: sendfile4j against FileChannel.transferTo, a direct-buffer
 * read/write loop and a C sendfile loop compiled here. Contenders run interleaved, round after round, so
 * that machine noise hits all of them alike; the table shows medians of per-round ratios.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Compare sendfile4j with transferTo, read/write and a C loop (quick by default).")
public final class BenchCommand implements Callable<Integer> {
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

    @Override
    public Integer call() throws Exception {
        if (rounds < 1) {
            throw new ParameterException(spec.commandLine(), "--rounds must be >= 1, was " + rounds);
        }
        PrintWriter out = spec.commandLine().getOut();
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
        Rounds table = new Rounds(out, r);
        Workloads workloads = new Workloads(table, CBaseline.compile(work, out));
        try {
            Path small = BenchFiles.random(work.resolve("small.bin"), 4096);
            Path medium = BenchFiles.random(work.resolve("medium.bin"), 16384);
            Path big = BenchFiles.dense(work.resolve("big.bin"), bulk);
            workloads.perCallDevNull(small, calls);
            workloads.perCallSocket(small, calls);
            workloads.httpResponses(medium, calls / 2);
            workloads.bulkSocket(big);
            workloads.bulkFile(big, work);
        } finally {
            if (dir == null) {
                BenchFiles.deleteTree(work);
            }
        }
        table.print();
        return 0;
    }
}
