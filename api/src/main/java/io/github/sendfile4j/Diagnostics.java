package io.github.sendfile4j;

import io.github.sendfile4j.internal.Version;
import io.github.sendfile4j.spi.SendfileProvider;
import java.util.Map;

/** The text of {@link Sendfile#diagnostics()}: what a support engineer asks for. */
final class Diagnostics {
    private Diagnostics() {
    }

    static String describe(ProviderSelection selection) {
        StringBuilder sb = new StringBuilder(512);
        line(sb, "sendfile4j", Version.get());
        line(sb, "platform", selection.platform + " (os.name=" + System.getProperty("os.name") + ", os.arch="
                + System.getProperty("os.arch") + ")");
        line(sb, "java", System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", "
                + System.getProperty("java.home") + ")");
        sb.append("providers:\n");
        for (ProviderStatus s : selection.statuses) {
            sb.append("  ").append(s.chosen() ? "* " : "- ").append(s.name()).append(": ").append(s.reason())
                    .append('\n');
        }
        SendfileProvider p = selection.chosen;
        if (p != null) {
            line(sb, "provider", p.name());
            for (Map.Entry<String, String> e : p.details().entrySet()) {
                line(sb, e.getKey(), e.getValue());
            }
            Capabilities c = p.capabilities();
            StringBuilder flags = new StringBuilder();
            for (SendFlag f : c.flags()) {
                flags.append(flags.length() == 0 ? "" : " ").append(f);
            }
            line(sb, "flags", flags.length() == 0 ? "(none)" : flags.toString());
            line(sb, "capabilities", "rawDescriptors=" + c.rawDescriptors() + " fileTargets=" + c.fileTargets()
                    + " kernelHeaders=" + c.kernelHeaders() + " perCallCap="
                    + (c.perCallCap() == Long.MAX_VALUE ? "none" : "0x" + Long.toHexString(c.perCallCap())));
        } else {
            line(sb, "provider", "(none available)");
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, String key, String value) {
        sb.append(key).append(": ").append(value).append('\n');
    }
}
