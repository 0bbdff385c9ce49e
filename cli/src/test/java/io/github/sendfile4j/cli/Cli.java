package io.github.sendfile4j.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the executable jar in a new JVM of the test JDK, as a user would. */
final class Cli {
    final int exit;
    final String out;
    final String err;

    private Cli(int exit, String out, String err) {
        this.exit = exit;
        this.out = out;
        this.err = err;
    }

    static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-jar");
        cmd.add(System.getProperty("cli.jar"));
        cmd.addAll(Arrays.asList(args));
        return cmd;
    }

    static Cli run(String... args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command(args)).start();
        byte[][] err = new byte[1][];
        Thread t = new Thread(() -> {
            try {
                err[0] = p.getErrorStream().readAllBytes();
            } catch (IOException e) {
                err[0] = new byte[0];
            }
        });
        t.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + Arrays.toString(args));
        }
        t.join();
        return new Cli(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err[0], StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
    }
}
