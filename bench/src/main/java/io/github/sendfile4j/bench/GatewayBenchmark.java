package io.github.sendfile4j.bench;

import io.github.sendfile4j.FileDescriptors;
import io.github.sendfile4j.Sendfile;
import java.io.IOException;
import java.nio.channels.FileChannel;
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

/**
 * The same calls through each gateway (JDK 22+): the JNI library and the FFM downcalls. Every parameter value
 * runs in a JVM of its own (a JMH fork), which chooses its gateway once, before its first call.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-opens", "java.base/java.io=ALL-UNNAMED",
        "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED"})
public class GatewayBenchmark {
    /** The gateway: "jni" or "ffm". */
    @Param({"jni", "ffm"})
    public String gateway;

    private FileChannel in;
    private FileChannel devNull;
    private int inFd;
    private int outFd;

    /**
     * Chooses the gateway, then opens a 4 KiB file and /dev/null.
     *
     * @throws IOException if a file cannot be opened, or the gateway asked for does not serve
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        System.setProperty("sendfile4j.gateway", gateway);
        String serving = Sendfile.provider().details().get("gateway");
        if (serving == null || !serving.startsWith(gateway + " ")) {
            throw new IllegalStateException("asked for the " + gateway + " gateway, got " + serving + ":\n"
                    + Sendfile.diagnostics());
        }
        in = FileChannel.open(Fixtures.file(4096));
        devNull = FileChannel.open(Paths.get("/dev/null"), StandardOpenOption.WRITE);
        inFd = FileDescriptors.of(in);
        outFd = FileDescriptors.of(devNull);
    }

    /**
     * Closes the file and /dev/null.
     *
     * @throws IOException if a close fails
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        in.close();
        devNull.close();
    }

    /**
     * @return bytes moved by one sendfile of 4 KiB to /dev/null
     * @throws IOException if the call fails
     */
    @Benchmark
    public long sendfile() throws IOException {
        return Sendfile.sendfile(outFd, inFd, 0, 4096);
    }

    /**
     * @return whether the file is in blocking mode: one fcntl(F_GETFL), the cheapest call, so mostly the
     *         cost of reaching the kernel from Java
     * @throws IOException if the call fails
     */
    @Benchmark
    public boolean fcntl() throws IOException {
        return FileDescriptors.isBlocking(inFd);
    }
}
