package io.github.sendfile4j.tests;

import io.github.sendfile4j.FileDescriptors;
import io.github.sendfile4j.SendFlag;
import io.github.sendfile4j.SendOptions;
import io.github.sendfile4j.Sendfile;
import io.github.sendfile4j.SendfileException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A child-JVM main that calls every native once (success and error paths) and prints the diagnostics. */
public final class ExerciseNatives {
    public static void main(String[] args) throws Exception {
        System.out.print(Sendfile.diagnostics());
        Path dir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("sf4j-exercise");
        Path src = Files.write(dir.resolve("src"), new byte[100_000]);
        try (FileChannel in = FileChannel.open(src); Loopback lo = Loopback.open();
             FileChannel out = FileChannel.open(dir.resolve("dst"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            boolean raw = Sendfile.capabilities().rawDescriptors();
            if (raw) {
                int s = FileDescriptors.of(lo.sender);
                int f = FileDescriptors.of(in);
                Sendfile.sendfile(s, f, 0, 1000);
                Sendfile.sendfile(s, f, 10);
                Sendfile.sendfile(s, f, 0, 100, SendOptions.builder()
                        .headers(ByteBuffer.wrap(new byte[3]), ByteBuffer.allocateDirect(4))
                        .trailers(ByteBuffer.wrap(new byte[5]).asReadOnlyBuffer())
                        .flags(SendFlag.SF_NOCACHE).build());
                FileDescriptors.setBlocking(s, false);
                FileDescriptors.setBlocking(s, true);
                FileDescriptors.isBlocking(s);
                FileDescriptors.of(new java.io.FileInputStream(src.toFile()).getFD());
                try {
                    Sendfile.sendfile(999_999, f, 0, 1);
                } catch (SendfileException expected) {
                    System.out.println("error path: " + expected.errnoName());
                }
            }
            Sendfile.transfer(in, 0, 100_000, out);
            var all = lo.readAllAsync();
            Sendfile.transfer(in, 0, 100_000, lo.sender);
            lo.sender.shutdownOutput();
            System.out.println("received " + all.get().length);
        }
        // Whether this process mapped a sendfile4j library: the FFM gateway must not.
        System.out.println("library mapped: " + Files.readString(Path.of("/proc/self/maps")).contains("libsendfile4j"));
        System.out.println("EXERCISED");
    }
}
