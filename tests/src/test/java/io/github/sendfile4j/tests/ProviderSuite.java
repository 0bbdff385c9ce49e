package io.github.sendfile4j.tests;

import io.github.sendfile4j.SendfileCalls;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;

/**
 * The base of a test class that runs once per provider under test: the class says which ones with
 * {@code @ParameterizedClass} and {@code @MethodSource("io.github.sendfile4j.tests.Providers#all")}, and its
 * tests make their calls through {@link #calls}. A provider this machine cannot run skips the tests by name.
 */
abstract class ProviderSuite {
    @Parameter
    ProviderUnderTest under;

    /** The calls of the provider under test, with every argument check of {@code Sendfile}'s. */
    SendfileCalls calls;

    private static final Set<String> REPORTED = ConcurrentHashMap.newKeySet();

    @BeforeEach
    void useProviderUnderTest() {
        calls = under.calls();
        reportOnce("[provider] " + getClass().getSimpleName() + " " + under.describe());
    }

    /**
     * Prints a line once per test class and provider: what a run exercised, quoted in reports.
     *
     * @param line the line
     */
    void reportOnce(String line) {
        if (REPORTED.add(getClass().getName() + " " + under + " " + line)) {
            System.out.println(line);
        }
    }
}
