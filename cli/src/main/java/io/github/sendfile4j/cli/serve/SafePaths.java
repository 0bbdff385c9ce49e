package io.github.sendfile4j.cli.serve;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Maps a request target to a file under the served root, or to the status that refuses it. Nothing may
 * escape the root: dot segments (plain or percent-encoded), encoded slashes or backslashes, doubled
 * slashes, NUL bytes and symbolic links that lead outside are all refused before any file is opened.
 */
final class SafePaths {
    /** A refusal with its HTTP status. */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        final int status;

        Refused(int status, String why) {
            super(why, null, false, false);
            this.status = status;
        }
    }

    private SafePaths() {
    }

    /**
     * @param root   the served directory, a real path
     * @param target the request target as received
     * @return a regular, readable file under {@code root}
     * @throws Refused with 400, 403 or 404
     */
    static Path resolve(Path root, String target) throws Refused {
        if (!target.startsWith("/")) {
            throw new Refused(400, "target must start with /");
        }
        int q = target.indexOf('?');
        String raw = q >= 0 ? target.substring(0, q) : target;
        String lower = raw.toLowerCase(Locale.ROOT);
        if (lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00") || raw.contains("\\")) {
            throw new Refused(404, "encoded separator");
        }
        if (raw.contains("//")) {
            throw new Refused(404, "doubled slash");
        }
        String path = decode(raw);
        for (String segment : path.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                throw new Refused(403, "dot segment");
            }
        }
        Path p;
        try {
            p = root.resolve(path.substring(1)).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            // A name the file system's encoding cannot hold (non-UTF-8 locale): no such file can exist.
            throw new Refused(404, "not a valid path here");
        }
        if (!p.startsWith(root)) {
            throw new Refused(403, "outside the root");
        }
        if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.exists(p)) {
            throw new Refused(404, "not found");
        }
        Path real;
        try {
            real = p.toRealPath();
        } catch (IOException e) {
            throw new Refused(404, "not found");
        }
        if (!real.startsWith(root)) {
            throw new Refused(403, "link outside the root");
        }
        if (Files.isDirectory(real)) {
            return resolve(root, (raw.endsWith("/") ? raw : raw + "/") + "index.html");
        }
        if (!Files.isRegularFile(real)) {
            throw new Refused(404, "not a regular file");
        }
        if (!Files.isReadable(real)) {
            throw new Refused(403, "not readable");
        }
        return real;
    }

    static String decode(String raw) throws Refused {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    throw new Refused(400, "truncated percent escape");
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    throw new Refused(400, "bad percent escape");
                }
                out.write(hi * 16 + lo);
                i += 2;
            } else if (c < 0x21 || c > 0x7e) {
                throw new Refused(400, "bad character in target");
            } else {
                out.write(c);
            }
        }
        String s = new String(out.toByteArray(), StandardCharsets.UTF_8);
        if (s.indexOf('\0') >= 0 || s.indexOf('\\') >= 0) {
            throw new Refused(404, "NUL or backslash");
        }
        return s;
    }
}
