package io.github.sendfile4j.bench;

import io.github.sendfile4j.FileSend;
import io.github.sendfile4j.cli.bench.DiscardingSink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
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
 * An HTTP-style response: header + 16 KiB file + trailer to a non-blocking loopback socket, as an event loop
 * sends it. Run with {@code -prof gc}: {@code gc.alloc.rate.norm} of {@code fileSend} is the allocation per
 * response of {@link FileSend#sendTo} (the send is built once and rewound).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class HttpResponseBenchmark {
    /** Direct buffers are passed by address; heap ones go through the per-thread copy area. */
    @Param({"direct", "heap"})
    public String buffers;

    private FileChannel in;
    private DiscardingSink sink;
    private SocketChannel sender;
    private ByteBuffer header;
    private ByteBuffer trailer;
    private FileSend response;

    /**
     * Opens the file and the sink and builds the response once.
     *
     * @throws IOException if the file or the socket cannot be opened
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        in = FileChannel.open(Fixtures.file(16384));
        sink = new DiscardingSink();
        sender = sink.connect();
        sender.configureBlocking(false);
        byte[] h = "HTTP/1.1 200 OK\r\nContent-Length: 16384\r\nContent-Type: application/octet-stream\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] t = "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        header = buffers.equals("direct") ? ByteBuffer.allocateDirect(h.length).put(h) : ByteBuffer.wrap(h);
        trailer = buffers.equals("direct") ? ByteBuffer.allocateDirect(t.length).put(t) : ByteBuffer.wrap(t);
        header.rewind();
        trailer.rewind();
        response = FileSend.builder(in, 0, 16384).headers(header).trailers(trailer).build();
    }

    /**
     * Closes the file and the sink.
     *
     * @throws IOException if closing fails
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        in.close();
        sink.close();
    }

    /**
     * @return bytes of one response sent with a rewound {@code FileSend}
     * @throws IOException if sending fails
     */
    @Benchmark
    public long fileSend() throws IOException {
        response.rewind();
        while (!response.isDone()) {
            response.sendTo(sender);
        }
        return response.totalBytesSent();
    }

    /**
     * @return bytes of one response sent with write + transferTo + write
     * @throws IOException if sending fails
     */
    @Benchmark
    public long jdkWriteTransferToWrite() throws IOException {
        header.rewind();
        trailer.rewind();
        long n = 0;
        while (header.hasRemaining()) {
            n += sender.write(header);
        }
        for (long p = 0; p < 16384;) {
            long k = in.transferTo(p, 16384 - p, sender);
            p += k;
            n += k;
        }
        while (trailer.hasRemaining()) {
            n += sender.write(trailer);
        }
        return n;
    }
}
