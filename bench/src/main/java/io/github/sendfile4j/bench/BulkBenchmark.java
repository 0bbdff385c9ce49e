package io.github.sendfile4j.bench;

import io.github.sendfile4j.Sendfile;
import io.github.sendfile4j.cli.bench.DiscardingSink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** A large file to a loopback socket or to another file: throughput, no per-call cost. */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 7)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class BulkBenchmark {
    /** Where the bytes go: "socket" or "file". */
    @Param({"socket", "file"})
    public String target;

    /** The file size in bytes. */
    @Param({"268435456"})
    public long size;

    private FileChannel in;
    private DiscardingSink sink;
    private SocketChannel sender;
    private Path copy;
    private WritableByteChannel out;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);

    /**
     * Creates the source file and the sink.
     *
     * @throws IOException if a file or socket operation fails
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        in = FileChannel.open(Fixtures.file(size));
        if (target.equals("socket")) {
            sink = new DiscardingSink();
            sender = sink.connect();
        } else {
            copy = Files.createTempFile("sendfile4j-bench-copy", ".bin");
            copy.toFile().deleteOnExit();
        }
    }

    /**
     * A fresh target file for each invocation.
     *
     * @throws IOException if a file or socket operation fails
     */
    @Setup(Level.Invocation)
    public void target() throws IOException {
        out = sink != null ? sender
                : FileChannel.open(copy, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    /**
     * Closes the target file of the invocation.
     *
     * @throws IOException if a file or socket operation fails
     */
    @TearDown(Level.Invocation)
    public void closeTarget() throws IOException {
        if (sink == null) {
            out.close();
        }
    }

    /**
     * Closes the source and the sink.
     *
     * @throws IOException if a file or socket operation fails
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        in.close();
        if (sink != null) {
            sink.close();
        }
    }

    /**
     * @return bytes sent with {@code Sendfile.transfer}
     * @throws IOException if the transfer fails
     */
    @Benchmark
    public long sendfile4j() throws IOException {
        return Sendfile.transfer(in, 0, size, out);
    }

    /**
     * @return bytes sent with {@code FileChannel.transferTo}
     * @throws IOException if the transfer fails
     */
    @Benchmark
    public long transferTo() throws IOException {
        long p = 0;
        while (p < size) {
            p += in.transferTo(p, size - p, out);
        }
        return p;
    }

    /**
     * @return bytes copied through a direct buffer
     * @throws IOException if a read or write fails
     */
    @Benchmark
    public long readWrite() throws IOException {
        long p = 0;
        while (p < size) {
            buf.clear();
            int n = in.read(buf, p);
            buf.flip();
            while (buf.hasRemaining()) {
                out.write(buf);
            }
            p += n;
        }
        return p;
    }
}
