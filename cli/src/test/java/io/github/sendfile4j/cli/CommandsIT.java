package io.github.sendfile4j.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** info, copy, send and bench, each run as a separate process on real files and sockets. */
class CommandsIT {
    @TempDir
    Path dir;

    static byte[] random(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    @Test
    void infoNamesPlatformProvidersLibraryAndJdk() throws Exception {
        Cli r = Cli.run("info");
        assertEquals(0, r.exit, r.toString());
        assertTrue(r.out.contains("platform: "), r.out);
        assertTrue(r.out.contains("fallback: "), r.out);
        assertTrue(r.out.contains("jdk: "), r.out);
        if (System.getProperty("os.name").equals("Linux")) {
            assertTrue(r.out.contains("provider: linux"), r.out);
            assertTrue(r.out.matches("(?s).*library.sha256: [0-9a-f]{64}.*"), r.out);
        }
    }

    @Test
    void copyCopiesExactlyAndSaysHowMuch() throws Exception {
        byte[] data = random(3_000_000);
        Path src = Files.write(dir.resolve("src.bin"), data);
        Path dst = dir.resolve("dst.bin");
        Files.write(dst, new byte[5_000_000]);
        Cli r = Cli.run("copy", src.toString(), dst.toString());
        assertEquals(0, r.exit, r.toString());
        assertEquals("3000000 bytes sent\n", r.out, "one plain line when stdout is not a terminal");
        assertArrayEquals(data, Files.readAllBytes(dst), "DST is truncated and holds exactly SRC");
        Cli part = Cli.run("copy", src.toString(), dst.toString(), "--offset", "1000", "--count", "2345");
        assertEquals(0, part.exit, part.toString());
        assertEquals("2345 bytes sent\n", part.out);
        assertArrayEquals(Arrays.copyOfRange(data, 1000, 3345), Files.readAllBytes(dst));
        Cli past = Cli.run("copy", src.toString(), dst.toString(), "--offset", "9999999");
        assertEquals("0 bytes sent\n", past.out, past.toString());
    }

    @Test
    void ioErrorsAreOneLineWithFileAndErrnoAndExit1() throws Exception {
        Path missing = dir.resolve("missing.bin");
        Cli r = Cli.run("copy", missing.toString(), dir.resolve("x").toString());
        assertEquals(1, r.exit, r.toString());
        assertEquals(1, r.err.trim().split("\n").length, r.err);
        assertTrue(r.err.contains(missing.toString()) && r.err.contains("ENOENT"), r.err);
        assertFalse(Files.exists(dir.resolve("x")), "no output file for a failed source");
        Cli debug = Cli.run("copy", missing.toString(), dir.resolve("x").toString(), "--debug");
        assertEquals(1, debug.exit);
        assertTrue(debug.err.contains("\tat "), "--debug prints the stack trace: " + debug.err);
        Cli dirAsSource = Cli.run("copy", dir.toString(), dir.resolve("y").toString());
        assertEquals(1, dirAsSource.exit, dirAsSource.toString());
        assertTrue(dirAsSource.err.contains("EISDIR"), dirAsSource.err);
        Path src = Files.write(dir.resolve("s"), new byte[10]);
        Cli noDir = Cli.run("copy", src.toString(), dir.resolve("no/such/dir/f").toString());
        assertEquals(1, noDir.exit, noDir.toString());
        assertTrue(noDir.err.contains("ENOENT"), noDir.err);
    }

    @Test
    void badUsageShowsUsageOnStderrAndExits2() throws Exception {
        for (String[] args : new String[][] {{}, {"copy"}, {"copy", "a"}, {"nonsense"}, {"copy", "a", "b", "--offset", "x"},
            {"copy", "a", "b", "--offset", "-1"}, {"send", "f", "nohostport"}, {"serve", "d", "--port", "70000"},
            {"serve", "d", "--threads", "0"},
            {"copy", "a", "b", "--bogus"}}) {
            Cli r = Cli.run(args);
            assertEquals(2, r.exit, Arrays.toString(args) + "\n" + r);
            assertTrue(r.err.contains("Usage:"), Arrays.toString(args) + "\n" + r.err);
            assertEquals("", r.out, Arrays.toString(args));
        }
    }

    @Test
    void sendDeliversHeaderFileTrailerOverTcp() throws Exception {
        byte[] data = random(2_000_000);
        Path src = Files.write(dir.resolve("send.bin"), data);
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            CompletableFuture<byte[]> got = CompletableFuture.supplyAsync(() -> {
                try (Socket s = server.accept(); InputStream in = s.getInputStream()) {
                    return in.readAllBytes();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            Cli r = Cli.run("send", src.toString(), "127.0.0.1:" + server.getLocalPort(), "--header", "HEAD:",
                    "--trailer", ":TAIL");
            assertEquals(0, r.exit, r.toString());
            assertEquals((data.length + 10) + " bytes sent\n", r.out);
            ByteArrayOutputStream want = new ByteArrayOutputStream();
            want.writeBytes("HEAD:".getBytes());
            want.writeBytes(data);
            want.writeBytes(":TAIL".getBytes());
            assertArrayEquals(want.toByteArray(), got.get(60, TimeUnit.SECONDS));
        }
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Cli refused = Cli.run("send", src.toString(), "127.0.0.1:" + closedPort);
        assertEquals(1, refused.exit, refused.toString());
        assertTrue(refused.err.contains("ECONNREFUSED"), refused.err);
    }

    @Test
    void benchSmokeRunsEveryContender() throws Exception {
        Cli r = Cli.run("bench", "--smoke", "--dir", dir.resolve("bench").toString());
        assertEquals(0, r.exit, r.toString());
        for (String s : new String[] {"/dev/null", "loopback socket", "header + 16 KiB", "file -> file", "transferTo",
            "read/write", "vs sendfile4j"}) {
            assertTrue(r.out.contains(s), s + "\n" + r.out);
        }
    }

    @Test
    void copyOntoItselfIsRefusedAndTheSourceIsUntouched() throws Exception {
        byte[] data = random(100_000);
        Path a = Files.write(dir.resolve("a.bin"), data);
        Path link = Files.createSymbolicLink(dir.resolve("link.bin"), a);
        Path hard = Files.createLink(dir.resolve("hard.bin"), a);
        for (Path dst : new Path[] {a, link, hard}) {
            Cli r = Cli.run("copy", a.toString(), dst.toString());
            assertEquals(1, r.exit, r.toString());
            assertTrue(r.err.contains("same file"), r.err);
            assertArrayEquals(data, Files.readAllBytes(a), "the source was changed by copy onto " + dst);
        }
    }

    @Test
    void aCopyThatFailsLeavesNoPartialDestination() throws Exception {
        Path mnt = Files.createDirectory(dir.resolve("small"));
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mnt.toString())
                .inheritIO().start();
        org.junit.jupiter.api.Assumptions.assumeTrue(mount.waitFor() == 0, "needs root to mount a small tmpfs");
        try {
            Path src = Files.write(dir.resolve("big.bin"), random(3_000_000));
            Path dst = mnt.resolve("big.bin");
            Cli r = Cli.run("copy", src.toString(), dst.toString());
            assertEquals(1, r.exit, r.toString());
            assertTrue(r.err.contains("ENOSPC"), r.err);
            try (java.util.stream.Stream<Path> left = Files.list(mnt)) {
                assertEquals(0, left.count(), "a partial destination or temporary file was left behind");
            }
            Path old = Files.write(mnt.resolve("old.bin"), "previous".getBytes());
            Cli again = Cli.run("copy", src.toString(), old.toString());
            assertEquals(1, again.exit, again.toString());
            assertEquals("previous", new String(Files.readAllBytes(old)), "a failed copy must keep the old DST");
        } finally {
            new ProcessBuilder("umount", mnt.toString()).inheritIO().start().waitFor();
        }
    }

    @Test
    void everyCommandHasHelpThatExitsZeroAndThereIsACompletionScript() throws Exception {
        for (String c : new String[] {"info", "copy", "send", "serve", "bench", "help", "completion", "man"}) {
            Cli r = Cli.run(c, "--help");
            assertEquals(0, r.exit, c + "\n" + r);
            assertTrue(r.out.contains("Usage: sendfile4j " + c + " "), c + "\n" + r.out);
        }
        Cli help = Cli.run("help", "send");
        assertEquals(0, help.exit, help.toString());
        assertTrue(help.out.contains("HOST:PORT") && help.out.contains("Where to connect"), help.out);
        Cli version = Cli.run("--version");
        assertEquals("sendfile4j " + System.getProperty("cli.version") + "\n", version.out, version.toString());
        Cli man = Cli.run("man");
        assertEquals(0, man.exit, man.toString());
        assertTrue(man.out.startsWith(".TH SENDFILE4J 1"), man.out);
        for (String c : new String[] {"info", "copy", "send", "serve", "bench"}) {
            assertTrue(man.out.contains(".SS " + c + "\n"), "man page lacks " + c);
        }
        assertTrue(man.out.contains("\\-\\-max\\-connections") && man.out.contains("HOST:PORT"), man.out);
        Cli completion = Cli.run("completion");
        assertEquals(0, completion.exit, completion.toString());
        assertTrue(completion.out.contains("complete -F") && completion.out.contains("serve"), completion.out);
    }

    @Test
    void networkErrorsNameTheHostOrTheAddress() throws Exception {
        Path src = Files.write(dir.resolve("f"), new byte[10]);
        Cli unknown = Cli.run("send", src.toString(), "no-such-host.invalid:80");
        assertEquals(1, unknown.exit, unknown.toString());
        assertTrue(unknown.err.contains("no-such-host.invalid") && unknown.err.contains("UnresolvedAddressException"),
                unknown.err);
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Cli refused = Cli.run("send", src.toString(), "127.0.0.1:" + closedPort);
        assertEquals(1, refused.exit, refused.toString());
        assertTrue(refused.err.contains("127.0.0.1:" + closedPort) && refused.err.contains("ECONNREFUSED"), refused.err);
    }
}
