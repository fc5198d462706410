package dev.brook.operator.bench;

import dev.brook.local.LocalKafkaCluster;
import dev.brook.operator.testing.KafkaTestCluster;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
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
    private static LocalKafkaCluster kafka;
    private static Admin admin;

    @Inject
    KubernetesClient client;

    @BeforeAll
    static void startKafka() {
        kafka = KafkaTestCluster.start("bench-lag", 62);
        admin = KafkaTestCluster.admin(kafka);
    }

    @AfterAll
    static void stopKafka() {
        if (admin != null) {
            admin.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void commitToLagInStatusWithAShortRefresh() throws Exception {
        BenchReport report = new BenchReport("2-lag-short", "Brook bench/topics: consumer commit -> lag in status, short refresh");
        report.line("-- consumer commit -> lag in ConsumerGroup status, brook.group.refresh-interval=PT1S (1 group, 1 partition, no other load)");
        dev.brook.operator.testing.KafkaTestCluster.register(client, NS, "kafka", kafka);
        Duration interval = Duration.ofSeconds(1);
        List<LagProbe.Sample> samples = LagProbe.measure(client, kafka, admin, NS, "kafka", "lag-probe", interval,
                Integer.getInteger("brook.bench.lag-samples", 10));
        LagProbe.report(report, "short", interval, samples);
        report.line("load average at end: " + BenchReport.loadAverage());
        report.write();
    }
}
