package io.github.sendfile4j.cli.serve;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes the loops' access-log batches on a thread of its own, so that a slow disk or a pipe nobody reads
 * never stops an event loop: when {@link #CAPACITY} batches wait, new ones are dropped and counted, and the
 * count is written into the log as soon as it moves again.
 */
final class LogWriter {
    static final int CAPACITY = 1024;

    private final Writer out;
    private final BlockingQueue<String> batches = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private volatile boolean closing;

    LogWriter(Writer out) {
        this.out = out;
        this.thread = new Thread(this::run, "serve-access-log");
        thread.setDaemon(true);
        thread.start();
    }

    /** @param batch lines to write; dropped (and counted) if too many wait already */
    void offer(String batch) {
        if (!batches.offer(batch)) {
            dropped.incrementAndGet();
        }
    }

    private void run() {
        try {
            while (!closing || !batches.isEmpty()) {
                String batch = batches.poll(100, TimeUnit.MILLISECONDS);
                if (batch == null) {
                    continue;
                }
                long lost = dropped.getAndSet(0);
                if (lost > 0) {
                    out.write("# access log: " + lost + " batches dropped, the log could not keep up\n");
                }
                out.write(batch);
                if (batches.isEmpty()) {
                    out.flush();
                }
            }
            out.flush();
        } catch (IOException | InterruptedException e) {
            // The log is gone (a closed pipe, a full disk): serving goes on without it.
        }
    }

    /** Writes what waits, for up to a second, then returns. */
    void close() {
        closing = true;
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
