package io.github.sendfile4j.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** A small static HTTP/1.1 server: event loops on non-blocking sockets, cached heads, sendfile for the bodies. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve DIR over HTTP/1.1 (GET, HEAD, keep-alive) until Ctrl-C.")
final class ServeCommand implements Callable<Integer> {
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

    @Override
    public Integer call() throws Exception {
        if (port < 0 || port > 65535) {
            throw new ParameterException(spec.commandLine(), "--port must be 0..65535, was " + port);
        }
        if (threads < 1 || threads > 1024) {
            throw new ParameterException(spec.commandLine(), "--threads must be 1..1024, was " + threads);
        }
        if (maxConnections < 1) {
            throw new ParameterException(spec.commandLine(), "--max-connections must be >= 1, was " + maxConnections);
        }
        if (!(idleTimeout > 0) || !(headerTimeout > 0)) {
            throw new ParameterException(spec.commandLine(), "--idle-timeout and --header-timeout must be > 0, were "
                    + idleTimeout + " and " + headerTimeout);
        }
        if (!Files.isDirectory(dir)) {
            throw new java.nio.file.NotDirectoryException(dir.toString());
        }
        Path root = dir.toRealPath();
        // Everything that opens descriptors once, in a static initialiser, runs now: the provider (its library)
        // and the JDK's file dispatcher (first used by a channel close). Run later, when clients have used up
        // the descriptor limit, such an initialiser fails with EMFILE and its class stays unusable for good.
        io.github.sendfile4j.Sendfile.capabilities();
        java.nio.channels.SocketChannel.open().close();
        ServerSocketChannel server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(bind, port), 1024);
        server.configureBlocking(false);
        AtomicInteger connections = new AtomicInteger();
        List<Loop> loops = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            loops.add(new Loop(Selector.open(), server, root, threads, maxConnections, connections,
                    (long) (idleTimeout * 1e9), (long) (headerTimeout * 1e9)));
        }
        InetSocketAddress local = (InetSocketAddress) server.getLocalAddress();
        spec.commandLine().getOut().println("serving " + root + " on http://" + local.getHostString() + ":"
                + local.getPort() + "/ (Ctrl-C stops)");
        spec.commandLine().getOut().flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            try {
                for (Loop loop : loops) {
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
            server.close();
            spec.commandLine().getOut().println("stopped");
            spec.commandLine().getOut().flush();
            stopped.countDown();
        }
        return 0;
    }

    /**
     * One event loop; several share the listening socket, each with its own selector, connections and
     * {@link ResponseCache}, so they share nothing on the request path. Nothing a client sends may stop it:
     * every failure of one connection closes that connection only. Running out of descriptors (EMFILE)
     * pauses accepting for a moment instead of ending the server, as nginx does; so does reaching the
     * connection cap (counted over all loops), until a connection closes.
     */
    static final class Loop {
        static final long ACCEPT_BACKOFF_NANOS = 100_000_000L;
        static final long SWEEP_NANOS = 250_000_000L;

        final Selector selector;
        private final ServerSocketChannel server;
        private final SelectionKey acceptKey;
        private final ResponseCache cache;
        private final HeadBudget headBudget;
        private final int maxConnections;
        private final AtomicInteger connections;
        private final long idleNanos;
        private final long headerNanos;
        private final Set<SelectionKey> open = new HashSet<>();
        private long acceptPausedUntil;

        Loop(Selector selector, ServerSocketChannel server, Path root, int loops, int maxConnections,
                AtomicInteger connections, long idleNanos, long headerNanos) throws ClosedChannelException {
            this.selector = selector;
            this.server = server;
            this.acceptKey = server.register(selector, SelectionKey.OP_ACCEPT);
            this.cache = new ResponseCache(root);
            this.headBudget = new HeadBudget(loops);
            this.maxConnections = maxConnections;
            this.connections = connections;
            this.idleNanos = idleNanos;
            this.headerNanos = headerNanos;
        }

        void runQuietly() {
            try {
                run();
            } catch (IOException e) {
                System.err.println("sendfile4j serve: " + Thread.currentThread().getName() + " stopped: " + e);
            }
        }

        void run() throws IOException {
            try {
                long nextSweep = System.nanoTime() + SWEEP_NANOS;
                while (selector.isOpen()) {
                    selector.select(SWEEP_NANOS / 1_000_000);
                    long now = System.nanoTime();
                    Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                    while (it.hasNext()) {
                        SelectionKey key = it.next();
                        it.remove();
                        if (!key.isValid()) {
                            continue;
                        }
                        if (key == acceptKey) {
                            accept(now);
                        } else {
                            serve(key, now);
                        }
                    }
                    if (now - nextSweep >= 0) {
                        sweep(now);
                        nextSweep = now + SWEEP_NANOS;
                    }
                    resumeAccepting(now);
                }
            } catch (ClosedSelectorException stopping) {
                // Ctrl-C: the shutdown hook closed the selector.
            } finally {
                for (SelectionKey key : open) {
                    ((HttpConnection) key.attachment()).close();
                }
                cache.close();
            }
        }

        private void accept(long now) {
            while (connections.get() < maxConnections) {
                SocketChannel c;
                try {
                    c = server.accept();
                } catch (IOException e) {
                    // EMFILE/ENFILE/ENOBUFS: the connection stays queued in the kernel; try again shortly.
                    acceptKey.interestOps(0);
                    acceptPausedUntil = now + ACCEPT_BACKOFF_NANOS;
                    return;
                }
                if (c == null) {
                    return; // none left, or another loop took it
                }
                connections.incrementAndGet();
                try {
                    c.configureBlocking(false);
                    HttpConnection conn = new HttpConnection(c, cache, headBudget);
                    conn.waitingSince = now;
                    conn.waitingForHead = true;
                    open.add(c.register(selector, SelectionKey.OP_READ, conn));
                } catch (IOException e) {
                    connections.decrementAndGet();
                    closeQuietly(c);
                }
            }
            acceptKey.interestOps(0);
        }

        private void resumeAccepting(long now) {
            if (acceptKey.interestOps() == 0 && connections.get() < maxConnections && now - acceptPausedUntil >= 0) {
                acceptKey.interestOps(SelectionKey.OP_ACCEPT);
            }
        }

        private void serve(SelectionKey key, long now) {
            HttpConnection conn = (HttpConnection) key.attachment();
            boolean keep;
            try {
                keep = key.isWritable() ? conn.onWritable() : conn.onReadable();
            } catch (IOException | RuntimeException e) {
                keep = false;
            }
            if (!keep) {
                close(key);
                return;
            }
            int ops = conn.writing() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ;
            if (key.interestOps() != ops) {
                key.interestOps(ops);
            }
            boolean head = conn.readingHead();
            if (!(head && conn.waitingForHead)) {
                conn.waitingSince = now; // progress: a new head began, a response moved, or the connection went idle
            }
            conn.waitingForHead = head;
        }

        /** Closes connections whose request head took too long, or that moved nothing for too long. */
        private void sweep(long now) {
            Iterator<SelectionKey> it = open.iterator();
            while (it.hasNext()) {
                SelectionKey key = it.next();
                HttpConnection conn = (HttpConnection) key.attachment();
                if (now - conn.waitingSince >= (conn.waitingForHead ? headerNanos : idleNanos)) {
                    conn.close();
                    key.cancel();
                    it.remove();
                    connections.decrementAndGet();
                }
            }
        }

        private void close(SelectionKey key) {
            ((HttpConnection) key.attachment()).close();
            key.cancel();
            if (open.remove(key)) {
                connections.decrementAndGet();
            }
        }

        private static void closeQuietly(SocketChannel c) {
            try {
                c.close();
            } catch (IOException ignored) {
                // Nothing to tell the client we could not take.
            }
        }
    }
}
