package dev.brook.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;

/**
 * The Admin client sends an attempt again when it times out before the call's deadline. For a create that is not
 * harmless: the second attempt answers "already exists" for the topic the first one is still creating, and Brook would
 * report its own topic as adopted (1,140 of 10,000 in bench/topics). Kafka's client limits each attempt to
 * request.timeout.ms and to what is left of the call's deadline, so a create is sent once when its Admin client's
 * attempt lasts at least the create's timeout.
 */
class KafkaConnectionsTest {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private final KafkaConnections connections = new KafkaConnections(REQUEST_TIMEOUT);

    @Test
    void aCreateIsNeverSentASecondTimeBecauseOneAttemptTimedOut() {
        AdminClientConfig creates = valid(connections.creates("kafka:9092", null));
        long createTimeoutMs = KafkaTopicAdmin.createTimeout(REQUEST_TIMEOUT).toMillis();
        assertThat(createTimeoutMs).as("a create may take longer than one request in ZooKeeper mode")
                .isGreaterThan(REQUEST_TIMEOUT.toMillis());
        assertThat((long) creates.getInt(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG)).as("one attempt of a create")
                .isGreaterThanOrEqualTo(createTimeoutMs);
    }

    @Test
    void everyOtherRequestKeepsTheConfiguredTimeoutAndRetriesWithinItsDeadline() {
        AdminClientConfig others = valid(connections.readsAndWrites("kafka:9092", null));
        assertThat(others.getInt(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG)).isEqualTo(10_000);
        assertThat(others.getInt(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG)).isEqualTo(20_000);
    }

    /** Kafka's own validation (e.g. a call deadline shorter than one attempt is refused). */
    private static AdminClientConfig valid(Properties p) {
        return new AdminClientConfig(p);
    }
}
