package dev.brook.operator.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.contract.ZookeeperInputs;
import dev.brook.operator.reconcile.Conditions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The ZooKeeper ensemble resized with real processes while a client writes: 3 -> 5 and back to 3, one server at a
 * time, the leader restarted last, no acknowledged write lost, the brokers restarted once per resize.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ZookeeperResizeHarnessTest {
    /**
     * The longest a write may wait: ZooKeeper's own limit for a follower to connect and sync to a new leader
     * (initLimit ticks). Beyond it the ensemble failed to form again within ZooKeeper's rules, which a resize
     * that keeps a quorum at every step never asks of it.
     */
    private static final long QUORUM_GAP_MS = (long) ZookeeperInputs.DEFAULT_INIT_LIMIT * ZookeeperInputs.DEFAULT_TICK_TIME_MS;

    private HarnessCluster harness;

    @Inject
    KubernetesClient client;

    @BeforeAll
    void startCluster() {
        harness = HarnessCluster.start(client, "harness-zk", 54);
    }

    @AfterAll
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void theEnsembleGrowsAndShrinksOneServerAtATimeLeaderLastAndStaysWritable() throws Exception {
        harness.awaitSettled(Duration.ofSeconds(300));
        grow();
        shrink();
    }

    private void grow() throws Exception {
        int startsBefore = harness.kubelet.starts().size();
        String connect = zookeeperConnect();
        List<String> restarted;
        try (ZookeeperProbe probe = new ZookeeperProbe(connect, harness.zookeeperClientConfig(), i -> harness.status("alpha-zookeeper-" + i), 5)) {
            awaitWriting(probe);
            Instant begin = Instant.now();
            harness.edit(c -> c.getSpec().getZookeeper().setReplicas(5));
            // 3 -> 4: server 4 starts, servers 1-3 restart; 4 -> 5: server 5 starts, servers 1-4 restart; then each broker once.
            int expectedStarts = startsBefore + 1 + 3 + 1 + 4 + 3;
            await().atMost(Duration.ofSeconds(900)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                Cluster c = harness.cluster();
                return harness.kubelet.starts().size() >= expectedStarts && Conditions.isTrue(c.getStatus().getConditions(), "Ready")
                        && c.getStatus().getReadyZookeepers() == 5 && "Done".equals(HarnessCluster.reason(c, "ZookeeperScaling", null))
                        && "UpToDate".equals(HarnessCluster.reason(c, "RollingRestart", null));
            });
            System.out.printf("HARNESS: ZooKeeper 3 -> 5 (one server at a time, then one broker roll) took %d ms; longest time without "
                    + "a ZooKeeper write %d ms, %d writes acknowledged, %d failed; leaders %s%n", Duration.between(begin, Instant.now()).toMillis(),
                    probe.longestGapMs(), probe.acknowledged().size(), probe.failures(), probe.leaders());
            probe.stop();
            restarted = harness.startsSince(startsBefore);
            assertThat(probe.missing(connect)).as("acknowledged ZooKeeper writes").isEmpty();
            assertThat(probe.longestGapMs()).as("the ensemble kept a quorum: no write waited longer than ZooKeeper allows a sync")
                    .isLessThan(QUORUM_GAP_MS);
            List<Integer> leaders = probe.leaders();
            assertThat(leaders).as("one leader election per step: the leader restarted last each time").hasSize(3);
            assertThat(restarted.get(3)).as("step 1 restarted the leader last").isEqualTo("alpha-zookeeper-" + leaders.get(0));
            assertThat(restarted.get(8)).as("step 2 restarted the leader last").isEqualTo("alpha-zookeeper-" + leaders.get(1));
        }
        assertThat(restarted.get(0)).isEqualTo("alpha-zookeeper-3");
        assertThat(restarted.subList(1, 4)).containsExactlyInAnyOrder("alpha-zookeeper-0", "alpha-zookeeper-1", "alpha-zookeeper-2");
        assertThat(restarted.get(4)).isEqualTo("alpha-zookeeper-4");
        assertThat(restarted.subList(5, 9)).containsExactlyInAnyOrder("alpha-zookeeper-0", "alpha-zookeeper-1", "alpha-zookeeper-2",
                "alpha-zookeeper-3");
        assertThat(restarted.subList(9, restarted.size())).as("brokers restart once, after the last step")
                .containsExactlyInAnyOrder("alpha-broker-0", "alpha-broker-1", "alpha-broker-2");
        assertThat(harness.cluster().getStatus().getZookeeperConnect()).contains("alpha-zookeeper-4");
    }

    private void shrink() throws Exception {
        int startsBefore = harness.kubelet.starts().size();
        String connect = zookeeperConnect();
        try (ZookeeperProbe probe = new ZookeeperProbe(connect, harness.zookeeperClientConfig(), i -> harness.status("alpha-zookeeper-" + i), 5)) {
            awaitWriting(probe);
            Instant begin = Instant.now();
            harness.edit(c -> c.getSpec().getZookeeper().setReplicas(3));
            // 5 -> 4: servers 1-4 restart with a list of 4, then server 5 goes; 4 -> 3: servers 1-3, then server 4 goes; brokers once.
            int expectedStarts = startsBefore + 4 + 3 + 3;
            await().atMost(Duration.ofSeconds(900)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                Cluster c = harness.cluster();
                return harness.kubelet.starts().size() >= expectedStarts && Conditions.isTrue(c.getStatus().getConditions(), "Ready")
                        && "Done".equals(HarnessCluster.reason(c, "ZookeeperScaling", null))
                        && "UpToDate".equals(HarnessCluster.reason(c, "RollingRestart", null));
            });
            System.out.printf("HARNESS: ZooKeeper 5 -> 3 took %d ms; longest time without a ZooKeeper write %d ms, %d writes acknowledged, "
                    + "%d failed; leaders %s%n", Duration.between(begin, Instant.now()).toMillis(), probe.longestGapMs(),
                    probe.acknowledged().size(), probe.failures(), probe.leaders());
            probe.stop();
            assertThat(probe.missing(connect)).as("acknowledged ZooKeeper writes").isEmpty();
            assertThat(probe.longestGapMs()).as("the ensemble kept a quorum").isLessThan(QUORUM_GAP_MS);
            List<Integer> leaders = probe.leaders();
            assertThat(leaders.get(leaders.size() - 1)).as("a remaining server leads").isLessThan(3);
        }
        List<String> restarted = harness.startsSince(startsBefore);
        // Each remaining server restarts once per step. A leaving server is restarted only to move leadership off it,
        // which ZooKeeper's election may hand it at two moments of its step: before the step starts, and once more when
        // the remaining servers' leader restarts last (with equal zxids the highest server id wins, and the leaving
        // server has the highest). Restarted with the shorter list it is no longer a candidate, so never a third time.
        // Which of these elections it wins depends on timing, so the counts are bounds, not exact values.
        Map<String, Long> zookeeperStarts = restarted.stream().filter(n -> n.contains("zookeeper"))
                .collect(Collectors.groupingBy(n -> n, Collectors.counting()));
        assertThat(zookeeperStarts).containsEntry("alpha-zookeeper-0", 2L).containsEntry("alpha-zookeeper-1", 2L)
                .containsEntry("alpha-zookeeper-2", 2L);
        assertThat(zookeeperStarts.get("alpha-zookeeper-3")).as("server 4: restarted in step 5 -> 4, then up to two leadership moves")
                .isBetween(1L, 3L);
        assertThat(zookeeperStarts.getOrDefault("alpha-zookeeper-4", 0L)).as("server 5: up to two leadership moves").isBetween(0L, 2L);
        assertThat(restarted.subList(restarted.size() - 3, restarted.size())).as("brokers restart once, after the last step")
                .containsExactlyInAnyOrder("alpha-broker-0", "alpha-broker-1", "alpha-broker-2");
        assertThat(client.apps().statefulSets().inNamespace(harness.namespace).withName("alpha-zookeeper").get().getSpec().getReplicas())
                .isEqualTo(3);
        assertThat(harness.kubelet.runtime().pods()).noneMatch(p -> p.name().equals("alpha-zookeeper-4") && p.isAlive());
        assertThat(harness.cluster().getStatus().getReadyZookeepers()).isEqualTo(3);
    }

    /** Client addresses of servers 1-3: the ones every ensemble size from 3 to 5 keeps. */
    private String zookeeperConnect() {
        return String.join(",", IntStream.range(0, 3).mapToObj(i -> harness.kubelet.addressOf("alpha-zookeeper-" + i) + ":2181").toList());
    }

    /** The probe's writes are being acknowledged (it is connected and the ensemble answers) before anything changes. */
    private static void awaitWriting(ZookeeperProbe probe) {
        await().atMost(Duration.ofSeconds(60)).until(() -> probe.acknowledged().size() >= 5);
    }
}
