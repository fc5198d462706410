package dev.brook.operator.bench;

import dev.brook.operator.testing.KafkaTestCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * bench/topics, part 2: the time from a consumer's commit to the lag in a ConsumerGroup's status with
 * a short group refresh interval (PT1S; the default PT15S is measured by {@link TopicScaleBenchmark}).
 * Its own Quarkus start (another profile) and its own small cluster. Runs only with -Dbrook.bench=true.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(BenchProfiles.ShortGroupRefresh.class)
@EnabledIfSystemProperty(named = "brook.bench", matches = "true")
class GroupLagShortRefreshBenchmark {
    private static final String NS = "bench-lag";
    @org.junit.jupiter.api.extension.RegisterExtension
    static final dev.brook.operator.testing.SharedKafka SHARED = new dev.brook.operator.testing.SharedKafka("bench-lag", 62);

    @Inject
    KubernetesClient client;

    @Test
    void commitToLagInStatusWithAShortRefresh() throws Exception {
        BenchReport report = new BenchReport("2-lag-short", "Brook bench/topics: consumer commit -> lag in status, short refresh");
        report.line("-- consumer commit -> lag in ConsumerGroup status, brook.group.refresh-interval=PT1S (1 group, 1 partition, no other load)");
        dev.brook.operator.testing.KafkaTestCluster.register(client, NS, "kafka", SHARED.cluster());
        Duration interval = Duration.ofSeconds(1);
        List<LagProbe.Sample> samples = LagProbe.measure(client, SHARED.cluster(), SHARED.admin(), NS, "kafka", "lag-probe", interval,
                Integer.getInteger("brook.bench.lag-samples", 10));
        LagProbe.report(report, "short", interval, samples);
        report.line("load average at end: " + BenchReport.loadAverage());
        report.write();
    }
}
