package io.github.sendfile4j.unix;

import io.github.sendfile4j.internal.Version;
import io.github.sendfile4j.spi.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Loads a JNI library shipped inside a jar, in this order:
 * <ol>
 * <li>the file named by the system property {@value #LIBRARY_PATH_PROPERTY};</li>
 * <li>{@code System.loadLibrary} from {@code java.library.path} (appliances that pre-install it);</li>
 * <li>the jar's copy, extracted into an owner-only directory under a name carrying the version and content
 * hash, written exclusively and verified against the SHA-256 recorded at build time before it is loaded.
 * The directories tried: {@value #WORKDIR_PROPERTY}, then {@code java.io.tmpdir/sendfile4j-<user>}, then
 * the user's cache directory; a directory that refuses to map code (a noexec mount) moves on to the
 * next.</li>
 * </ol>
 * Every failed attempt is kept as a suppressed exception of the one error thrown when all fail.
 */
final class NativeLibraryLoader {
    /** System property: absolute path of a library file to load instead of the jar's copy. */
    static final String LIBRARY_PATH_PROPERTY = "sendfile4j.library.path";
    /** System property: directory to extract the library into, tried first. */
    static final String WORKDIR_PROPERTY = "sendfile4j.workdir";
    /** System property: {@code false} skips the {@code java.library.path} step. */
    static final String USE_LIBRARY_PATH_PROPERTY = "sendfile4j.useJavaLibraryPath";

    private static final Set<PosixFilePermission> OWNER_DIR = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

    private NativeLibraryLoader() {
    }

    /**
     * @param name      library base name, such as {@code sendfile4j}
     * @param platform    names the platform in errors
     * @param resourceDir the directory under {@code META-INF/native/} holding the library and its .sha256
     * @param library     the library to load instead of the property's, or {@code null}
     * @return where the library came from
     * @throws UnsatisfiedLinkError naming the platform and every attempt (as suppressed exceptions)
     */
    static LoadedLibrary load(String name, Platform platform, String resourceDir, Path library) {
        // System.load binds a library to the class loader of its caller: this class's, which is NativeIo's.
        ClassLoader resources = NativeLibraryLoader.class.getClassLoader();
        List<Throwable> failures = new ArrayList<>();
        String explicit = library != null ? library.toString() : System.getProperty(LIBRARY_PATH_PROPERTY);
        if (explicit != null && !explicit.isEmpty()) {
            Path path = Paths.get(explicit).toAbsolutePath();
            try {
                System.load(path.toString());
                return new LoadedLibrary(path.toString(), sha256OrUnknown(path) + " (not verified)", "property");
            } catch (UnsatisfiedLinkError e) {
                failures.add(attempt("-D" + LIBRARY_PATH_PROPERTY + "=" + explicit, e));
            }
        }
        if (!"false".equalsIgnoreCase(System.getProperty(USE_LIBRARY_PATH_PROPERTY))) {
            try {
                System.loadLibrary(name);
                // System.loadLibrary finds the file itself and does not say which one: nothing to verify.
                return new LoadedLibrary(System.mapLibraryName(name), "unknown (not verified)", "java.library.path");
            } catch (UnsatisfiedLinkError e) {
                failures.add(attempt("java.library.path", e));
            }
        }
        String fileName = System.mapLibraryName(name).replaceAll("\\.jnilib$", ".dylib");
        String resource = "META-INF/native/" + resourceDir + "/" + fileName;
        boolean extractionFailed = false;
        try {
            LoadedLibrary extracted = extractAndLoad(resource, fileName, resources, failures);
            if (extracted != null) {
                return extracted;
            }
            extractionFailed = true; // the jar has the library; no directory would take or map it
        } catch (IOException e) {
            failures.add(e); // no library in the jar, or no recorded hash: its message says what to add
        }
        StringBuilder msg = new StringBuilder("cannot load the sendfile4j native library for ")
                .append(platform.classifier()).append(": ");
        for (int i = 0; i < failures.size(); i++) {
            msg.append(i == 0 ? "" : "; ").append(failures.get(i).getMessage());
        }
        if (extractionFailed) {
            boolean noexec = false;
            for (Throwable t : failures) {
                noexec |= noexec(t);
            }
            msg.append(". Fix: ").append(noexec ? "the file system is mounted noexec; " : "")
                    .append("set -D").append(WORKDIR_PROPERTY).append(" to a writable directory on an exec mount, or -D")
                    .append(LIBRARY_PATH_PROPERTY).append(" to an installed library");
        }
        UnsatisfiedLinkError error = new UnsatisfiedLinkError(msg.toString());
        for (Throwable t : failures) {
            error.addSuppressed(t);
        }
        throw error;
    }

    private static LoadedLibrary extractAndLoad(String resource, String fileName, ClassLoader resources,
            List<Throwable> failures) throws IOException {
        String expected = expectedHash(resource, resources);
        String version = Version.fileNameSafe();
        int dot = fileName.lastIndexOf('.');
        String stem = fileName.substring(0, dot) + "-" + version + "-" + expected.substring(0, 16);
        String ext = fileName.substring(dot);
        for (Path dir : workDirectories()) {
            try {
                ensureOwnerOnlyDirectory(dir);
                Path target = dir.resolve(stem + ext);
                // Never through a link: a link here could point at a verified copy while the load by path
                // then reads whatever it points at later. A rename replaces the link itself.
                if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS) || !expected.equals(sha256(target))) {
                    Path temp = writeVerified(resource, resources, dir, stem, ext, expected);
                    try {
                        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
                    } catch (AtomicMoveNotSupportedException e) {
                        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                try {
                    System.load(target.toString());
                    return new LoadedLibrary(target.toString(), expected, "extracted");
                } catch (UnsatisfiedLinkError e) {
                    if (!String.valueOf(e.getMessage()).contains("another classloader")) {
                        throw e;
                    }
                    // A library file binds to one class loader; a second loader needs its own copy.
                    Path copy = writeVerified(resource, resources, dir, stem, ext, expected);
                    copy.toFile().deleteOnExit();
                    System.load(copy.toString());
                    return new LoadedLibrary(copy.toString(), expected, "extracted");
                }
            } catch (IOException | UnsatisfiedLinkError | SecurityException e) {
                failures.add(attempt("extraction to " + dir, e));
            }
        }
        return null;
    }

    private static Path writeVerified(String resource, ClassLoader resources, Path dir, String stem, String ext,
            String expected) throws IOException {
        Path temp = posix(dir)
                ? Files.createTempFile(dir, stem + "-", ext, PosixFilePermissions.asFileAttribute(OWNER_FILE))
                : Files.createTempFile(dir, stem + "-", ext);
        try {
            try (InputStream in = open(resource, resources); OutputStream out = Files.newOutputStream(temp)) {
                byte[] buf = new byte[8192];
                for (int n; (n = in.read(buf)) > 0;) {
                    out.write(buf, 0, n);
                }
            }
            String actual = sha256(temp);
            if (!expected.equals(actual)) {
                throw new IOException("extracted " + resource + " has SHA-256 " + actual + ", expected " + expected
                        + ": the jar is corrupt or was modified");
            }
            return temp;
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    private static InputStream open(String resource, ClassLoader resources) throws IOException {
        InputStream in = resources.getResourceAsStream(resource);
        if (in == null) {
            throw new IOException(resource + " is not on the class path. Fix: add io.github.sendfile4j:sendfile4j-native"
                    + " with this platform's classifier (or the plain jar for every platform)");
        }
        return in;
    }

    private static String expectedHash(String resource, ClassLoader resources) throws IOException {
        try (InputStream in = open(resource + ".sha256", resources)) {
            byte[] all = new byte[128];
            int n = 0;
            for (int r; n < all.length && (r = in.read(all, n, all.length - n)) > 0;) {
                n += r;
            }
            String hash = new String(all, 0, n, StandardCharsets.US_ASCII).trim().split("\\s+")[0];
            if (!hash.matches("[0-9a-f]{64}")) {
                throw new IOException(resource + ".sha256 does not hold a SHA-256: " + hash);
            }
            return hash;
        }
    }

    static List<Path> workDirectories() {
        List<Path> dirs = new ArrayList<>();
        String configured = System.getProperty(WORKDIR_PROPERTY);
        if (configured != null && !configured.isEmpty()) {
            dirs.add(Paths.get(configured).toAbsolutePath());
        }
        String user = System.getProperty("user.name", "user").replaceAll("[^A-Za-z0-9._-]", "_");
        dirs.add(Paths.get(System.getProperty("java.io.tmpdir"), "sendfile4j-" + user).toAbsolutePath());
        String home = System.getProperty("user.home", "");
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path cache = os.startsWith("mac") ? Paths.get(home, "Library", "Caches")
                : xdg != null && xdg.startsWith("/") ? Paths.get(xdg) : Paths.get(home, ".cache");
        dirs.add(cache.resolve("sendfile4j").toAbsolutePath());
        return dirs;
    }

    private static void ensureOwnerOnlyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir.getParent());
            if (posix(dir.getParent())) {
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_DIR));
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    // Another JVM created it first; checked below like any existing directory.
                }
                Files.setPosixFilePermissions(dir, OWNER_DIR);
            } else {
                Files.createDirectories(dir);
            }
        }
        if (posix(dir)) {
            String owner = Files.getOwner(dir).getName();
            String me = System.getProperty("user.name");
            if (me != null && !owner.equals(me)) {
                throw new IOException(dir + " belongs to " + owner + ", not " + me);
            }
            Set<PosixFilePermission> perms = EnumSet.copyOf(Files.getPosixFilePermissions(dir));
            perms.retainAll(EnumSet.of(PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE));
            if (!perms.isEmpty()) {
                throw new IOException(dir + " is writable by others (" + perms + "); refusing to load code from it");
            }
        }
    }

    private static boolean posix(Path p) {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix") && p != null;
    }

    private static Throwable attempt(String what, Throwable cause) {
        String message = cause instanceof UnsatisfiedLinkError ? String.valueOf(cause.getMessage())
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        // The JDK names the file in its message, once or twice: name it once.
        Throwable t = new UnsatisfiedLinkError(what + ": " + message.replace(what + ": ", ""));
        t.initCause(cause);
        return t;
    }

    /** A library that was written but cannot be mapped executable: a noexec mount, or a policy like it. */
    private static boolean noexec(Throwable failure) {
        String m = String.valueOf(failure.getMessage());
        return m.contains("failed to map segment") || m.contains("Operation not permitted") || m.contains("mmap");
    }

    /**
     * @param file a file
     * @return its SHA-256, lower-case hex
     * @throws IOException if it cannot be read
     */
    static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IOException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0;) {
                md.update(buf, 0, n);
            }
        }
        StringBuilder sb = new StringBuilder(64);
        for (byte b : md.digest()) {
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }

    private static String sha256OrUnknown(Path file) {
        try {
            return sha256(file);
        } catch (IOException e) {
            return "unknown";
        }
    }

}
