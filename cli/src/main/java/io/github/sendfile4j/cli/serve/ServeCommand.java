package io.github.sendfile4j.cli.serve;

import io.github.sendfile4j.SendFlag;
import io.github.sendfile4j.Sendfile;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A small static HTTP/1.1 server: event loops on non-blocking sockets, cached heads, sendfile for the bodies. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = {
    "Serve DIR over HTTP/1.1 (GET, HEAD, keep-alive, byte ranges, conditional requests) until Ctrl-C or SIGTERM:"
            + " the first stops accepting and lets responses in flight finish (--stop-timeout), a second exits at once.",
    "Lean, as the sendfile4j launcher runs it (under 64 MB resident with 256 connections): java -Xmx16m"
            + " -XX:+UseSerialGC -Xss256k -XX:ReservedCodeCacheSize=16m -XX:MaxMetaspaceSize=24m"
            + " -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -jar sendfile4j.jar serve DIR"})
public final class ServeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The directory to serve; nothing outside it is reachable.")
    Path dir;

    @Option(names = "--port", paramLabel = "N", description = "TCP port; 0 picks a free one (default 8080).")
    int port = 8080;

    @Option(names = "--bind", paramLabel = "ADDR", description = "Address to listen on (default 127.0.0.1).")
    String bind = "127.0.0.1";

    @Option(names = "--threads", paramLabel = "N",
            description = "Event loops sharing the listening socket, like nginx's worker processes (default: the"
                    + " number of processors).")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--max-connections", paramLabel = "N",
            description = "Open connections at most; more wait in the listen queue (default 1024).")
    int maxConnections = 1024;

    @Option(names = "--idle-timeout", paramLabel = "SECONDS",
            description = "Close a connection that moves no byte for this long (default 60).")
    double idleTimeout = 60;

    @Option(names = "--header-timeout", paramLabel = "SECONDS",
            description = "Close a connection whose request head is not complete this long after it began"
                    + " (default 10).")
    double headerTimeout = 10;

    @Option(names = "--disk-threads", paramLabel = "N",
            description = "Threads that wait on the file system so that no event loop does: they open and stat the"
                    + " files not in a loop's cache, and, where the provider honours SF_NODISKIO (Linux 6.5+), read in"
                    + " the next bytes of a send that are not in memory; the loop serves other clients meanwhile. 0"
                    + " does all of it on the loops (default 4).")
    int diskThreads = 4;

    @Option(names = "--access-log", paramLabel = "FILE",
            description = "Where to log each response in the common log format, with its size and time: a file"
                    + " (appended to), '-' for standard output, or 'off' (default '-').")
    String accessLog = "-";

    @Option(names = "--stop-timeout", paramLabel = "SECONDS",
            description = "On Ctrl-C or SIGTERM, how long responses in flight may take to finish before the"
                    + " server exits anyway (default 10).")
    double stopTimeout = 10;

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be 0..65535, was " + port);
        }
        if (threads < 1 || threads > 1024) {
            throw new ParameterException(spec.commandLine(), "--threads must be 1..1024, was " + threads);
        }
        if (diskThreads < 0 || diskThreads > 256) {
            throw new ParameterException(spec.commandLine(), "--disk-threads must be 0..256, was " + diskThreads);
        }
        if (maxConnections < 1) {
            throw new ParameterException(spec.commandLine(), "--max-connections must be >= 1, was " + maxConnections);
        }
        if (!(idleTimeout > 0) || !(headerTimeout > 0)) {
            throw new ParameterException(spec.commandLine(), "--idle-timeout and --header-timeout must be > 0, were "
                    + idleTimeout + " and " + headerTimeout);
        }
        if (!(stopTimeout >= 0)) {
            throw new ParameterException(spec.commandLine(), "--stop-timeout must be >= 0, was " + stopTimeout);
        }
        if (!Files.isDirectory(dir)) {
            throw new NotDirectoryException(dir.toString());
        }
        Path root = dir.toRealPath();
        // Everything that opens descriptors once, in a static initialiser, runs now: the provider (its library)
        // and the JDK's file dispatcher (first used by a channel close). Run later, when clients have used up
        // the descriptor limit, such an initialiser fails with EMFILE and its class stays unusable for good.
        Sendfile.capabilities();
        SocketChannel.open().close();
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(bind, port), 1024);
        server.configureBlocking(false);
        AtomicInteger connections = new AtomicInteger();
        ExecutorService disk = diskThreads > 0 ? Executors.newFixedThreadPool(diskThreads, daemon("serve-disk-")) : null;
        boolean sendsAvoidTheDisk = disk != null && Sendfile.provider().supports(SendFlag.SF_NODISKIO);
        java.io.Writer logFile = accessLogWriter();
        LogWriter logTo = logFile == null ? null : new LogWriter(logFile);
        List<EventLoop> loops = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            loops.add(new EventLoop(Selector.open(), server, root, threads, maxConnections, connections,
                    (long) (idleTimeout * 1e9), (long) (headerTimeout * 1e9), disk, sendsAvoidTheDisk,
                    logTo == null ? null : new AccessLog(logTo)));
        }
        InetSocketAddress local = (InetSocketAddress) server.getLocalAddress();
        spec.commandLine().getOut().println("serving " + root + " on http://" + local.getHostString() + ":"
                + local.getPort() + "/ (Ctrl-C stops)");
        spec.commandLine().getOut().flush();
        CountDownLatch stopped = new CountDownLatch(1);
        StopSignals.install(() -> {
            long deadline = System.nanoTime() + (long) (stopTimeout * 1e9);
            for (EventLoop loop : loops) {
                loop.drain(deadline);
            }
            try {
                server.close(); // new clients are refused, not left in the listen queue
            } catch (IOException e) {
                // already closed: nothing more to refuse
            }
        });
        Thread hook = new Thread(() -> {
            try {
                for (EventLoop loop : loops) {
                    loop.selector.close();
                }
                stopped.await();
            } catch (IOException | InterruptedException ignored) {
                // Exiting anyway.
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            List<Thread> workers = new ArrayList<>();
            for (int i = 1; i < loops.size(); i++) {
                Thread t = new Thread(loops.get(i)::runQuietly, "serve-loop-" + i);
                t.start();
                workers.add(t);
            }
            loops.get(0).run();
            for (Thread t : workers) {
                t.join();
            }
        } finally {
            if (disk != null) {
                disk.shutdownNow();
            }
            server.close();
            if (logTo != null) {
                logTo.close();
            }
            spec.commandLine().getOut().println("stopped");
            spec.commandLine().getOut().flush();
            stopped.countDown();
        }
        return 0;
    }

    /** @return where the access log goes, or {@code null} when it is off */
    private java.io.Writer accessLogWriter() throws IOException {
        if (accessLog.equals("off")) {
            return null;
        }
        if (accessLog.equals("-")) {
            return new java.io.OutputStreamWriter(System.out, java.nio.charset.StandardCharsets.UTF_8);
        }
        return Files.newBufferedWriter(java.nio.file.Paths.get(accessLog), java.nio.charset.StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND,
                java.nio.file.StandardOpenOption.WRITE);
    }

    private static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
