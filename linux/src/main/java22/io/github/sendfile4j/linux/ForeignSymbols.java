package io.github.sendfile4j.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.Linker;
import java.lang.foreign.SymbolLookup;
import java.nio.file.Path;

/**
 * Where the FFM gateway finds the C functions it calls: libc, through the linker's default lookup. The
 * system property {@value #PROPERTY} names a shared library whose symbols are found first, falling back to
 * libc for the rest; the test suite's fault injection comes in that way (LD_PRELOAD cannot reach a lookup
 * that opens libc itself), and so could a tracing layer. Read once, when the gateway is first linked.
 */
final class ForeignSymbols {
    /** System property: a shared library to look the gateway's C functions up in before libc. */
    static final String PROPERTY = "sendfile4j.ffm.symbols";

    static final SymbolLookup LOOKUP = lookup();

    private ForeignSymbols() {
    }

    @SuppressWarnings("restricted") // allowed: ForeignGateway opens the gateway only with native access enabled
    private static SymbolLookup lookup() {
        SymbolLookup libc = Linker.nativeLinker().defaultLookup();
        String first = System.getProperty(PROPERTY, "");
        if (first.isEmpty()) {
            return libc;
        }
        return SymbolLookup.libraryLookup(Path.of(first), Arena.global()).or(libc);
    }

    /** @return what the gateway links against, for diagnostics */
    static String describe() {
        String first = System.getProperty(PROPERTY, "");
        return first.isEmpty() ? "libc" : first + ", then libc (-D" + PROPERTY + ")";
    }
}
