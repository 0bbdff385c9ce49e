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
 *
 * <p>Preconditions ({@link Conditionals}) come first, then {@code Range} ({@link ByteRanges}): one range is a
 * 206 of one file slice; several are a {@code multipart/byteranges} body sent as one FileSend per part, each
 * part's header as that send's header and the closing boundary as the last one's trailer, so the file bytes
 * never pass through the heap. {@code HEAD} gets the same head as {@code GET}, without the body.
 */
final class HttpConnection {
    static final int MAX_REQUEST = 16 * 1024;
    /** Enough for the request heads of curl, wrk and browsers without cookies; larger heads double it. */
    static final int FIRST_REQUEST_BUFFER = 1024;

    final SocketChannel channel;
    private final ResponseCache cache;
    /** Where finished responses are logged, or {@code null}. */
    private final AccessLog log;
    private String remote;
    /** What the log says of the current response. */
    private int status;
    private String requestLine;
    private long startedAt;
    private long bytesOfEarlierParts;
    private final HeadBudget headBudget;
    /**
     * File bytes one response sends per turn of its loop: a 2 MiB window read in from the disk otherwise goes
     * out in one sendfile that holds the loop while other connections wait (nginx's sendfile_max_chunk).
     */
    static final long FILE_BYTES_PER_TURN = 256 << 10;
    /** SF_NODISKIO where the event loop has disk threads to read ahead on; none elsewhere. */
    private final SendFlag[] fileFlags;
    private long headBytesHeld;
    /**
     * The request bytes: taken from the loop's pool when a head starts arriving, given back when the connection
     * is idle with nothing buffered ({@code null} then); grown up to MAX_REQUEST only for a head that needs it.
     */
    private ByteBuffer input;
    private final BufferPool buffers;
    /** The loop's parser: a head is parsed and acted on before the loop turns to another connection. */
    private final RequestHead head;
    private FileSend response;
    private ResponseCache.Entry entry;
    /** The file bytes {@link #response} must send: fewer means the file shrank under it. */
    private long fileSize;
    /** The sends after {@link #response} in a multipart answer, and their file bytes; null otherwise. */
    private FileSend[] nextParts;
    private long[] nextPartSizes;
    private int nextPart;
    private boolean closeAfter;
    private FileSend lastSend;
    private ResponseCache.Entry lastEntry;
    private ByteBuffer lastHead;
    /** When the current wait began (System.nanoTime()), and whether it is for a request head. */
    private long waitingSince;
    private boolean waitingForHead;

    /** Whether a file not in the cache is looked up by a disk thread (else on the loop). */
    private final boolean lookupsOffLoop;
    /** The path a disk thread is to look up, and the stale entry it may find unchanged; null when none. */
    private String lookupTarget;
    private ResponseCache.Entry lookupStale;
    /** What the disk thread found, installed on the loop when the connection resumes. */
    private volatile ResponseCache.Lookup found;

    /** A read-ahead's failure, set by a disk thread, thrown on the loop when the connection resumes. */
    private volatile IOException diskFailure;

    HttpConnection(SocketChannel channel, ResponseCache cache, HeadBudget headBudget, BufferPool buffers,
            RequestHead head, long now, boolean lookupsOffLoop, boolean diskAware, AccessLog log) {
        this.lookupsOffLoop = lookupsOffLoop;
        this.channel = channel;
        this.buffers = buffers;
        this.head = head;
        this.cache = cache;
        this.log = log;
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

    /** @return whether the request waits for its file to be opened and stat'ed by a disk thread */
    boolean waitingForLookup() {
        return lookupTarget != null;
    }

    /**
     * Opens and stats the requested file on {@code disk}, off the event loop; the loop must not touch this
     * connection until the returned future completes, then calls {@link #onBackFromDisk}.
     *
     * @param disk the disk threads
     * @return completes when the lookup is done, failed or not
     */
    CompletableFuture<Void> lookUp(Executor disk) {
        String target = lookupTarget;
        ResponseCache.Entry stale = lookupStale;
        return CompletableFuture.runAsync(() -> found = cache.lookup(target, stale), disk);
    }

    /** Closes a file a lookup opened for this connection after it was closed. */
    void discardLookup() {
        ResponseCache.Lookup l = found;
        found = null;
        if (l != null) {
            l.discard();
        }
    }

    /** @return false when the connection is finished and must be closed */
    boolean onBackFromDisk() throws IOException {
        if (lookupTarget == null) {
            return onWritable(); // a read-ahead: the response goes on
        }
        lookupTarget = null;
        lookupStale = null;
        boolean keep = serveBuffered(); // the same request again, now with its file found
        releaseIdleBuffer();
        return keep;
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
        return !writing() && input != null && input.position() > 0;
    }

    /** @return whether a response is still being written */
    boolean writing() {
        return response != null;
    }

    /** @return false when the connection is finished and must be closed */
    boolean onReadable() throws IOException {
        if (input == null) {
            input = buffers.take();
        }
        int n = channel.read(input);
        if (n < 0) {
            return false;
        }
        boolean keep = serveBuffered();
        releaseIdleBuffer();
        return keep;
    }

    /** An idle connection holds no request buffer: it goes back to the pool (a grown one to the budget). */
    private void releaseIdleBuffer() {
        if (input != null && input.position() == 0 && !writing()) {
            buffers.give(input);
            input = null;
            headBudget.give(headBytesHeld);
            headBytesHeld = 0;
        }
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
        boolean keep = !closeAfter && serveBuffered();
        releaseIdleBuffer();
        return keep;
    }

    private boolean serveBuffered() throws IOException {
        while (!writing() && input != null) {
            int end = headerEnd();
            if (end < 0) {
                if (!input.hasRemaining()) {
                    if (input.capacity() < MAX_REQUEST && headBudget.take(input.capacity())) {
                        headBytesHeld += input.capacity();
                        input = ByteBuffer.allocate(input.capacity() * 2).put((ByteBuffer) input.flip());
                        return true; // the selector reports the rest of the head as still readable
                    }
                    requestLine = null;
                    startedAt = System.nanoTime();
                    startError(431, true, false, "");
                    return continueResponse() ? !closeAfter : true;
                }
                return true;
            }
            handle(head.parse(input.array(), end));
            if (lookupTarget != null) {
                return true; // answered once a disk thread has found the file: the request stays buffered
            }
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
        if (log != null && found == null) { // not again when the request comes back from its lookup
            requestLine = printable(input.array(), Math.min(r.lineEnd, 2048));
            startedAt = System.nanoTime();
        }
        status = 200;
        bytesOfEarlierParts = 0;
        if (r.bad) {
            startError(400, true, false, "");
            return;
        }
        boolean close = r.closeAfter();
        if (r.method == RequestHead.OTHER) {
            startError(405, close, false, "Allow: GET, HEAD\r\n");
            return;
        }
        boolean bodyless = r.method == RequestHead.HEAD;
        ResponseCache.Entry e = find(r, close, bodyless);
        if (e == null) {
            return; // answered with an error, or waiting for a disk thread to find the file
        }
        e.acquire();
        entry = e;
        closeAfter = close;
        byte[] a = input.array();
        int precondition = Conditionals.evaluate(a, r, e.etag, e.modifiedSeconds);
        if (precondition == 304) {
            startHeadOnly(304, HttpText.head(304, cache.clock, close) + e.validators() + "\r\n");
            return;
        }
        if (precondition == 412) {
            startError(412, close, bodyless, "");
            return;
        }
        if (r.range.present() && Conditionals.rangeApplies(a, r, e.etag, e.modifiedSeconds)) {
            ByteRanges ranges = ByteRanges.parse(a, r.range.start, r.range.end, e.size);
            if (ranges.kind == ByteRanges.Kind.UNSATISFIABLE) {
                startError(416, close, bodyless, "Content-Range: bytes */" + e.size + "\r\n");
                return;
            }
            if (ranges.kind == ByteRanges.Kind.PARTS) {
                if (ranges.count() == 1) {
                    startSingleRange(e, ranges.starts[0], ranges.ends[0], close, bodyless);
                } else {
                    startMultipart(e, ranges, close, bodyless);
                }
                return;
            }
        }
        if (bodyless) {
            fileSize = 0;
            response = FileSend.builder().headers(e.head(close, cache.clock).duplicate()).build();
            return;
        }
        fileSize = e.size;
        ByteBuffer head = e.head(close, cache.clock);
        if (lastEntry == e && lastHead == head) {
            response = lastSend.rewind();
            return;
        }
        response = fileSend(e, 0, e.size).headers(head.duplicate()).build();
        lastSend = response;
        lastEntry = e;
        lastHead = head;
    }

    /**
     * @return the file the request names, or {@code null} when an error answer was started instead (or a disk
     *         thread is to find it)
     */
    private ResponseCache.Entry find(RequestHead r, boolean close, boolean bodyless) {
        byte[] a = input.array();
        long now = System.nanoTime();
        ResponseCache.Entry current = cache.current(a, r.targetStart, r.pathEnd, now);
        if (current != null) {
            return current;
        }
        try {
            ResponseCache.Lookup l = found;
            if (l != null) {
                found = null;
                return cache.install(a, r.targetStart, r.pathEnd, l, now);
            }
            if (lookupsOffLoop) {
                lookupTarget = new String(a, r.targetStart, r.pathEnd - r.targetStart, StandardCharsets.ISO_8859_1);
                lookupStale = cache.stale(a, r.targetStart, r.pathEnd);
                return null;
            }
            return cache.get(a, r.targetStart, r.pathEnd, now);
        } catch (SafePaths.Refused refused) {
            startError(refused.status, close || refused.status == 400, bodyless, "");
        } catch (IOException unreadable) {
            startError(403, close, bodyless, "");
        }
        return null;
    }

    private void startSingleRange(ResponseCache.Entry e, long start, long end, boolean close, boolean bodyless) {
        String head = HttpText.head(206, cache.clock, close) + "Content-Range: bytes " + start + "-" + (end - 1) + "/"
                + e.size + "\r\n" + e.fileHeaders(end - start, e.mediaType) + "\r\n";
        if (bodyless) {
            startHeadOnly(206, head);
            return;
        }
        status = 206;
        fileSize = end - start;
        response = fileSend(e, start, end - start).headers(ascii(head)).build();
    }

    /**
     * {@code multipart/byteranges} (RFC 9110 14.6), laid out as nginx lays it out: after the head, each part
     * is CRLF, the boundary line, its {@code Content-Type} and {@code Content-Range}, a blank line and the
     * slice; the body ends with CRLF and the closing boundary line.
     */
    private void startMultipart(ResponseCache.Entry e, ByteRanges ranges, boolean close, boolean bodyless) {
        String boundary = String.format("%020d", BOUNDARIES.incrementAndGet());
        int n = ranges.count();
        String[] partHeads = new String[n];
        long length = 0;
        for (int i = 0; i < n; i++) {
            partHeads[i] = "\r\n--" + boundary + "\r\nContent-Type: " + e.mediaType + "\r\nContent-Range: bytes "
                    + ranges.starts[i] + "-" + (ranges.ends[i] - 1) + "/" + e.size + "\r\n\r\n";
            length += partHeads[i].length() + ranges.ends[i] - ranges.starts[i];
        }
        String closing = "\r\n--" + boundary + "--\r\n";
        length += closing.length();
        String head = HttpText.head(206, cache.clock, close)
                + e.fileHeaders(length, "multipart/byteranges; boundary=" + boundary) + "\r\n";
        if (bodyless) {
            startHeadOnly(206, head);
            return;
        }
        status = 206;
        FileSend[] sends = new FileSend[n];
        long[] sizes = new long[n];
        for (int i = 0; i < n; i++) {
            long len = ranges.ends[i] - ranges.starts[i];
            FileSend.Builder b = fileSend(e, ranges.starts[i], len).headers(i == 0
                    ? new ByteBuffer[] {ascii(head), ascii(partHeads[0])} : new ByteBuffer[] {ascii(partHeads[i])});
            if (i == n - 1) {
                b.trailers(ascii(closing));
            }
            sends[i] = b.build();
            sizes[i] = len;
        }
        response = sends[0];
        fileSize = sizes[0];
        nextParts = sends;
        nextPartSizes = sizes;
        nextPart = 1;
    }

    /** The send of a slice of a response's file, as every file response sends it: its flags, its turns. */
    private FileSend.Builder fileSend(ResponseCache.Entry e, long start, long length) {
        return FileSend.builder(e.file, start, length).flags(fileFlags).maxFileBytesPerSend(FILE_BYTES_PER_TURN);
    }

    /** A response that is all head (a 304, or the answer to a HEAD): {@code text} ends with the blank line. */
    private void startHeadOnly(int status, String text) {
        this.status = status;
        response = FileSend.builder().headers(ascii(text)).build();
        fileSize = 0;
    }

    /**
     * An error answer with a short text body, which a HEAD request gets the head of only: a body there would
     * be read by the client as the start of the next response.
     *
     * @param extraHeaders header lines the status requires ({@code Allow} on 405, {@code Content-Range} on
     *                     416), each ending in CRLF, or ""
     */
    private void startError(int status, boolean close, boolean bodyless, String extraHeaders) {
        String body = status + " " + HttpText.reason(status) + "\n";
        startHeadOnly(status, HttpText.head(status, cache.clock, close) + extraHeaders
                + "Content-Type: text/plain\r\nContent-Length: " + body.length() + "\r\n\r\n" + (bodyless ? "" : body));
        closeAfter = close;
    }

    /** The request line for the log: at most 2 KiB, quotes and control bytes replaced, so a line stays a line. */
    private static String printable(byte[] a, int end) {
        char[] c = new char[end];
        for (int i = 0; i < end; i++) {
            int b = a[i] & 0xff;
            c[i] = b < 0x20 || b == '"' || b == '\\' || b >= 0x7f ? '?' : (char) b;
        }
        return new String(c);
    }

    /** Logs the current response, finished or cut short, once. */
    private void logResponse() {
        if (log == null || response == null) {
            return;
        }
        if (remote == null) {
            try {
                java.net.SocketAddress a = channel.getRemoteAddress();
                remote = a instanceof java.net.InetSocketAddress
                        ? ((java.net.InetSocketAddress) a).getAddress().getHostAddress() : String.valueOf(a);
            } catch (IOException e) {
                remote = "-";
            }
        }
        log.record(remote, requestLine == null ? "-" : requestLine, status,
                bytesOfEarlierParts + response.totalBytesSent(), System.nanoTime() - startedAt);
    }

    private static ByteBuffer ascii(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Multipart boundaries: unique within the process, and never found in a part's header. */
    private static final java.util.concurrent.atomic.AtomicLong BOUNDARIES = new java.util.concurrent.atomic.AtomicLong();

    /** @return true when the response is complete, false when the socket is full */
    private boolean continueResponse() throws IOException {
        while (true) {
            response.sendTo(channel);
            if (!response.isDone()) {
                return false;
            }
            if (response.fileBytesSent() < fileSize) {
                throw new FileShrank(entry == null ? "?" : entry.path.toString(), response.fileBytesSent(), fileSize);
            }
            if (nextParts == null || nextPart == nextParts.length) {
                break;
            }
            bytesOfEarlierParts += response.totalBytesSent();
            response = nextParts[nextPart];
            fileSize = nextPartSizes[nextPart];
            nextPart++;
        }
        logResponse();
        endResponse();
        return true;
    }

    /** The file ended before the bytes the response promised: the connection must close, and it is logged. */
    static final class FileShrank extends IOException {
        private static final long serialVersionUID = 1L;

        FileShrank(String path, long sent, long promised) {
            super(path + " shrank while being sent: " + sent + " of " + promised + " bytes");
        }
    }

    private void endResponse() {
        response = null;
        nextParts = null;
        nextPartSizes = null;
        if (entry != null) {
            entry.release();
            entry = null;
        }
    }

    void close() {
        logResponse();
        endResponse();
        headBudget.give(headBytesHeld); // close may come twice (timeout, then shutdown): give once
        headBytesHeld = 0;
        if (input != null) {
            buffers.give(input);
            input = null;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing a dead connection: nothing left to tell anyone.
        }
    }
}
