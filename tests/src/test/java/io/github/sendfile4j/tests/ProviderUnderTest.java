package io.github.sendfile4j.tests;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.sendfile4j.SendfileCalls;
import io.github.sendfile4j.spi.SendfileProvider;

/**
 * One provider through one gateway, as the contract suite runs it: the calls to make, or why this machine or
 * JDK cannot run it (then every test of it is skipped, by name, with that reason). The name is what the test
 * reports show for each run of a class ({@code [linux/jni]}, {@code [freebsd-model]}, ...).
 */
final class ProviderUnderTest {
    final String name;
    private final SendfileCalls calls;
    private final String skipped;
    private final Throwable failure;

    private ProviderUnderTest(String name, SendfileCalls calls, String skipped, Throwable failure) {
        this.name = name;
        this.calls = calls;
        this.skipped = skipped;
        this.failure = failure;
    }

    static ProviderUnderTest serving(String name, SendfileCalls calls) {
        return new ProviderUnderTest(name, calls, null, null);
    }

    static ProviderUnderTest skipped(String name, String why) {
        return new ProviderUnderTest(name, null, why, null);
    }

    /** A provider this machine must run that did not start: every test that uses it fails with the cause. */
    static ProviderUnderTest failed(String name, Throwable failure) {
        return new ProviderUnderTest(name, null, null, failure);
    }

    /**
     * @return the calls; skips the running test when this provider cannot run here
     * @throws AssertionError if it should run here and did not start
     */
    SendfileCalls calls() {
        if (failure != null) {
            throw new AssertionError(name + " is expected on this machine and did not start: " + failure, failure);
        }
        assumeTrue(calls != null, () -> name + " skipped: " + skipped);
        return calls;
    }

    /** @return the provider; skips the running test when it cannot run here */
    SendfileProvider provider() {
        return calls().provider();
    }

    /** @return whether this provider started and serves calls here */
    boolean serves() {
        return calls != null;
    }

    boolean isModel() {
        return name.endsWith("-model");
    }

    boolean isFallback() {
        return name.equals("fallback");
    }

    /** @return the line the suite prints once per provider: what it ran, and through which gateway */
    String describe() {
        return failure != null ? name + ": FAILED to start: " + failure
                : calls == null ? name + ": skipped (" + skipped + ")"
                : name + ": provider " + calls.provider().name() + ", " + calls.provider().details().getOrDefault("gateway", "pure Java")
                        + ", java " + System.getProperty("java.version");
    }

    @Override
    public String toString() {
        return name;
    }
}
