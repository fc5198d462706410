package dev.brook.agent.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.contract.DynamicBrokerKeys;
import java.util.Properties;
import kafka.server.DynamicBrokerConfig$;
import kafka.server.KafkaConfig;
import org.junit.jupiter.api.Test;

/**
 * The operator applies {@link DynamicBrokerKeys} as cluster-wide dynamic defaults instead of
 * restarting brokers: each must be one Kafka 3.9 accepts that way. Asked of Kafka's own validation
 * (what the controller runs for {@code kafka-configs.sh --entity-default}).
 */
class DynamicBrokerKeysTest {

    @Test
    void everyBrookDynamicKeyIsAClusterWideDynamicConfigInKafka() {
        for (String key : DynamicBrokerKeys.KEYS) {
            assertThat(DynamicBrokerConfig$.MODULE$.AllDynamicConfigs().contains(key)).as(key + " is dynamic in Kafka").isTrue();
            Properties props = new Properties();
            props.put(key, valueFor(key));
            // perBrokerConfig=false: the cluster-wide default; Kafka refuses per-broker-only keys here.
            DynamicBrokerConfig$.MODULE$.validateConfigs(props, false);
        }
    }

    @Test
    void kafkasValidationRefusesWhatBrookKeepsStatic() {
        Properties listenerKey = new Properties();
        listenerKey.put("ssl.keystore.location", "/tmp/ks");
        assertThatThrownBy(() -> DynamicBrokerConfig$.MODULE$.validateConfigs(listenerKey, false)).hasMessageContaining("ssl.keystore.location");
        Properties staticKey = new Properties();
        staticKey.put("auto.create.topics.enable", "false");
        assertThatThrownBy(() -> DynamicBrokerConfig$.MODULE$.validateConfigs(staticKey, false))
                .hasMessageContaining("auto.create.topics.enable");
        assertThat(DynamicBrokerKeys.isDynamic("auto.create.topics.enable")).isFalse();
        assertThat(DynamicBrokerKeys.isDynamic("num.recovery.threads.per.data.dir")).isFalse();
    }

    private static String valueFor(String key) {
        Object value = KafkaConfig.configDef().defaultValues().get(key);
        if (value == null) {
            return "1000"; // keys without a default here are all numbers (milliseconds)
        }
        if (value instanceof java.util.List<?> list) {
            return String.join(",", list.stream().map(Object::toString).toList());
        }
        return value.toString();
    }
}
