package io.github.sendfile4j;

import io.github.sendfile4j.internal.Log;
import io.github.sendfile4j.spi.Platform;
import io.github.sendfile4j.spi.SendfileProvider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** Discovers providers once and chooses one: forced by property, else the platform's, else fallback. */
final class ProviderSelection {
    static final String FORCE_PROPERTY = "sendfile4j.provider";
    static final String FALLBACK = "fallback";

    final SendfileProvider chosen;
    final List<ProviderStatus> statuses;
    final Platform platform = Platform.current();
    /** The calls served by {@link #chosen}, or {@code null} when none was. */
    private final SendfileCalls calls;

    private ProviderSelection() {
        List<SendfileProvider> found = new ArrayList<>();
        List<ProviderStatus> statuses = new ArrayList<>();
        Iterator<SendfileProvider> it =
                ServiceLoader.load(SendfileProvider.class, Sendfile.class.getClassLoader()).iterator();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                SendfileProvider p = it.next();
                if (!containsName(found, p.name())) {
                    found.add(p);
                }
            } catch (ServiceConfigurationError | LinkageError e) {
                statuses.add(new ProviderStatus(String.valueOf(e.getMessage()), false,
                        "could not be instantiated: " + e, e));
            }
        }
        addKnownProviders(found);
        String forced = System.getProperty(FORCE_PROPERTY, "").trim();
        SendfileProvider winner = null;
        String nativeFailure = null;
        for (SendfileProvider p : found) {
            String reason;
            Throwable cause = null;
            boolean isFallback = FALLBACK.equals(p.name());
            if (!forced.isEmpty() && !forced.equals(p.name())) {
                reason = "not chosen: -D" + FORCE_PROPERTY + "=" + forced;
            } else if (forced.isEmpty() && isFallback) {
                reason = "kept as the last resort";
            } else if (forced.isEmpty() && !p.matches(platform)) {
                reason = "built for another platform than " + platform;
            } else if (winner != null) {
                reason = "not needed: " + winner.name() + " was chosen first";
            } else {
                try {
                    p.initialize();
                    winner = p;
                    reason = forced.isEmpty() ? "matches " + platform + " and loaded" : "forced by -D" + FORCE_PROPERTY;
                } catch (Exception | LinkageError e) {
                    cause = e;
                    reason = "failed to initialize: " + e.getMessage();
                    if (!isFallback) {
                        nativeFailure = p.name() + ": " + e.getMessage();
                    }
                }
            }
            statuses.add(new ProviderStatus(p.name(), p == winner, reason, cause));
        }
        if (winner == null && forced.isEmpty()) {
            for (int i = 0; i < found.size(); i++) {
                SendfileProvider p = found.get(i);
                if (FALLBACK.equals(p.name())) {
                    try {
                        p.initialize();
                        winner = p;
                        statuses.set(statuses.indexOf(statusOf(statuses, p.name())),
                                new ProviderStatus(p.name(), true, "no native provider for " + platform + " loaded", null));
                    } catch (Exception | LinkageError e) {
                        statuses.add(new ProviderStatus(p.name(), false, "failed to initialize: " + e, e));
                    }
                }
            }
            if (winner != null && (nativeFailure != null || SUPPORTED.contains(platform.classifier()))) {
                // One line, once: this platform has a native provider and the user is not getting it.
                // The failure names its own fix (a missing jar, a noexec directory); without one, no jar was found.
                String why = nativeFailure != null ? nativeFailure
                        : "no sendfile4j native jar for it on the class or module path. Fix: add"
                                + " io.github.sendfile4j:sendfile4j-native (classifier " + platform.classifier()
                                + ", or the plain jar for every platform)";
                Log.warning("sendfile4j: using the pure-Java fallback on " + platform + ": " + why
                        + ". Sendfile.diagnostics() or the CLI's 'info' command says more; -D" + FORCE_PROPERTY
                        + "=fallback silences this");
            }
        }
        this.chosen = winner;
        this.calls = winner == null ? null : new SendfileCalls(winner);
        this.statuses = Collections.unmodifiableList(statuses);
    }

    /** Platforms that sendfile4j ships a native library for, by os-maven-plugin classifier. */
    private static final java.util.Set<String> SUPPORTED = new java.util.HashSet<>(java.util.Arrays.asList(
            "linux-x86_64", "linux-aarch_64", "osx-x86_64", "osx-aarch_64", "freebsd-x86_64", "freebsd-aarch_64"));

    /**
     * The providers this project ships, by class name, for when ServiceLoader did not list them: a fat jar
     * whose builder kept only one META-INF/services file loses the others, and would otherwise lose
     * zero-copy without a word. Absent classes are simply absent.
     */
    private static final String[] KNOWN_PROVIDERS = {
        "io.github.sendfile4j.linux.LinuxSendfileProvider", "io.github.sendfile4j.darwin.DarwinSendfileProvider",
        "io.github.sendfile4j.freebsd.FreeBsdSendfileProvider", "io.github.sendfile4j.fallback.FallbackProvider",
    };

    private static void addKnownProviders(List<SendfileProvider> found) {
        java.util.Set<String> classes = new java.util.HashSet<>();
        for (SendfileProvider p : found) {
            classes.add(p.getClass().getName());
        }
        for (String name : KNOWN_PROVIDERS) {
            if (classes.contains(name)) {
                continue;
            }
            try {
                Class<?> c = Class.forName(name, false, Sendfile.class.getClassLoader());
                SendfileProvider p = (SendfileProvider) c.getConstructor().newInstance();
                if (!containsName(found, p.name())) {
                    found.add(p);
                }
            } catch (ReflectiveOperationException | LinkageError | ClassCastException | SecurityException e) {
                // Not on the class path (or not readable from here): ServiceLoader's list stands.
            }
        }
    }

    private static ProviderStatus statusOf(List<ProviderStatus> statuses, String name) {
        for (ProviderStatus s : statuses) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalStateException(name);
    }

    private static boolean containsName(List<SendfileProvider> found, String name) {
        for (SendfileProvider p : found) {
            if (p.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * @return the calls served by the chosen provider
     * @throws IllegalStateException if no provider is available
     */
    SendfileCalls calls() {
        if (calls == null) {
            require(); // throws, saying why
        }
        return calls;
    }

    SendfileProvider require() {
        if (chosen == null) {
            throw new IllegalStateException("no sendfile4j provider available on " + platform + ": " + statuses
                    + ". Put sendfile4j-fallback (and the native jar for this platform) on the class path"
                    + (System.getProperty(FORCE_PROPERTY) != null ? ", or remove -D" + FORCE_PROPERTY : ""));
        }
        return chosen;
    }

    static ProviderSelection get() {
        return Holder.INSTANCE;
    }

    private static final class Holder {
        static final ProviderSelection INSTANCE = new ProviderSelection();
    }
}
