package io.github.sendfile4j;

/** One discovered provider and why it was or was not chosen. */
public final class ProviderStatus {
    private final String name;
    private final boolean chosen;
    private final String reason;
    private final Throwable cause;

    ProviderStatus(String name, boolean chosen, String reason, Throwable cause) {
        this.name = name;
        this.chosen = chosen;
        this.reason = reason;
        this.cause = cause;
    }

    /** @return the provider's name, or its class name when it could not even be instantiated */
    public String name() {
        return name;
    }

    /** @return whether this provider serves every call */
    public boolean chosen() {
        return chosen;
    }

    /** @return one line saying why it was or was not chosen */
    public String reason() {
        return reason;
    }

    /** @return the failure behind the reason, or {@code null} */
    public Throwable cause() {
        return cause;
    }

    @Override
    public String toString() {
        return name + (chosen ? " [chosen]: " : ": ") + reason;
    }
}
