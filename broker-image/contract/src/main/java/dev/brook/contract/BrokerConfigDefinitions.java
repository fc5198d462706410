package dev.brook.contract;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The type and allowed values of every broker configuration key of the Kafka in the image, so a bad
 * {@code spec.brokers.config} value is refused before any broker restarts (the agent would refuse it
 * only when the broker starts, with the first broker of a roll already down).
 *
 * <p>The definitions are a resource generated from Kafka's own {@code KafkaConfig.configDef()}: the agent
 * module (which has Kafka on its classpath) regenerates it and fails the build when it is stale, and checks
 * that this class refuses exactly what Kafka refuses. Parsing follows Kafka's {@code ConfigDef.parseType}
 * (values trimmed, lists split on commas) and the checks follow its validators; a validator Kafka has but
 * this file does not describe ({@link Check.Kind#OTHER}) is left to the broker. Keys Kafka does not define
 * (plugin and per-listener settings) are not judged here: Kafka accepts them too.
 */
public final class BrokerConfigDefinitions {
    /** The resource, beside this class. */
    public static final String RESOURCE = "kafka-broker-configs.tsv";
    private static final Pattern LIST_SEPARATOR = Pattern.compile("\\s*,\\s*");
    private static final Map<String, Definition> DEFINITIONS = load();

    private BrokerConfigDefinitions() {
    }

    /** Kafka's types of configuration values (ConfigDef.Type). */
    public enum Type {
        BOOLEAN, STRING, INT, SHORT, LONG, DOUBLE, LIST, CLASS, PASSWORD
    }

    /** What Kafka checks beyond the type. */
    public record Check(Kind kind, List<String> values) {
        public enum Kind {
            /** Nothing beyond the type. */
            NONE,
            /** A number within [min, max]; values holds min and max, "" for no bound. */
            RANGE,
            /** One of the values, exactly. */
            ONE_OF,
            /** One of the values, whatever the case. */
            ONE_OF_IGNORING_CASE,
            /** A list whose every element is one of the values. */
            LIST_OF,
            /** Any text but an empty one (after trimming). */
            NON_EMPTY,
            /** A check Kafka makes that Brook does not repeat; values holds Kafka's validator class. */
            OTHER
        }

        public Check {
            values = List.copyOf(values);
        }

        /** One line's column: {@code KIND} or {@code KIND:v1,v2,...}. */
        public String encode() {
            return values.isEmpty() ? kind.name() : kind.name() + ":" + String.join(",", values);
        }

        static Check decode(String text) {
            int colon = text.indexOf(':');
            if (colon < 0) {
                return new Check(Kind.valueOf(text), List.of());
            }
            return new Check(Kind.valueOf(text.substring(0, colon)), Arrays.asList(text.substring(colon + 1).split(",", -1)));
        }
    }

    /** One key: its type and check. */
    public record Definition(String key, Type type, Check check) {
        /** The resource's line for this key (tab-separated). */
        public String encode() {
            return key + "\t" + type.name() + "\t" + check.encode();
        }
    }

    /** Every definition, by key (sorted). */
    public static Map<String, Definition> all() {
        return DEFINITIONS;
    }

    /**
     * Why Kafka would refuse {@code value} for {@code key}, as a sentence that says what to write instead;
     * empty when Kafka would take it (or does not define the key).
     */
    public static Optional<String> problem(String key, String value) {
        Definition definition = DEFINITIONS.get(key);
        if (definition == null || value == null) {
            return Optional.empty();
        }
        String trimmed = value.trim();
        switch (definition.type()) {
            case BOOLEAN -> {
                if (!trimmed.equalsIgnoreCase("true") && !trimmed.equalsIgnoreCase("false")) {
                    return refuse(value, "is not a boolean; use true or false");
                }
            }
            case INT, SHORT, LONG, DOUBLE -> {
                Double number = parseNumber(definition.type(), trimmed);
                if (number == null) {
                    return refuse(value, "is not a number of type " + definition.type() + "; use " + numberHint(definition.type()));
                }
                if (definition.check().kind() == Check.Kind.RANGE) {
                    return outOfRange(value, number, definition.check().values());
                }
                return Optional.empty();
            }
            default -> {
            }
        }
        return switch (definition.check().kind()) {
            case ONE_OF -> definition.check().values().contains(trimmed) ? Optional.empty()
                    : refuse(value, "is not allowed; use one of " + definition.check().values());
            case ONE_OF_IGNORING_CASE -> upperCased(definition.check().values()).contains(trimmed.toUpperCase(Locale.ROOT)) ? Optional.empty()
                    : refuse(value, "is not allowed; use one of " + definition.check().values());
            case LIST_OF -> listProblem(value, trimmed, definition.check().values());
            case NON_EMPTY -> trimmed.isEmpty() ? refuse(value, "is empty; give a value or remove the key") : Optional.empty();
            default -> Optional.empty();
        };
    }

    private static Optional<String> listProblem(String value, String trimmed, List<String> allowed) {
        if (trimmed.isEmpty()) {
            return Optional.empty();
        }
        for (String element : LIST_SEPARATOR.split(trimmed, -1)) {
            if (!allowed.contains(element)) {
                return refuse(value, "has '" + element + "', which is not allowed; use a comma-separated list of " + allowed);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> outOfRange(String value, double number, List<String> bounds) {
        String min = bounds.get(0);
        String max = bounds.get(1);
        // Kafka compares as doubles (ConfigDef.Range): do the same, so the verdicts agree at the edges.
        boolean tooSmall = !min.isEmpty() && number < Double.parseDouble(min);
        boolean tooLarge = !max.isEmpty() && number > Double.parseDouble(max);
        if (!tooSmall && !tooLarge) {
            return Optional.empty();
        }
        String range = max.isEmpty() ? "at least " + min : min.isEmpty() ? "at most " + max : "between " + min + " and " + max;
        return refuse(value, "is out of range; use a value " + range);
    }

    private static Double parseNumber(Type type, String trimmed) {
        try {
            return switch (type) {
                case INT -> (double) Integer.parseInt(trimmed);
                case SHORT -> (double) Short.parseShort(trimmed);
                case LONG -> (double) Long.parseLong(trimmed);
                default -> Double.valueOf(trimmed);
            };
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String numberHint(Type type) {
        return switch (type) {
            case INT -> "a whole number up to " + Integer.MAX_VALUE;
            case SHORT -> "a whole number up to " + Short.MAX_VALUE;
            case LONG -> "a whole number";
            default -> "a decimal number";
        };
    }

    private static Set<String> upperCased(List<String> values) {
        Set<String> upper = new LinkedHashSet<>();
        values.forEach(v -> upper.add(v.toUpperCase(Locale.ROOT)));
        return upper;
    }

    private static Optional<String> refuse(String value, String why) {
        return Optional.of("'" + value + "' " + why + " (Kafka 3.9.2's definition of this key)");
    }

    /** Reads the definitions resource; a line is {@code key<TAB>TYPE<TAB>CHECK}, '#' starts a comment. */
    static Map<String, Definition> parse(InputStream in) throws IOException {
        Map<String, Definition> definitions = new TreeMap<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] columns = line.split("\t", -1);
                if (columns.length != 3) {
                    throw new IllegalStateException(RESOURCE + ": expected key, type and check separated by tabs: " + line);
                }
                definitions.put(columns[0], new Definition(columns[0], Type.valueOf(columns[1]), Check.decode(columns[2])));
            }
        }
        return Collections.unmodifiableMap(definitions);
    }

    private static Map<String, Definition> load() {
        try (InputStream in = BrokerConfigDefinitions.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + RESOURCE + " is missing beside " + BrokerConfigDefinitions.class.getName());
            }
            return parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
