package dev.brook.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DynamicConfigDiffTest {
    @Test
    void setsWhatDiffersAndRemovesOnlyBrookManagedKeysTheSpecDropped() {
        DynamicConfigDiff diff = DynamicConfigDiff.of(
                Map.of("log.retention.ms", "1000", "min.insync.replicas", "2", "auto.create.topics.enable", "false"),
                Map.of("min.insync.replicas", "2", "log.cleaner.threads", "3", "leader.replication.throttled.rate", "1000"));
        assertThat(diff.set()).containsExactly(Map.entry("log.retention.ms", "1000"));
        // log.cleaner.threads is Brook's and no longer in the spec; the throttle was set by hand: not Brook's to remove.
        assertThat(diff.remove()).containsExactly("log.cleaner.threads");
        assertThat(diff.describe()).isEqualTo("set log.retention.ms=1000; removed log.cleaner.threads");
    }

    @Test
    void nothingToDoWhenKafkaAlreadySaysWhatTheSpecSays() {
        assertThat(DynamicConfigDiff.of(Map.of("log.retention.ms", "1000"), Map.of("log.retention.ms", "1000")).isEmpty()).isTrue();
        assertThat(DynamicConfigDiff.of(Map.of("auto.create.topics.enable", "false"), Map.of()).isEmpty()).isTrue();
    }
}
