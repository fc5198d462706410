package dev.brook.contract;

import java.util.HashSet;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/** Reads typed fields from parsed inputs text and refuses keys nobody read (typos, stale fields). */
final class InputFields {
    private final String source;
    private final SortedMap<String, String> entries;
    private final Set<String> consumed = new HashSet<>();

    InputFields(String source, SortedMap<String, String> entries) {
        this.source = source;
        this.entries = entries;
    }

    String required(String key) {
        String value = entries.get(key);
        if (value == null || value.isBlank()) {
            throw new InvalidInputsException(source + ": required field '" + key + "' is missing");
        }
        consumed.add(key);
        return value.trim();
    }

    String optional(String key) {
        String value = entries.get(key);
        consumed.add(key);
        return value == null || value.isBlank() ? null : value.trim();
    }

    int requiredInt(String key) {
        return parseInt(key, required(key));
    }

    int optionalInt(String key, int defaultValue) {
        String value = optional(key);
        return value == null ? defaultValue : parseInt(key, value);
    }

    /** {@code true} or {@code false} (exactly, case-insensitive); {@code defaultValue} when absent. */
    boolean optionalBoolean(String key, boolean defaultValue) {
        String value = optional(key);
        if (value == null) {
            return defaultValue;
        }
        if (value.equalsIgnoreCase("true") || value.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(value);
        }
        throw new InvalidInputsException(source + ": field '" + key + "' is not true or false: '" + value + "'");
    }

    /** All entries under {@code prefix}, prefix stripped, sorted. */
    SortedMap<String, String> withPrefix(String prefix) {
        SortedMap<String, String> found = new TreeMap<>();
        entries.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                found.put(k.substring(prefix.length()), v);
                consumed.add(k);
            }
        });
        return found;
    }

    void refuseUnknown() {
        for (String key : entries.keySet()) {
            if (!consumed.contains(key)) {
                throw new InvalidInputsException(source + ": unknown field '" + key + "'");
            }
        }
    }

    private int parseInt(String key, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new InvalidInputsException(source + ": field '" + key + "' is not an integer: '" + value + "'");
        }
    }
}
