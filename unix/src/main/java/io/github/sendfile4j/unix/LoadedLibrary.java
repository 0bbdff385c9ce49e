package io.github.sendfile4j.unix;

/** Where a native library was loaded from, for diagnostics. */
final class LoadedLibrary {
    private final String path;
    private final String sha256;
    private final String source;

    LoadedLibrary(String path, String sha256, String source) {
        this.path = path;
        this.sha256 = sha256;
        this.source = source;
    }

    /** @return the absolute path given to {@code System.load}, or the name given to {@code loadLibrary} */
    String path() {
        return path;
    }

    /** @return the SHA-256 of the file loaded, hex, or {@code "unknown"} */
    String sha256() {
        return sha256;
    }

    /** @return how it was found: {@code property}, {@code java.library.path} or {@code extracted} */
    String source() {
        return source;
    }

    @Override
    public String toString() {
        return path + " (" + source + ", sha256 " + sha256 + ")";
    }
}
