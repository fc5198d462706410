package dev.brook.kafka;

import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.InvalidRequestException;
import org.apache.kafka.common.errors.PolicyViolationException;

/**
 * Tells Kafka refusing what was asked (a value it does not accept: the user must change the spec) from Kafka
 * not answering (retry later).
 */
public final class KafkaRefusals {
    private KafkaRefusals() {
    }

    /** True when the failure is Kafka's verdict on a configuration value, not a connection or timeout problem. */
    public static boolean isConfigRefusal(KafkaOperationException e) {
        Throwable cause = e.getCause();
        return cause instanceof InvalidConfigurationException || cause instanceof InvalidRequestException
                || cause instanceof PolicyViolationException;
    }
}
