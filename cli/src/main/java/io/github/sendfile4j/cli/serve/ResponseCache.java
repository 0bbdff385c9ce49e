package io.github.sendfile4j.cli.serve;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;

/**
 * One event loop's open files and response heads, keyed by the request path as sent, like nginx's
 * open_file_cache: a hit costs no path resolution, no open, no stat and no formatting. An entry is trusted
 * for {@link #VALID_NANOS}; after that the path is resolved and stat'ed again, and a file that was replaced,
 * resized or touched gets a new entry (the old file is closed once no response uses it). Within that second a
 * changed file is served as it was when opened, as nginx does; a file that shrinks ends its response early
 * and the connection is closed, never padded. Only files that resolved safely inside the root are cached.
 */
final class ResponseCache {
    static final long VALID_NANOS = 1_000_000_000L;
    static final int MAX_ENTRIES = 1024;

    /**
     * One file, its validators, and the two heads (keep-alive, close) of a 200 answer to a GET or HEAD of it,
     * made again when the second of their {@code Date} has passed.
     */
    static final class Entry {
        final byte[] key;
        final int hash;
        final Path path;
        final FileChannel file;
        final long size;
        final long modified;
        /** {@link #modified} in whole seconds: what HTTP dates compare with. */
        final long modifiedSeconds;
        final Object fileKey;
        /** Strong (RFC 9110 8.8.3): it changes with the file's identity, size or modification time. */
        final String etag;
        final String mediaType;
        private ByteBuffer keepAliveHead;
        private ByteBuffer closeHead;
        private long headSecond = Long.MIN_VALUE;
        long checkedAt;
        /** A disk thread is checking the file again; meanwhile the entry is served as it is. */
        boolean revalidating;
        /** The check found the file changed or gone: the next request looks it up afresh. */
        boolean outdated;
        int users;
        boolean retired;

        Entry(byte[] key, int hash, Path path, FileChannel file, BasicFileAttributes attrs, long now) {
            this.key = key;
            this.hash = hash;
            this.path = path;
            this.file = file;
            this.size = attrs.size();
            this.modified = attrs.lastModifiedTime().toMillis();
            this.modifiedSeconds = Math.floorDiv(modified, 1000);
            this.fileKey = attrs.fileKey();
            this.etag = "\"" + Integer.toHexString(java.util.Objects.hashCode(fileKey)) + "-"
                    + Long.toHexString(modified) + "-" + Long.toHexString(size) + "\"";
            this.mediaType = MediaTypes.of(path);
            this.checkedAt = now;
        }

        /**
         * @param close whether the connection closes after the response
         * @param clock the loop's clock
         * @return the head of a 200 answer, shared: duplicate it to send it
         */
        ByteBuffer head(boolean close, HttpClock clock) {
            if (headSecond != clock.second()) {
                keepAliveHead = direct(HttpText.head(200, clock, false) + fileHeaders(size, mediaType) + "\r\n");
                closeHead = direct(HttpText.head(200, clock, true) + fileHeaders(size, mediaType) + "\r\n");
                headSecond = clock.second();
            }
            return close ? closeHead : keepAliveHead;
        }

        /**
         * @param contentLength the length of the body that follows
         * @param contentType   its media type
         * @return the header lines of an answer with a body from this file
         */
        String fileHeaders(long contentLength, String contentType) {
            return "Content-Type: " + contentType + "\r\nContent-Length: " + contentLength + "\r\n" + validators()
                    + "Accept-Ranges: bytes\r\n";
        }

        /** @return {@code Last-Modified} and {@code ETag}: what a 304 carries too */
        String validators() {
            return "Last-Modified: " + HttpText.httpDate(modified) + "\r\nETag: " + etag + "\r\n";
        }

        private static ByteBuffer direct(String text) {
            byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
            ByteBuffer direct = ByteBuffer.allocateDirect(b.length);
            direct.put(b).flip();
            return direct.asReadOnlyBuffer();
        }

        /** A response starts using this entry. */
        void acquire() {
            users++;
        }

        /** A response using this entry ended. */
        void release() {
            users--;
            closeIfUnused();
        }

        void retire() {
            retired = true;
            closeIfUnused();
        }

        private void closeIfUnused() {
            if (retired && users == 0) {
                try {
                    file.close();
                } catch (IOException ignored) {
                    // A read-only file: nothing was buffered that closing could lose.
                }
            }
        }
    }

    private final Path root;
    /** The loop's clock, which the cached heads' {@code Date} follows. */
    final HttpClock clock = new HttpClock();
    private final Entry[] table = new Entry[MAX_ENTRIES * 2];
    private int size;

    /** Where entries past {@link #VALID_NANOS} are checked again, or {@code null}: then on the loop. */
    private final java.util.concurrent.Executor disk;
    /** What the disk threads found, applied by the loop ({@link #applyRevalidations}). */
    private final java.util.Queue<Runnable> revalidated = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final Runnable wakeLoop;

    /**
     * @param root     the served directory
     * @param disk     the disk threads, or {@code null}
     * @param wakeLoop wakes the loop when a revalidation is ready
     */
    ResponseCache(Path root, java.util.concurrent.Executor disk, Runnable wakeLoop) {
        this.root = root;
        this.disk = disk;
        this.wakeLoop = wakeLoop;
    }

    /**
     * @param a     request bytes
     * @param from  the path's first byte
     * @param to    after its last byte (before any query)
     * @param now   System.nanoTime()
     * @return the entry for that path, opened and resolved now if needed
     * @throws SafePaths.Refused if the path is refused (not cached)
     * @throws IOException       if the file cannot be opened or stat'ed (not cached)
     */
    Entry get(byte[] a, int from, int to, long now) throws SafePaths.Refused, IOException {
        Entry e = current(a, from, to, now);
        return e != null ? e : install(a, from, to,
                lookup(new String(a, from, to - from, StandardCharsets.ISO_8859_1), stale(a, from, to)), now);
    }

    /**
     * @return the entry for that path if it is still trusted, else {@code null}: then {@link #lookup} (on any
     *         thread: it may wait on the file system) and {@link #install} (on the loop) make it
     */
    Entry current(byte[] a, int from, int to, long now) {
        Entry e = table[find(a, from, to, hash(a, from, to))];
        if (e == null || e.outdated) {
            return null;
        }
        if (now - e.checkedAt < VALID_NANOS) {
            return e;
        }
        if (disk == null) {
            return null;
        }
        // Past its second: served as it is while a disk thread stats it again, so that no request waits for
        // a stat however slow the file system (nginx's open_file_cache stats on its loop).
        if (!e.revalidating) {
            e.revalidating = true;
            String target = new String(e.key, StandardCharsets.ISO_8859_1);
            disk.execute(() -> {
                Lookup found = lookup(target, e);
                revalidated.add(() -> applyRevalidation(e, found));
                wakeLoop.run();
            });
        }
        return e;
    }

    /** On the loop: applies what the disk threads found since the last turn. */
    void applyRevalidations() {
        for (Runnable r; (r = revalidated.poll()) != null;) {
            r.run();
        }
    }

    private void applyRevalidation(Entry e, Lookup found) {
        e.revalidating = false;
        int slot = find(e.key, 0, e.key.length, e.hash);
        if (table[slot] != e) {
            found.discard(); // replaced meanwhile
            return;
        }
        if (found.unchanged) {
            e.checkedAt = System.nanoTime();
            return;
        }
        found.discard();
        e.outdated = true; // changed or gone: the next request looks it up afresh
    }

    /** @return the entry for that path even if it is no longer trusted, or {@code null} */
    Entry stale(byte[] a, int from, int to) {
        return table[find(a, from, to, hash(a, from, to))];
    }

    /**
     * What resolving, stat'ing and opening a path found: the work that may wait on a slow file system, made
     * where it may wait. Knows the stale entry's identity, so an unchanged file is not opened again.
     */
    static final class Lookup {
        final String target;
        private final Path path;
        private final FileChannel file;
        private final BasicFileAttributes attrs;
        private final boolean unchanged;
        private final Exception failure;

        private Lookup(String target, Path path, FileChannel file, BasicFileAttributes attrs, boolean unchanged,
                Exception failure) {
            this.target = target;
            this.path = path;
            this.file = file;
            this.attrs = attrs;
            this.unchanged = unchanged;
            this.failure = failure;
        }

        /** Closes what it opened: its connection went away before it could be installed. */
        void discard() {
            if (file != null) {
                try {
                    file.close();
                } catch (IOException ignored) {
                    // read-only: nothing to lose
                }
            }
        }
    }

    /**
     * Resolves, stats and (unless {@code stale} names the same, unchanged file) opens a path. Safe on any
     * thread: of the entry it reads only what an entry never changes.
     *
     * @param target the request path
     * @param stale  the cache's entry for it, however old, or {@code null}
     * @return the lookup, failed or not
     */
    Lookup lookup(String target, Entry stale) {
        try {
            Path path = SafePaths.resolve(root, target);
            BasicFileAttributes attrs = Files.readAttributes(path, BasicFileAttributes.class);
            if (stale != null && stale.path.equals(path) && stale.size == attrs.size()
                    && stale.modified == attrs.lastModifiedTime().toMillis() && stale.fileKey != null
                    && stale.fileKey.equals(attrs.fileKey())) {
                return new Lookup(target, path, null, attrs, true, null);
            }
            FileChannel file = FileChannel.open(path);
            try {
                // The attributes of what was opened: the path may have changed between the stat and the open.
                return new Lookup(target, path, file, attrsOf(path, file, attrs), false, null);
            } catch (IOException | RuntimeException t) {
                file.close();
                throw t;
            }
        } catch (SafePaths.Refused | IOException | RuntimeException e) {
            return new Lookup(target, null, null, null, false, e);
        }
    }

    /**
     * On the loop: makes a lookup the entry of its path.
     *
     * @return the entry
     * @throws SafePaths.Refused if the path was refused
     * @throws IOException       if the file could not be opened or stat'ed
     */
    Entry install(byte[] a, int from, int to, Lookup found, long now) throws SafePaths.Refused, IOException {
        if (found.failure instanceof SafePaths.Refused) {
            throw (SafePaths.Refused) found.failure;
        }
        if (found.failure instanceof IOException) {
            throw (IOException) found.failure;
        }
        if (found.failure != null) {
            throw (RuntimeException) found.failure;
        }
        int hash = hash(a, from, to);
        int slot = find(a, from, to, hash);
        Entry e = table[slot];
        if (found.unchanged && e != null && e.path.equals(found.path)) {
            e.checkedAt = now;
            return e;
        }
        if (found.file == null) { // unchanged, but the entry it was checked against is gone: look again
            return install(a, from, to, lookup(found.target, null), now);
        }
        Entry fresh;
        try {
            fresh = new Entry(Arrays.copyOfRange(a, from, to), hash, found.path, found.file, found.attrs, now);
        } catch (RuntimeException t) {
            found.discard();
            throw t;
        }
        if (e != null) {
            e.retire();
            table[slot] = fresh;
        } else if (size < MAX_ENTRIES) {
            table[slot] = fresh;
            size++;
        } else {
            fresh.retired = true; // full: used for this response only, closed when it ends
        }
        return fresh;
    }

    private static BasicFileAttributes attrsOf(Path path, FileChannel file, BasicFileAttributes beforeOpen)
            throws IOException {
        BasicFileAttributes after = Files.readAttributes(path, BasicFileAttributes.class);
        if (after.size() != file.size() || !java.util.Objects.equals(after.fileKey(), beforeOpen.fileKey())) {
            throw new IOException(path + " changed while it was opened");
        }
        return after;
    }

    private static int hash(byte[] a, int from, int to) {
        int hash = 1;
        for (int i = from; i < to; i++) {
            hash = 31 * hash + a[i];
        }
        return hash;
    }

    private int find(byte[] a, int from, int to, int hash) {
        int mask = table.length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            Entry e = table[i];
            if (e == null || (e.hash == hash && e.key.length == to - from && sameBytes(e.key, a, from))) {
                return i;
            }
        }
    }

    private static boolean sameBytes(byte[] key, byte[] a, int from) {
        for (int i = 0; i < key.length; i++) {
            if (key[i] != a[from + i]) {
                return false;
            }
        }
        return true;
    }

    /** Closes every file no response is using (the loop is ending). */
    void close() {
        for (int i = 0; i < table.length; i++) {
            if (table[i] != null) {
                table[i].retire();
                table[i] = null;
            }
        }
        size = 0;
    }
}
