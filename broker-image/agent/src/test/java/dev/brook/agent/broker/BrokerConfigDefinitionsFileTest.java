package dev.brook.agent.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.contract.BrokerConfigDefinitions;
import dev.brook.contract.BrokerConfigDefinitions.Check;
import dev.brook.contract.BrokerConfigDefinitions.Definition;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import kafka.server.KafkaConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

/**
 * The broker config definitions the operator and {@code brook local} validate with are Kafka's own: the
 * resource is generated here from {@code KafkaConfig.configDef()} (this module has the Kafka of the image)
 * and this test fails when it is stale. Regenerate with
 * {@code ./mvnw -pl broker-image/agent test -Dtest=BrokerConfigDefinitionsFileTest -Dkafka-configs.update=true}.
 *
 * <p>It also asks Kafka's parser and validators about a table of values for every key and checks that
 * {@link BrokerConfigDefinitions} refuses exactly what Kafka refuses (where it describes Kafka's check) and
 * never refuses what Kafka takes.
 */
class BrokerConfigDefinitionsFileTest {
    private static final Path FILE = Path.of("..", "contract", "src", "main", "resources", "dev", "brook", "contract",
            BrokerConfigDefinitions.RESOURCE);
    private static final String REFRESH = "./mvnw -pl broker-image/agent test -Dtest=BrokerConfigDefinitionsFileTest -Dkafka-configs.update=true";

    @Test
    void resourceIsGeneratedFromKafkasOwnDefinitions() throws IOException {
        String expected = render(fromKafka());
        if (Boolean.getBoolean("kafka-configs.update")) {
            Files.writeString(FILE, expected, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(FILE, StandardCharsets.UTF_8))
                .as(FILE + " is stale; regenerate it with: " + REFRESH)
                .isEqualTo(expected);
        assertThat(BrokerConfigDefinitions.all()).hasSize(KafkaConfig.configDef().configKeys().size());
    }

    @Test
    void brookRefusesExactlyWhatKafkaRefuses() {
        List<String> disagreements = new ArrayList<>();
        int judged = 0;
        for (ConfigDef.ConfigKey key : KafkaConfig.configDef().configKeys().values()) {
            Check check = BrokerConfigDefinitions.all().get(key.name).check();
            boolean brookKnowsKafkasCheck = check.kind() != Check.Kind.OTHER && key.type != ConfigDef.Type.CLASS;
            for (String value : probes(key, check)) {
                boolean kafkaRefuses = kafkaRefuses(key, value);
                boolean brookRefuses = BrokerConfigDefinitions.problem(key.name, value).isPresent();
                judged++;
                if (brookRefuses && !kafkaRefuses || brookKnowsKafkasCheck && brookRefuses != kafkaRefuses) {
                    disagreements.add(key.name + "='" + value + "': Kafka " + (kafkaRefuses ? "refuses" : "takes") + ", Brook "
                            + (brookRefuses ? "refuses" : "takes"));
                }
            }
        }
        assertThat(disagreements).as("of " + judged + " values").isEmpty();
    }

    @Test
    void theUsersExampleIsRefusedWithKafkasWording() {
        assertThat(BrokerConfigDefinitions.problem("log.retention.hours", "soon")).hasValueSatisfying(m -> assertThat(m)
                .contains("'soon' is not a number of type INT").contains("use a whole number"));
        assertThat(BrokerConfigDefinitions.problem("log.retention.hours", "168")).isEmpty();
        assertThat(BrokerConfigDefinitions.problem("num.io.threads", "0")).hasValueSatisfying(m -> assertThat(m).contains("at least 1"));
        assertThat(BrokerConfigDefinitions.problem("log.cleanup.policy", "delete,forever")).hasValueSatisfying(m -> assertThat(m)
                .contains("'forever'").contains("[compact, delete]"));
        // Kafka's compression.type check is case-sensitive (ConfigDef.ValidString), so Brook's is too.
        assertThat(BrokerConfigDefinitions.problem("compression.type", "gzip")).isEmpty();
        assertThat(BrokerConfigDefinitions.problem("compression.type", "GZIP")).hasValueSatisfying(m -> assertThat(m).contains("gzip, lz4"));
        assertThat(BrokerConfigDefinitions.problem("auto.create.topics.enable", "ja")).hasValueSatisfying(m -> assertThat(m).contains("true or false"));
        assertThat(BrokerConfigDefinitions.problem("some.plugin.setting", "anything")).isEmpty();
    }

    private static boolean kafkaRefuses(ConfigDef.ConfigKey key, String value) {
        try {
            Object parsed = ConfigDef.parseType(key.name, value, key.type);
            if (key.validator != null) {
                key.validator.ensureValid(key.name, parsed);
            }
            return false;
        } catch (ConfigException | IllegalArgumentException e) {
            return true;
        }
    }

    /** Values each key is judged on: the generic table, the key's default, and the edges of its check. */
    private static Set<String> probes(ConfigDef.ConfigKey key, Check check) {
        Set<String> values = new LinkedHashSet<>(List.of("soon", "", " ", " 5 ", "-1", "0", "1", "2", "32767", "32768",
                "2147483647", "2147483648", "9223372036854775808", "1.5", "-0.5", "1e3", "true", "TRUE", " false ", "yes",
                "a,b", "a, b", ",", "delete", "compact,delete", "PLAINTEXT", "gzip", "GZIP", "none"));
        if (key.hasDefault() && key.defaultValue != null) {
            values.add(defaultAsText(key.defaultValue));
        }
        List<String> edges = check.values();
        switch (check.kind()) {
            case RANGE -> edges.stream().filter(b -> !b.isEmpty()).forEach(b -> {
                values.add(b);
                double d = Double.parseDouble(b);
                values.add(wholeOrDecimal(d - 1));
                values.add(wholeOrDecimal(d + 1));
            });
            case ONE_OF, ONE_OF_IGNORING_CASE, LIST_OF -> {
                for (String v : edges) {
                    values.add(v);
                    values.add(v.toLowerCase(Locale.ROOT));
                    values.add(v.toUpperCase(Locale.ROOT));
                    values.add(" " + v + " ");
                    values.add(v + ",bogus");
                }
                values.add(String.join(",", edges));
                values.add(String.join(" , ", edges));
            }
            default -> {
            }
        }
        return values;
    }

    private static String wholeOrDecimal(double d) {
        return d == Math.rint(d) && Math.abs(d) < 9e18 ? Long.toString((long) d) : Double.toString(d);
    }

    private static String defaultAsText(Object value) {
        if (value instanceof Collection<?> list) {
            return String.join(",", list.stream().map(Object::toString).toList());
        }
        if (value instanceof Class<?> type) {
            return type.getName();
        }
        return value.toString();
    }

    /** Kafka's definitions in the resource's terms. */
    private static Map<String, Definition> fromKafka() {
        Map<String, Definition> definitions = new TreeMap<>();
        for (ConfigDef.ConfigKey key : KafkaConfig.configDef().configKeys().values()) {
            definitions.put(key.name, new Definition(key.name, BrokerConfigDefinitions.Type.valueOf(key.type.name()), checkOf(key.validator)));
        }
        return definitions;
    }

    private static Check checkOf(ConfigDef.Validator validator) {
        if (validator == null) {
            return new Check(Check.Kind.NONE, List.of());
        }
        if (validator instanceof ConfigDef.Range) {
            return new Check(Check.Kind.RANGE, List.of(bound(field(validator, "min")), bound(field(validator, "max"))));
        }
        if (validator instanceof ConfigDef.ValidString) {
            return new Check(Check.Kind.ONE_OF, strings(field(validator, "validStrings")));
        }
        if (validator instanceof ConfigDef.CaseInsensitiveValidString) {
            return new Check(Check.Kind.ONE_OF_IGNORING_CASE, strings(field(validator, "validStrings")));
        }
        if (validator instanceof ConfigDef.NonEmptyString) {
            return new Check(Check.Kind.NON_EMPTY, List.of());
        }
        if (validator instanceof ConfigDef.ValidList) {
            return new Check(Check.Kind.LIST_OF, strings(field(field(validator, "validString"), "validStrings")));
        }
        return new Check(Check.Kind.OTHER, List.of(validator.getClass().getName()));
    }

    private static String bound(Object number) {
        return number == null ? "" : number.toString();
    }

    private static List<String> strings(Object values) {
        List<String> sorted = new ArrayList<>(((Collection<?>) values).stream().map(Object::toString).toList());
        sorted.sort(null);
        sorted.forEach(v -> {
            if (v.contains(",") || v.contains("\t")) {
                throw new IllegalStateException("an allowed value with a comma or tab cannot be written to the resource: " + v);
            }
        });
        return sorted;
    }

    /** Kafka's validators keep what they allow in non-public fields (ConfigDef.Range.min, ...). */
    private static Object field(Object owner, String name) {
        try {
            Field f = owner.getClass().getDeclaredField(name);
            f.setAccessible(true);
            return f.get(owner);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Kafka's " + owner.getClass().getName() + " has no field " + name + " any more", e);
        }
    }

    private static String render(Map<String, Definition> definitions) {
        StringBuilder text = new StringBuilder();
        text.append("# Broker configuration keys of Kafka 3.9.2 (KafkaConfig.configDef()): key, type, check.\n");
        text.append("# Generated by broker-image/agent's BrokerConfigDefinitionsFileTest; do not edit. Regenerate with:\n");
        text.append("# ").append(REFRESH).append('\n');
        definitions.values().forEach(d -> text.append(d.encode()).append('\n'));
        return text.toString();
    }
}
