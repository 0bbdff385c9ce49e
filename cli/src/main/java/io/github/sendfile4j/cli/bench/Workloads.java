package io.github.sendfile4j.cli.bench;

import io.github.sendfile4j.FileDescriptors;
import io.github.sendfile4j.FileSend;
import io.github.sendfile4j.Sendfile;
import io.github.sendfile4j.cli.Progress;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;

/** The five workloads of {@code bench}, each a row of contenders for {@link Rounds}. */
final class Workloads {
    private final Rounds rounds;
    private final CBaseline c;

    /**
     * @param rounds measures each workload's contenders
     * @param c      the C contender, or {@code null} where there is none
     */
    Workloads(Rounds rounds, CBaseline c) {
        this.rounds = rounds;
        this.c = c;
    }

    void perCallDevNull(Path small, long calls) throws Exception {
        try (FileChannel in = FileChannel.open(small);
             FileChannel devNull = FileChannel.open(Paths.get("/dev/null"), StandardOpenOption.WRITE)) {
            perCall("4 KiB file -> /dev/null, per call", in, devNull, calls, "devnull", small.toString(),
                    Long.toString(calls));
        }
    }

    void perCallSocket(Path small, long calls) throws Exception {
        try (FileChannel in = FileChannel.open(small); DiscardingSink sink = new DiscardingSink()) {
            perCall("4 KiB file -> loopback socket", in, sink.connect(), calls, "socket", small.toString(),
                    Long.toString(calls), Integer.toString(sink.port()));
        }
    }

    /** 4 KiB per operation from {@code in} to {@code out}, by each contender; {@code cArgs} for the C loop. */
    private void perCall(String title, FileChannel in, WritableByteChannel out, long calls, String... cArgs)
            throws Exception {
        Rounds.Row row = new Rounds.Row(title, "ns/op", calls);
        boolean raw = Sendfile.capabilities().rawDescriptors();
        int inFd = raw ? FileDescriptors.of(in) : -1;
        int outFd = raw ? descriptor(out) : -1;
        ByteBuffer buf = ByteBuffer.allocateDirect(4096);
        row.add("sendfile4j", () -> Rounds.timed(calls, i -> {
            if (raw) {
                Sendfile.sendfile(outFd, inFd, 0, 4096);
            } else {
                Sendfile.transfer(in, 0, 4096, out);
            }
        }));
        row.add("transferTo", () -> Rounds.timed(calls, i -> in.transferTo(0, 4096, out)));
        row.add("read/write", () -> Rounds.timed(calls, i -> {
            buf.clear();
            in.read(buf, 0);
            buf.flip();
            writeFully(out, buf);
        }));
        if (c != null) {
            row.add("C sendfile", () -> c.run(cArgs));
        }
        rounds.measure(row);
    }

    private static int descriptor(WritableByteChannel out) throws IOException {
        return out instanceof FileChannel ? FileDescriptors.of((FileChannel) out) : FileDescriptors.of((SocketChannel) out);
    }

    void httpResponses(Path medium, long calls) throws Exception {
        Rounds.Row row = new Rounds.Row("header + 16 KiB + trailer -> socket", "ns/response", calls);
        try (FileChannel in = FileChannel.open(medium); DiscardingSink sink = new DiscardingSink()) {
            SocketChannel s = sink.connect();
            // An event loop's socket: neither contender waits inside a call; both retry until the sink drains.
            s.configureBlocking(false);
            ByteBuffer header = ByteBuffer.allocateDirect(128);
            header.put("HTTP/1.1 200 OK\r\nContent-Length: 16384\r\nContent-Type: application/octet-stream\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII)).flip();
            ByteBuffer trailer = ByteBuffer.allocateDirect(16);
            trailer.put("\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII)).flip();
            FileSend response = FileSend.builder(in, 0, 16384).headers(header).trailers(trailer).build();
            row.add("sendfile4j FileSend", () -> Rounds.timed(calls, i -> {
                response.rewind();
                while (!response.isDone()) {
                    response.sendTo(s);
                }
            }));
            row.add("write+transferTo+write", () -> Rounds.timed(calls, i -> {
                header.rewind();
                trailer.rewind();
                writeFully(s, header);
                for (long p = 0; p < 16384;) {
                    p += in.transferTo(p, 16384 - p, s);
                }
                writeFully(s, trailer);
            }));
            rounds.measure(row);
        }
    }

    void bulkSocket(Path big) throws Exception {
        long size = Files.size(big);
        Rounds.Row row = new Rounds.Row(Progress.human(size) + " file -> loopback socket", "MB/s", size);
        try (FileChannel in = FileChannel.open(big); DiscardingSink sink = new DiscardingSink()) {
            SocketChannel s = sink.connect();
            ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
            row.add("sendfile4j", () -> Rounds.timed(1, i -> Sendfile.transfer(in, 0, size, s)));
            row.add("transferTo", () -> Rounds.timed(1, i -> {
                for (long p = 0; p < size;) {
                    p += in.transferTo(p, size - p, s);
                }
            }));
            row.add("read/write", () -> Rounds.timed(1, i -> copyLoop(in, size, s, buf)));
            if (c != null) {
                row.add("C sendfile", () -> c.run("socket", big.toString(), "1", Integer.toString(sink.port())));
            }
            rounds.measure(row);
        }
    }

    void bulkFile(Path big, Path work) throws Exception {
        long size = Files.size(big);
        Rounds.Row row = new Rounds.Row(Progress.human(size) + " file -> file", "MB/s", size);
        Path target = work.resolve("copy.bin");
        ByteBuffer buf = ByteBuffer.allocateDirect(1 << 20);
        try (FileChannel in = FileChannel.open(big)) {
            row.add("sendfile4j", () -> Rounds.intoFresh(target, out -> Sendfile.transfer(in, 0, size, out)));
            row.add("transferTo", () -> Rounds.intoFresh(target, out -> {
                for (long p = 0; p < size;) {
                    p += in.transferTo(p, size - p, out);
                }
            }));
            row.add("read/write", () -> Rounds.intoFresh(target, out -> copyLoop(in, size, out, buf)));
            if (c != null) {
                row.add("C copy_file_range", () -> c.run("file", big.toString(), target.toString()));
            }
            rounds.measure(row);
        }
    }

    private static void copyLoop(FileChannel in, long size, WritableByteChannel out, ByteBuffer buf)
            throws IOException {
        for (long p = 0; p < size;) {
            buf.clear();
            int n = in.read(buf, p);
            buf.flip();
            writeFully(out, buf);
            p += n;
        }
    }

    private static void writeFully(WritableByteChannel out, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            out.write(b);
        }
    }
}
