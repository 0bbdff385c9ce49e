package io.github.sendfile4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.Pipe;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FileSend's phases and its one account of every byte, on real files, a real pipe and a channel that takes a
 * few bytes a call: paths that need no provider (no socket, no flag), so they run in this module alone.
 */
class FileSendPhasesTest {
    @TempDir
    Path dir;

    private static ByteBuffer ascii(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.US_ASCII));
    }

    /** Takes at most {@code step} bytes a write, and nothing once {@code budget} is used up. */
    private static final class Trickle implements WritableByteChannel {
        final ByteArrayOutputStream got = new ByteArrayOutputStream();
        long budget;
        final int step;

        Trickle(long budget, int step) {
            this.budget = budget;
            this.step = step;
        }

        @Override
        public int write(ByteBuffer src) {
            int n = (int) Math.min(Math.min(step, src.remaining()), budget);
            byte[] b = new byte[n];
            src.get(b);
            got.write(b, 0, n);
            budget -= n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    private byte[] data(int size) throws IOException {
        byte[] d = new byte[size];
        new Random(size).nextBytes(d);
        return d;
    }

    @Test
    void everyByteIsCountedOnceWhicheverPartItCameFrom() throws Exception {
        byte[] d = data(50_000);
        Path f = Files.write(dir.resolve("f"), d);
        try (FileChannel ch = FileChannel.open(f)) {
            FileSend send = FileSend.builder(ch, 100, 40_000).headers(ascii("HEAD"), ascii("ER"))
                    .trailers(ascii("TAIL")).build();
            Trickle t = new Trickle(0, 333);
            long total = 0;
            for (long budget : new long[] {3, 3, 10_000, 0, 30_000, 7}) {
                t.budget += budget;
                long n = send.sendTo(t);
                total += n;
                assertEquals(total, send.totalBytesSent());
                assertEquals(t.got.size(), send.totalBytesSent());
            }
            assertTrue(send.isDone(), send.toString());
            assertEquals(40_000, send.fileBytesSent());
            assertEquals(0, send.headerBytesRemaining());
            assertEquals(0, send.trailerBytesRemaining());
            ByteArrayOutputStream expected = new ByteArrayOutputStream();
            expected.write("HEADER".getBytes(StandardCharsets.US_ASCII));
            expected.write(Arrays.copyOfRange(d, 100, 40_100));
            expected.write("TAIL".getBytes(StandardCharsets.US_ASCII));
            assertArrayEquals(expected.toByteArray(), t.got.toByteArray());
        }
    }

    @Test
    void aRangePastTheEndOfTheFileEndsTheFilePartAndTheTrailersFollow() throws Exception {
        Path f = Files.write(dir.resolve("short"), data(1000));
        try (FileChannel ch = FileChannel.open(f)) {
            FileSend send = FileSend.builder(ch, 900, Sendfile.TO_END_OF_FILE).headers(ascii("H"))
                    .trailers(ascii("T")).build();
            Trickle t = new Trickle(Long.MAX_VALUE, 64);
            assertEquals(102, send.sendTo(t));
            assertTrue(send.isDone());
            assertEquals(100, send.fileBytesSent());
        }
    }

    @Test
    void aFullNonBlockingPipeEndsTheCallAndALaterOneResumesInOrder() throws Exception {
        byte[] d = data(300_000);
        Path f = Files.write(dir.resolve("pipe"), d);
        Pipe pipe = Pipe.open();
        pipe.sink().configureBlocking(false);
        try (FileChannel ch = FileChannel.open(f); Pipe.SinkChannel sink = pipe.sink();
             Pipe.SourceChannel source = pipe.source()) {
            FileSend send = FileSend.builder(ch, 0, d.length).headers(ascii("<<")).trailers(ascii(">>")).build();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            ByteBuffer b = ByteBuffer.allocate(1 << 16);
            int calls = 0;
            while (!send.isDone()) {
                send.sendTo(sink); // never waits: the pipe holds 64 KiB
                calls++;
                b.clear();
                int n = source.read(b);
                got.write(b.array(), 0, Math.max(n, 0));
            }
            sink.close();
            for (int n; (n = source.read((ByteBuffer) b.clear())) > 0;) {
                got.write(b.array(), 0, n);
            }
            assertTrue(calls > 1, "a 64 KiB pipe took 300 kB in one call");
            byte[] all = got.toByteArray();
            assertEquals(d.length + 4, all.length);
            assertEquals("<<", new String(all, 0, 2, StandardCharsets.US_ASCII));
            assertArrayEquals(d, Arrays.copyOfRange(all, 2, 2 + d.length));
            assertEquals(">>", new String(all, 2 + d.length, 2, StandardCharsets.US_ASCII));
        }
    }

    @Test
    void rewindSendsTheSameResponseAgain() throws Exception {
        Path f = Files.write(dir.resolve("again"), data(5000));
        try (FileChannel ch = FileChannel.open(f)) {
            FileSend send = FileSend.builder(ch, 0, 5000).headers(ascii("H")).build();
            Trickle first = new Trickle(Long.MAX_VALUE, 4096);
            send.sendTo(first);
            assertTrue(send.isDone());
            send.rewind();
            assertFalse(send.isDone());
            Trickle second = new Trickle(Long.MAX_VALUE, 4096);
            send.sendTo(second);
            assertArrayEquals(first.got.toByteArray(), second.got.toByteArray());
        }
    }
}
