package io.github.sendfile4j.unix;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A platform's constants, read from the one table they are kept in: {@code constants.txt} beside the
 * platform's classes, a line per constant ({@code NAME VALUE SOURCE}, tab-separated, {@code #} comments),
 * each citing the header it comes from. The C build and the tests check their copies against the same file,
 * so a value is typed once.
 */
public final class ConstantsTable {
    private final String source;
    private final Map<String, Long> values;

    private ConstantsTable(String source, Map<String, Long> values) {
        this.source = source;
        this.values = Collections.unmodifiableMap(values);
    }

    /**
     * @param table the table, opened by the platform's constants class itself ({@code
     *              getResourceAsStream("constants.txt")}): on the module path only its own module may read a
     *              resource of its package; closed here
     * @param name  what to call the table in messages
     * @return the table
     * @throws IllegalStateException if the table is missing or a line is malformed (a broken jar)
     */
    public static ConstantsTable read(InputStream table, String name) {
        if (table == null) {
            throw new IllegalStateException(name + " is missing from its jar");
        }
        try (InputStream in = table) {
            return parse(name, in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ConstantsTable parse(String source, InputStream in) throws IOException {
        Map<String, Long> values = new LinkedHashMap<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
        int number = 0;
        for (String line; (line = r.readLine()) != null;) {
            number++;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            if (f.length != 3 || f[2].trim().isEmpty() || values.containsKey(f[0])) {
                throw new IllegalStateException(source + ":" + number + ": want NAME<tab>VALUE<tab>SOURCE, once: " + line);
            }
            values.put(f[0], f[1].startsWith("0x") ? Long.parseLong(f[1].substring(2), 16) : Long.parseLong(f[1]));
        }
        return new ConstantsTable(source, values);
    }

    /**
     * @param name a constant's name
     * @return its value, which must fit an int
     * @throws IllegalStateException if the table has no such name
     */
    public int integer(String name) {
        long v = value(name);
        if (v != (int) v) {
            throw new IllegalStateException(name + " = " + v + " in " + source + " does not fit an int");
        }
        return (int) v;
    }

    /**
     * @param name a constant's name
     * @return its value
     * @throws IllegalStateException if the table has no such name
     */
    public long value(String name) {
        Long v = values.get(name);
        if (v == null) {
            throw new IllegalStateException(name + " is not in " + source);
        }
        return v;
    }

    /** @return the errno numbers: every name that starts with {@code E}, in table order */
    public ErrnoTable errnos() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (Map.Entry<String, Long> e : values.entrySet()) {
            if (e.getKey().startsWith("E")) {
                m.put(e.getKey(), integer(e.getKey()));
            }
        }
        return new ErrnoTable(m);
    }

    /** @return every name and value, in table order */
    public Map<String, Long> asMap() {
        return values;
    }
}
