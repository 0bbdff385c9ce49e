package io.github.sendfile4j.spi;

import java.util.Locale;

/**
 * The operating system and architecture, normalised exactly as os-maven-plugin 1.7.1 does, so that
 * {@link #classifier()} equals the {@code ${os.detected.classifier}} a Maven build resolves
 * ({@code linux-x86_64}, {@code linux-aarch_64}, {@code osx-aarch_64}, {@code freebsd-x86_64}, ...).
 */
public final class Platform {
    private final String os;
    private final String arch;

    private Platform(String os, String arch) {
        this.os = os;
        this.arch = arch;
    }

    /** @return the platform of this JVM, from {@code os.name} and {@code os.arch} */
    public static Platform current() {
        return of(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    /**
     * @param osName {@code os.name} as the JVM reports it
     * @param osArch {@code os.arch} as the JVM reports it
     * @return the normalised platform
     */
    public static Platform of(String osName, String osArch) {
        return new Platform(normaliseOs(osName), normaliseArch(osArch));
    }

    static String normaliseOs(String value) {
        String v = strip(value);
        if (v.startsWith("linux")) {
            return "linux";
        }
        if (v.startsWith("mac") || v.startsWith("osx")) {
            return "osx";
        }
        if (v.startsWith("freebsd")) {
            return "freebsd";
        }
        if (v.startsWith("openbsd")) {
            return "openbsd";
        }
        if (v.startsWith("netbsd")) {
            return "netbsd";
        }
        if (v.startsWith("windows")) {
            return "windows";
        }
        if (v.startsWith("solaris") || v.startsWith("sunos")) {
            return "sunos";
        }
        if (v.startsWith("aix")) {
            return "aix";
        }
        return "unknown";
    }

    static String normaliseArch(String value) {
        String v = strip(value);
        if (v.matches("^(x8664|amd64|ia32e|em64t|x64)$")) {
            return "x86_64";
        }
        if (v.matches("^(x8632|x86|i[3-6]86|ia32|x32)$")) {
            return "x86_32";
        }
        if (v.equals("aarch64")) {
            return "aarch_64";
        }
        if (v.matches("^(arm|arm32)$")) {
            return "arm_32";
        }
        if (v.equals("ppc64le")) {
            return "ppcle_64";
        }
        if (v.equals("s390x")) {
            return "s390_64";
        }
        if (v.equals("riscv64")) {
            return "riscv64";
        }
        return v.isEmpty() ? "unknown" : v;
    }

    private static String strip(String value) {
        return value == null ? "" : value.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "");
    }

    /** @return {@code linux}, {@code osx}, {@code freebsd}, {@code windows}, ... or {@code unknown} */
    public String os() {
        return os;
    }

    /** @return {@code x86_64}, {@code aarch_64}, ... */
    public String arch() {
        return arch;
    }

    /** @return {@code os + "-" + arch}, os-maven-plugin's classifier */
    public String classifier() {
        return os + "-" + arch;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Platform && ((Platform) o).os.equals(os) && ((Platform) o).arch.equals(arch);
    }

    @Override
    public int hashCode() {
        return os.hashCode() * 31 + arch.hashCode();
    }

    @Override
    public String toString() {
        return classifier();
    }
}
