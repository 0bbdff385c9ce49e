package io.github.sendfile4j.cli.serve;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One event loop; several share the listening socket, each with its own selector, connections and
 * {@link ResponseCache}, so they share nothing on the request path. Nothing a client sends may stop it:
 * every failure of one connection closes that connection only. Running out of descriptors (EMFILE)
 * pauses accepting for a moment instead of ending the server, as nginx does; so does reaching the
 * connection cap (counted over all loops), until a connection closes.
 */
final class EventLoop {
    static final long ACCEPT_BACKOFF_NANOS = 100_000_000L;
    static final long SWEEP_NANOS = 250_000_000L;

    final Selector selector;
    private final ServerSocketChannel server;
    private final SelectionKey acceptKey;
    private final ResponseCache cache;
    private final HeadBudget headBudget;
    private final BufferPool buffers = new BufferPool(HttpConnection.FIRST_REQUEST_BUFFER);
    private final RequestHead parser = new RequestHead();
    private final int maxConnections;
    private final AtomicInteger connections;
    private final long idleNanos;
    private final long headerNanos;
    private final Set<SelectionKey> open = new HashSet<>();
    /** Where lookups and reads wait for the file system, or {@code null}: the loop then waits itself. */
    private final Executor disk;
    /** Whether sends go with SF_NODISKIO and hand their reads to {@link #disk}. */
    private final boolean sendsAvoidTheDisk;
    /** Connections whose lookup or read-ahead finished, handed back by the disk threads. */
    private final Queue<SelectionKey> backFromDisk = new ConcurrentLinkedQueue<>();
    private long acceptPausedUntil;
    /** Connections one wake-up accepts at most. */
    private final int acceptBatch;
    /** This loop's access log, or {@code null}. */
    private final AccessLog log;
    /** Set by {@link #drain}: stop accepting, finish the responses in flight, end by this time. */
    private volatile boolean draining;
    private volatile long drainDeadline;

    EventLoop(Selector selector, ServerSocketChannel server, Path root, int loops, int maxConnections,
            AtomicInteger connections, long idleNanos, long headerNanos, Executor disk, boolean sendsAvoidTheDisk,
            AccessLog log)
            throws ClosedChannelException {
        this.selector = selector;
        this.log = log;
        this.server = server;
        this.acceptKey = server.register(selector, SelectionKey.OP_ACCEPT);
        this.disk = disk;
        this.acceptBatch = loops > 1 ? 1 : 64;
        this.sendsAvoidTheDisk = sendsAvoidTheDisk;
        this.cache = new ResponseCache(root, disk, selector::wakeup);
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
                try {
                    if (turn(nextSweep)) {
                        nextSweep = System.nanoTime() + SWEEP_NANOS;
                    }
                } catch (OutOfMemoryError e) {
                    shed(System.nanoTime()); // whatever was being done is dropped; the loop goes on
                }
                if (draining && drained(System.nanoTime())) {
                    break;
                }
            }
        } catch (ClosedSelectorException stopping) {
            // Ctrl-C: the shutdown hook closed the selector.
        } finally {
            for (SelectionKey key : open) {
                ((HttpConnection) key.attachment()).close();
            }
            cache.close();
            if (log != null) {
                log.flush();
            }
        }
    }

    /**
     * One turn of the loop: wait for events, serve them and the connections back from the disk, and sweep the
     * ones that took too long once {@code nextSweep} has come.
     *
     * @return whether it swept
     */
    private boolean turn(long nextSweep) throws IOException {
        selector.select(SWEEP_NANOS / 1_000_000);
        long now = System.nanoTime();
        cache.clock.tick(System.currentTimeMillis());
        cache.applyRevalidations();
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
                serve(key, now, false);
            }
        }
        for (SelectionKey key; (key = backFromDisk.poll()) != null;) {
            if (key.isValid()) {
                serve(key, now, true);
            } else {
                ((HttpConnection) key.attachment()).discardLookup(); // closed meanwhile: close what it opened
            }
        }
        if (log != null) {
            log.flush();
        }
        if (!draining) {
            resumeAccepting(now);
        }
        if (now - nextSweep >= 0) {
            sweep(now);
            return true;
        }
        return false;
    }

    /**
     * A graceful stop: from now on no connection is accepted, idle ones are closed, and those in the middle of a
     * response close when it ends; the loop ends when none is left, or at the deadline.
     *
     * @param deadline System.nanoTime() by which the loop ends even with responses in flight
     */
    void drain(long deadline) {
        drainDeadline = deadline;
        draining = true;
        selector.wakeup();
    }

    /** @return whether the loop may end: nothing left in flight, or the deadline passed */
    private boolean drained(long now) {
        if (acceptKey.isValid()) {
            acceptKey.cancel();
        }
        Iterator<SelectionKey> it = open.iterator();
        while (it.hasNext()) {
            SelectionKey key = it.next();
            HttpConnection conn = (HttpConnection) key.attachment();
            if (!conn.writing()) {
                conn.close();
                key.cancel();
                it.remove();
                connections.decrementAndGet();
            }
        }
        return open.isEmpty() || now - drainDeadline >= 0;
    }

    private void accept(long now) {
        // With several loops, one connection per wake-up, as nginx's workers take them (multi_accept off): a loop
        // that took a whole burst would serve it alone while the others idle, and its clients would wait.
        for (int taken = 0; taken < acceptBatch && connections.get() < maxConnections; taken++) {
            SocketChannel c;
            try {
                c = server.accept();
            } catch (IOException e) {
                if (!acceptKey.isValid()) {
                    return; // the listening socket was closed: a graceful stop began
                }
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
                // As nginx's tcp_nodelay: a response's last small segment (a multipart's closing boundary, a
                // short trailer) must not wait for the client's delayed ACK; the head still shares packets with
                // the body through MSG_MORE.
                c.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
                HttpConnection conn = new HttpConnection(c, cache, headBudget, buffers, parser, now, disk != null,
                        sendsAvoidTheDisk, log);
                open.add(c.register(selector, SelectionKey.OP_READ, conn));
            } catch (IOException e) {
                connections.decrementAndGet();
                closeQuietly(c);
            } catch (OutOfMemoryError e) {
                connections.decrementAndGet();
                closeQuietly(c);
                shed(now);
                return;
            }
        }
        if (connections.get() >= maxConnections) {
            acceptKey.interestOps(0); // until a connection closes (resumeAccepting)
        }
    }

    /**
     * The heap ran out while serving a connection: that connection is closed (the caller does it) and no new
     * one is accepted for {@link #SHED_NANOS}, so the server sheds load instead of dying of it; the connections
     * it has go on. Said on stderr at most once in that time, from a message made in advance.
     */
    private void shed(long now) {
        if (acceptKey.isValid()) {
            acceptKey.interestOps(0);
        }
        if (now - acceptPausedUntil >= 0) {
            System.err.println(OUT_OF_MEMORY);
        }
        acceptPausedUntil = now + SHED_NANOS;
    }

    static final long SHED_NANOS = 1_000_000_000L;
    private static final String OUT_OF_MEMORY = "sendfile4j serve: out of heap: a connection was closed and new ones"
            + " wait a second (more heap: -Xmx, or fewer --max-connections)";

    private void resumeAccepting(long now) {
        if (acceptKey.interestOps() == 0 && connections.get() < maxConnections && now - acceptPausedUntil >= 0) {
            acceptKey.interestOps(SelectionKey.OP_ACCEPT);
        }
    }

    /**
     * @param resume whether the connection comes back from a read-ahead, to go on writing its response
     */
    private void serve(SelectionKey key, long now, boolean resume) {
        HttpConnection conn = (HttpConnection) key.attachment();
        boolean keep;
        try {
            keep = resume ? conn.onBackFromDisk() : key.isWritable() ? conn.onWritable() : conn.onReadable();
        } catch (HttpConnection.FileShrank e) {
            System.err.println("sendfile4j serve: " + e.getMessage() + "; connection closed");
            keep = false;
        } catch (IOException | RuntimeException e) {
            keep = false;
        } catch (OutOfMemoryError e) {
            shed(now);
            keep = false;
        }
        if (!keep) {
            close(key);
            return;
        }
        if (conn.waitingForLookup()) {
            // The file is not in this loop's cache: a disk thread opens and stats it, however slow the file
            // system, while this loop serves the others.
            parkUntil(key, now, conn.lookUp(disk));
            return;
        }
        if (conn.waitingForDisk()) {
            // The next file bytes are on the disk: a disk thread reads them in while this loop serves the others.
            parkUntil(key, now, conn.readAhead(disk));
            return;
        }
        int ops = conn.writing() ? SelectionKey.OP_WRITE : SelectionKey.OP_READ;
        if (key.interestOps() != ops) {
            key.interestOps(ops);
        }
        conn.served(now);
    }

    /** The connection wants no event until {@code diskWork} is done; then it comes back through backFromDisk. */
    private void parkUntil(SelectionKey key, long now, CompletableFuture<?> diskWork) {
        key.interestOps(0);
        ((HttpConnection) key.attachment()).served(now);
        diskWork.whenComplete((result, failure) -> {
            backFromDisk.add(key);
            selector.wakeup();
        });
    }

    /** Closes connections whose request head took too long, or that moved nothing for too long. */
    private void sweep(long now) {
        Iterator<SelectionKey> it = open.iterator();
        while (it.hasNext()) {
            SelectionKey key = it.next();
            HttpConnection conn = (HttpConnection) key.attachment();
            if (conn.expired(now, headerNanos, idleNanos)) {
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
