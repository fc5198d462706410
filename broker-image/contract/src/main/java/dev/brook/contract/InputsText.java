package dev.brook.contract;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The text form of pod inputs and rendered configuration: {@code java.util.Properties} syntax, one
 * {@code key=value} per line, keys sorted, no timestamp, so equal content gives equal bytes and an equal
 * hash. Readable by {@link Properties#load} and by this class.
 */
public final class InputsText {
    private InputsText() {
    }

    /** Renders {@code entries} sorted by key under a one-line comment header (which may be null). */
    public static String render(String header, Map<String, String> entries) {
        StringBuilder out = new StringBuilder();
        if (header != null) {
            out.append("# ").append(header.replace('\n', ' ')).append('\n');
        }
        for (Map.Entry<String, String> e : new TreeMap<>(entries).entrySet()) {
            out.append(escape(e.getKey(), true)).append('=').append(escape(e.getValue(), false)).append('\n');
        }
        return out.toString();
    }

    /** Parses properties text into a sorted map. */
    public static SortedMap<String, String> parse(String text) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidInputsException("malformed properties text: " + e.getMessage());
        }
        SortedMap<String, String> sorted = new TreeMap<>();
        properties.forEach((k, v) -> sorted.put((String) k, (String) v));
        return sorted;
    }

    /** Lower-case hex SHA-256 of the UTF-8 bytes of {@code text}: the value for a pod-template annotation. */
    public static String sha256Hex(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE has SHA-256", e);
        }
    }

    private static String escape(String s, boolean isKey) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\f' -> out.append("\\f");
                case ' ' -> out.append(isKey || i == 0 ? "\\ " : " ");
                case '=', ':', '#', '!' -> out.append(isKey ? "\\" + c : String.valueOf(c));
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
