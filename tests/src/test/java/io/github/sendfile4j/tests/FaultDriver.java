package io.github.sendfile4j.tests;

import io.github.sendfile4j.FileDescriptors;
import io.github.sendfile4j.SendFlag;
import io.github.sendfile4j.SendOptions;
import io.github.sendfile4j.Sendfile;
import io.github.sendfile4j.SendfileCalls;
import io.github.sendfile4j.SendfileException;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;

/**
 * Child-JVM main run under a fault-injecting layer (tests/src/test/c/fault_inject.c on Linux, the seeded
 * kernel models of bsd_kernel_model.c for FreeBSD and macOS): random raw sendfile calls with headers and
 * trailers, on blocking and non-blocking sockets, transfers to a socket and transfers to a file, each checked
 * against the model of the contract: what arrived equals the bytes the result (or the exception's
 * {@code bytesSent()}) and the buffers' positions account for, in order, nothing lost or duplicated.
 * Prints the gateway that served and {@code ops=N} and exits 0, or prints the first mismatch and exits 1.
 */
public final class FaultDriver {
    static byte[] file;
    static Loopback lo;
    static int out;
    static int in;
    /** The JVM's provider, or the one under test named by the fourth argument (a kernel model). */
    static SendfileCalls calls;

    public static void main(String[] args) throws Exception {
        calls = args.length > 3 ? Providers.named(args[3]).calls() : Sendfile.calls();
        Path path = Paths.get(args[0]);
        int ops = Integer.parseInt(args[1]);
        Random random = new Random(Long.parseLong(args[2]));
        file = Files.readAllBytes(path);
        lo = Loopback.open();
        lo.receiver.configureBlocking(false);
        Path copy = path.resolveSibling("copy.bin");
        try (FileChannel src = FileChannel.open(path)) {
            out = FileDescriptors.of(lo.sender);
            in = FileDescriptors.of(src);
            for (int i = 0; i < ops; i++) {
                // Non-blocking targets too: partial counts beside EAGAIN are where the BSD kernels differ.
                lo.sender.configureBlocking(random.nextInt(4) != 0);
                int kind = random.nextInt(3);
                String what = kind == 0 ? raw(random) : kind == 1 ? toSocket(random, src) : toFile(random, src, copy);
                if (what != null) {
                    System.out.println("MISMATCH at op " + i + ": " + what);
                    System.exit(1);
                }
            }
        }
        System.out.println("gateway=" + calls.provider().details().get("gateway"));
        System.out.println("ops=" + ops);
        System.exit(0);
    }

    static ByteBuffer[] buffers(Random random, String name) {
        ByteBuffer[] b = new ByteBuffer[random.nextInt(3)];
        for (int i = 0; i < b.length; i++) {
            byte[] bytes = (name + i + ":" + "x".repeat(random.nextInt(300))).getBytes();
            b[i] = random.nextBoolean() ? ByteBuffer.wrap(bytes) : ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        }
        return b;
    }

    static byte[] consumed(ByteBuffer[] bufs) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        for (ByteBuffer b : bufs) {
            ByteBuffer d = b.duplicate().flip();
            byte[] a = new byte[d.remaining()];
            d.get(a);
            o.writeBytes(a);
        }
        return o.toByteArray();
    }

    static String raw(Random random) throws Exception {
        int offset = random.nextInt(file.length + 100);
        int count = random.nextInt(40_000);
        ByteBuffer[] headers = buffers(random, "H");
        ByteBuffer[] trailers = buffers(random, "T");
        long total;
        SendOptions.Builder options = SendOptions.builder().headers(headers).trailers(trailers);
        if (calls.provider().supports(SendFlag.SF_NODISKIO) && random.nextBoolean()) {
            options.flags(SendFlag.SF_NODISKIO); // FreeBSD may then answer EBUSY after progress
        }
        try {
            total = calls.sendfile(out, in, offset, count, options.build());
        } catch (SendfileException e) {
            total = e.bytesSent();
        }
        byte[] h = consumed(headers);
        byte[] t = consumed(trailers);
        long fileSent = total - h.length - t.length;
        int available = Math.max(0, Math.min(count, file.length - offset));
        if (fileSent < 0 || fileSent > available || (t.length > 0 && fileSent < available)) {
            return "raw: total " + total + " headers " + h.length + " trailers " + t.length + " file " + fileSent
                    + " of " + available;
        }
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.writeBytes(h);
        expected.write(file, Math.min(offset, file.length), (int) fileSent);
        expected.writeBytes(t);
        return compare("raw", expected.toByteArray());
    }

    static String toSocket(Random random, FileChannel src) throws Exception {
        int position = random.nextInt(file.length);
        int count = random.nextInt(60_000);
        long sent;
        try {
            sent = calls.transfer(src, position, count, lo.sender);
            if (sent != Math.min(count, file.length - position)) {
                return "transfer returned " + sent + " for " + count + " at " + position;
            }
        } catch (SendfileException e) {
            sent = e.bytesSent();
        }
        return compare("transfer", Arrays.copyOfRange(file, position, position + (int) sent));
    }

    static String toFile(Random random, FileChannel src, Path copy) throws Exception {
        int position = random.nextInt(file.length);
        int count = random.nextInt(60_000);
        long sent;
        try (FileChannel target = FileChannel.open(copy, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            try {
                sent = calls.transfer(src, position, count, target);
                if (sent != Math.min(count, file.length - position)) {
                    return "file transfer returned " + sent + " for " + count + " at " + position;
                }
            } catch (SendfileException e) {
                sent = e.bytesSent();
            }
            if (target.position() != sent) {
                return "file transfer: target position " + target.position() + " after " + sent;
            }
        }
        byte[] got = Files.readAllBytes(copy);
        byte[] want = Arrays.copyOfRange(file, position, position + (int) sent);
        return Arrays.equals(got, want) ? null : "file transfer: content differs (" + got.length + " vs " + sent + ")";
    }

    /** Reads exactly what is expected, then checks nothing more arrived. */
    static String compare(String what, byte[] expected) throws Exception {
        ByteBuffer got = ByteBuffer.allocate(expected.length + 1);
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (got.position() < expected.length && System.nanoTime() < deadline) {
            if (lo.receiver.read(got) == 0) {
                Thread.onSpinWait();
            }
        }
        if (got.position() == expected.length) {
            Thread.sleep(0, 1000);
            lo.receiver.read(got);
        }
        byte[] a = Arrays.copyOf(got.array(), got.position());
        return Arrays.equals(a, expected) ? null
                : what + ": peer got " + a.length + " bytes, model says " + expected.length
                        + (a.length == expected.length ? " (content differs)" : "");
    }
}
