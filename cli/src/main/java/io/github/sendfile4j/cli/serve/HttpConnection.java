package io.github.sendfile4j.cli.serve;

import io.github.sendfile4j.FileSend;
import io.github.sendfile4j.SendFlag;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One keep-alive HTTP/1.1 connection of the static server: reads a request, answers it with a FileSend
 * (the response head travels with the file in as few system calls as the platform allows), and resumes it
 * when the socket is writable again. Requests are answered in order; pipelined ones wait in the input
 * buffer. A file found in the loop's {@link ResponseCache} is answered with no allocation: the head is the
 * cached one, and a connection asking for the same file again rewinds its previous send.
 */
final class HttpConnection {
    static final int MAX_REQUEST = 16 * 1024;
    /** Enough for the request heads of curl, wrk and browsers without cookies; larger heads double it. */
    static final int FIRST_REQUEST_BUFFER = 1024;

    final SocketChannel channel;
    private final ResponseCache cache;
    private final HeadBudget headBudget;
    /** SF_NODISKIO where the event loop has disk threads to read ahead on; none elsewhere. */
    private final SendFlag[] fileFlags;
    private long headBytesHeld;
    // Grown up to MAX_REQUEST only for a head that needs it: 1024 idle connections hold 1 MiB of heap, not 16.
    private ByteBuffer input = ByteBuffer.allocate(FIRST_REQUEST_BUFFER);
    private final RequestHead head = new RequestHead();
    private FileSend response;
    private ResponseCache.Entry entry;
    private long fileSize;
    private boolean closeAfter;
    private FileSend lastSend;
    private ResponseCache.Entry lastEntry;
    private boolean lastClose;
    /** When the current wait began (System.nanoTime()), and whether it is for a request head. */
    private long waitingSince;
    private boolean waitingForHead;

    /** A read-ahead's failure, set by a disk thread, thrown on the loop when the connection resumes. */
    private volatile IOException diskFailure;

    HttpConnection(SocketChannel channel, ResponseCache cache, HeadBudget headBudget, long now, boolean diskAware) {
        this.channel = channel;
        this.cache = cache;
        this.headBudget = headBudget;
        this.fileFlags = diskAware ? new SendFlag[] {SendFlag.SF_NODISKIO} : new SendFlag[0];
        this.waitingSince = now;
        this.waitingForHead = true;
    }

    /**
     * Restarts the clock of the current wait after this connection was served, unless it is still inside
     * the same request head (a head that trickles in does not earn more time).
     *
     * @param now System.nanoTime()
     */
    void served(long now) {
        boolean head = readingHead();
        if (!(head && waitingForHead)) {
            waitingSince = now; // progress: a new head began, a response moved, or the connection went idle
        }
        waitingForHead = head;
    }

    /**
     * @param now         System.nanoTime()
     * @param headerNanos the most a request head may take
     * @param idleNanos   the most a connection may move nothing
     * @return whether the current wait has lasted too long
     */
    boolean expired(long now, long headerNanos, long idleNanos) {
        return now - waitingSince >= (waitingForHead ? headerNanos : idleNanos);
    }

    /** @return whether the response waits for its next file bytes to be read from the disk */
    boolean waitingForDisk() {
        return response != null && response.waitingForDisk();
    }

    /**
     * Reads the response's next file bytes into the page cache on {@code disk}, off the event loop; the loop
     * must not touch this connection until the returned future completes.
     *
     * @param disk the disk threads
     * @return completes when the read is done, failed or not (a failure ends the connection when it resumes)
     */
    CompletableFuture<Long> readAhead(Executor disk) {
        return response.readAhead(disk).whenComplete((read, failure) -> {
            if (failure != null) {
                diskFailure = failure instanceof IOException ? (IOException) failure : new IOException(failure);
            }
        });
    }

    /** @return whether part of a request head has arrived and its end has not */
    boolean readingHead() {
        return !writing() && input.position() > 0;
    }

    /** @return whether a response is still being written */
    boolean writing() {
        return response != null;
    }

    /** @return false when the connection is finished and must be closed */
    boolean onReadable() throws IOException {
        int n = channel.read(input);
        if (n < 0) {
            return false;
        }
        return serveBuffered();
    }

    /** @return false when the connection is finished and must be closed */
    boolean onWritable() throws IOException {
        IOException failed = diskFailure;
        if (failed != null) {
            throw failed;
        }
        if (!continueResponse()) {
            return true;
        }
        return !closeAfter && serveBuffered();
    }

    private boolean serveBuffered() throws IOException {
        while (!writing()) {
            int end = headerEnd();
            if (end < 0) {
                if (!input.hasRemaining()) {
                    if (input.capacity() < MAX_REQUEST && headBudget.take(input.capacity())) {
                        headBytesHeld += input.capacity();
                        input = ByteBuffer.allocate(input.capacity() * 2).put((ByteBuffer) input.flip());
                        return true; // the selector reports the rest of the head as still readable
                    }
                    startError(431, "Request Header Fields Too Large", true);
                    return continueResponse() ? !closeAfter : true;
                }
                return true;
            }
            handle(head.parse(input.array(), end));
            input.flip();
            input.position(end + 4);
            input.compact();
            if (!continueResponse()) {
                return true;
            }
            if (closeAfter) {
                return false;
            }
        }
        return true;
    }

    private int headerEnd() {
        byte[] a = input.array();
        for (int i = 0; i + 3 < input.position(); i++) {
            if (a[i] == '\r' && a[i + 1] == '\n' && a[i + 2] == '\r' && a[i + 3] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private void handle(RequestHead r) throws IOException {
        if (r.bad) {
            startError(400, "Bad Request", true);
            return;
        }
        boolean close = r.closeAfter();
        if (r.method == RequestHead.OTHER) {
            startError(405, "Method Not Allowed", close);
            return;
        }
        ResponseCache.Entry e;
        try {
            e = cache.get(input.array(), r.targetStart, r.pathEnd, System.nanoTime());
        } catch (SafePaths.Refused refused) {
            startError(refused.status, HttpText.reason(refused.status), close || refused.status == 400);
            return;
        } catch (IOException unreadable) {
            startError(403, "Forbidden", close);
            return;
        }
        e.acquire();
        entry = e;
        closeAfter = close;
        if (r.method == RequestHead.HEAD) {
            fileSize = 0;
            response = FileSend.builder().headers((close ? e.closeHead : e.keepAliveHead).duplicate()).build();
            return;
        }
        fileSize = e.size;
        if (lastEntry == e && lastClose == close) {
            response = lastSend.rewind();
            return;
        }
        response = FileSend.builder(e.file, 0, e.size).headers((close ? e.closeHead : e.keepAliveHead).duplicate())
                .flags(fileFlags).build();
        lastSend = response;
        lastEntry = e;
        lastClose = close;
    }

    private void startError(int status, String reason, boolean close) {
        String body = status + " " + reason + "\n";
        String text = "HTTP/1.1 " + status + " " + reason + "\r\nServer: sendfile4j\r\nContent-Type: text/plain\r\n"
                + "Content-Length: " + body.length() + "\r\nConnection: " + (close ? "close" : "keep-alive")
                + "\r\n\r\n" + body;
        response = FileSend.builder().headers(ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1))).build();
        fileSize = 0;
        closeAfter = close;
    }

    /** @return true when the response is complete, false when the socket is full */
    private boolean continueResponse() throws IOException {
        response.sendTo(channel);
        if (!response.isDone()) {
            return false;
        }
        if (response.fileBytesSent() < fileSize) {
            throw new IOException("file shrank while being sent");
        }
        endResponse();
        return true;
    }

    private void endResponse() {
        response = null;
        if (entry != null) {
            entry.release();
            entry = null;
        }
    }

    void close() {
        endResponse();
        headBudget.give(headBytesHeld); // close may come twice (timeout, then shutdown): give once
        headBytesHeld = 0;
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing a dead connection: nothing left to tell anyone.
        }
    }
}
