package io.github.sendfile4j.bench;

import io.github.sendfile4j.FileDescriptors;
import io.github.sendfile4j.Sendfile;
import io.github.sendfile4j.cli.bench.DiscardingSink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Paths;
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

/** One 4 KiB file per call, to /dev/null or to a loopback socket: the fixed cost of each way. */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class PerCallBenchmark {
    /** Where the bytes go: "socket" or "devnull". */
    @Param({"devnull", "socket"})
    public String target;

    private FileChannel in;
    private WritableByteChannel out;
    private DiscardingSink sink;
    private SocketChannel sender;
    private int inFd;
    private int outFd;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(4096);

    /**
     * Opens the file and the target.
     *
     * @throws IOException if a file or socket operation fails
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        in = FileChannel.open(Fixtures.file(4096));
        if (target.equals("devnull")) {
            FileChannel devNull = FileChannel.open(Paths.get("/dev/null"), StandardOpenOption.WRITE);
            out = devNull;
            outFd = FileDescriptors.of(devNull);
        } else {
            sink = new DiscardingSink();
            sender = sink.connect();
            out = sender;
            outFd = FileDescriptors.of(sender);
        }
        inFd = FileDescriptors.of(in);
    }

    /**
     * Closes the file and the target.
     *
     * @throws IOException if a file or socket operation fails
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        in.close();
        out.close();
        if (sink != null) {
            sink.close();
        }
    }

    /**
     * @return bytes moved by one raw sendfile call
     * @throws IOException if the call fails
     */
    @Benchmark
    public long sendfile4j() throws IOException {
        return Sendfile.sendfile(outFd, inFd, 0, 4096);
    }

    /**
     * @return bytes moved by one transferTo call
     * @throws IOException if the call fails
     */
    @Benchmark
    public long transferTo() throws IOException {
        return in.transferTo(0, 4096, out);
    }

    /**
     * @return bytes moved by one read and one write
     * @throws IOException if a read or write fails
     */
    @Benchmark
    public long readWrite() throws IOException {
        buf.clear();
        in.read(buf, 0);
        buf.flip();
        long n = 0;
        while (buf.hasRemaining()) {
            n += out.write(buf);
        }
        return n;
    }
}
