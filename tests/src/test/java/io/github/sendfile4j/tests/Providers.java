package io.github.sendfile4j.tests;

import io.github.sendfile4j.Sendfile;
import io.github.sendfile4j.spi.Platform;
import io.github.sendfile4j.spi.SendfileProvider;
import io.github.sendfile4j.unix.Gateway;
import io.github.sendfile4j.unix.NativeProvider;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every provider the contract suite runs against in this JVM, each its own instance: this platform's native
 * provider through the JNI library and through the FFM gateway (JDK 22+), the pure-Java fallback, and the
 * FreeBSD and macOS providers against their kernel models (tests/src/test/c), each model in classes of its own
 * ({@link IsolatedClassLoader}). The test classes take them as a parameter ({@code @ParameterizedClass}), as
 * Netty's testsuite takes a transport, so one JVM per JDK runs them all.
 *
 * <p>A provider this machine cannot run (no model library without clang, no FFM before JDK 22) is skipped by
 * name with the reason; one the build expects here ({@code -Dsendfile4j.expectedProvider},
 * {@code -Dsendfile4j.expectedGateway}) and that fails to start fails every test that uses it.
 */
final class Providers {
    private static final String NATIVE = System.getProperty("sendfile4j.expectedProvider", "");
    private static final String MODELS = System.getProperty("sendfile4j.models.dir", "");

    private Providers() {
    }

    /** @return every provider, for {@code @MethodSource} */
    static Stream<ProviderUnderTest> all() {
        return Holder.ALL.stream();
    }

    /** @return this platform's native provider through each gateway, for {@code @MethodSource} */
    static Stream<ProviderUnderTest> nativeGateways() {
        return Holder.ALL.stream().filter(p -> !p.isFallback() && !p.isModel());
    }

    /**
     * @param name a name of {@link #all()}, such as {@code freebsd-model}
     * @return that provider
     */
    static ProviderUnderTest named(String name) {
        return Holder.ALL.stream().filter(p -> p.name.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no provider under test named " + name + ": "
                        + Holder.ALL));
    }

    private static final class Holder {
        static final List<ProviderUnderTest> ALL = discover();
    }

    private static List<ProviderUnderTest> discover() {
        List<ProviderUnderTest> all = new ArrayList<>();
        String platformNative = NATIVE.isEmpty() || NATIVE.equals("fallback") ? "" : NATIVE;
        if (!platformNative.isEmpty()) {
            all.add(nativeThrough(platformNative, Gateway.JNI, true));
            boolean ffmExpected = "ffm".equals(System.getProperty("sendfile4j.expectedGateway"))
                    && Runtime.version().feature() >= 22;
            all.add(Runtime.version().feature() >= 22 ? nativeThrough(platformNative, Gateway.FFM, ffmExpected)
                    : ProviderUnderTest.skipped(platformNative + "/ffm", "the FFM gateway needs JDK 22+, this is "
                            + Runtime.version().feature()));
        }
        all.add(started("fallback", newProvider("fallback"), null, true));
        all.add(model("freebsd", "FreeBSD"));
        all.add(model("darwin", "Mac OS X"));
        System.out.println(all.stream().map(p -> "[providers] " + p.describe()).collect(Collectors.joining("\n")));
        return Collections.unmodifiableList(all);
    }

    private static ProviderUnderTest nativeThrough(String name, Gateway gateway, boolean expected) {
        SendfileProvider p = newProvider(name);
        return started(name + "/" + gateway.name().toLowerCase(java.util.Locale.ROOT), p,
                () -> ((NativeProvider<?>) p).initialize(Platform.current(), gateway, null), expected);
    }

    /** A kernel model runs where it was built: Linux x86_64 with clang (tests/src/test/c/build-models.sh). */
    private static ProviderUnderTest model(String os, String osName) {
        String name = os + "-model";
        Path library = Paths.get(MODELS, "libsendfile4j-" + os + "-model.so");
        if (MODELS.isEmpty() || !Files.isRegularFile(library)) {
            return ProviderUnderTest.skipped(name, "the " + osName + " kernel model was not built ("
                    + library + "): apt-get install clang");
        }
        try {
            ClassLoader own = new IsolatedClassLoader("io.github.sendfile4j.unix", "io.github.sendfile4j." + os);
            Class<?> providerClass = Class.forName(os.equals("freebsd") ? "io.github.sendfile4j.freebsd.FreeBsdSendfileProvider"
                    : "io.github.sendfile4j.darwin.DarwinSendfileProvider", true, own);
            SendfileProvider p = (SendfileProvider) providerClass.getConstructor().newInstance();
            @SuppressWarnings({"unchecked", "rawtypes"})
            Object jni = Enum.valueOf((Class) own.loadClass("io.github.sendfile4j.unix.Gateway"), "JNI");
            Platform modelled = Platform.of(osName, "amd64");
            return started(name, p, () -> {
                try {
                    providerClass.getMethod("initialize", Platform.class, jni.getClass(), Path.class)
                            .invoke(p, modelled, jni, library);
                } catch (InvocationTargetException e) {
                    throw e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause()
                            : new IllegalStateException(e.getCause());
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }, true);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot make the " + name + " provider", e);
        }
    }

    /** How a provider starts: {@code initialize()} and its explicit form both may throw anything. */
    private interface Start {
        void run() throws Exception;
    }

    private static ProviderUnderTest started(String name, SendfileProvider p, Start start, boolean expected) {
        try {
            if (start != null) {
                start.run();
            } else {
                p.initialize();
            }
            return ProviderUnderTest.serving(name, Sendfile.using(p));
        } catch (Exception | LinkageError e) {
            if (expected) {
                return ProviderUnderTest.failed(name, e);
            }
            return ProviderUnderTest.skipped(name, "did not start: " + e.getMessage());
        }
    }

    /** A fresh instance: ServiceLoader makes new ones on each load. */
    private static SendfileProvider newProvider(String name) {
        for (SendfileProvider p : ServiceLoader.load(SendfileProvider.class)) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalStateException("no provider named " + name + " on the class path");
    }
}
