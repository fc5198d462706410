package dev.brook.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.ClusterStatus;
import dev.brook.api.v1alpha1.Condition;
import dev.brook.model.PodTemplateHash;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The timeline fed by hand, as its informers would feed it. */
class ClusterTimelineTest {
    private final ClusterTimeline timeline = new ClusterTimeline();
    private final ResourceEventHandler<Cluster> clusters = timeline.clusterEvents();
    private final ResourceEventHandler<Pod> pods = timeline.podEvents();

    @Test
    void recordsEachConditionChangeOnceWithTheReadyWritesVersions() {
        clusters.onAdd(cluster("1", 1, condition("Ready", "False", "Creating", "starting")));
        clusters.onUpdate(null, cluster("2", 1, condition("Ready", "False", "Creating", "starting")));
        clusters.onUpdate(null, cluster("3", 2, condition("Ready", "True", "Ready", "all ready"),
                condition("RollingRestart", "True", "Restarting", "restarting alpha-broker-1: outdated configuration")));
        clusters.onUpdate(null, cluster("4", 2, condition("Ready", "True", "Ready", "all ready"),
                condition("RollingRestart", "False", "UpToDate", "done")));

        assertThat(timeline.changes("Ready")).extracting(ClusterTimeline.ConditionChange::reason).containsExactly("Creating", "Ready");
        assertThat(timeline.changes("RollingRestart")).hasSize(2);
        assertThat(timeline.current("RollingRestart")).isEqualTo("False/UpToDate: done");
        assertThat(timeline.current("Missing")).isEmpty();
        assertThat(timeline.events()).extracting(ClusterTimeline.Event::text).containsExactly(
                "Cluster Ready False/Creating: starting (observedGeneration 1, resourceVersion 1)",
                "Cluster Ready True/Ready: all ready (observedGeneration 2, resourceVersion 3)",
                "Cluster RollingRestart True/Restarting: restarting alpha-broker-1: outdated configuration",
                "Cluster RollingRestart False/UpToDate: done");
        long upToDate = timeline.changes("RollingRestart").get(1).nanos();
        assertThat(timeline.firstChange("RollingRestart", "UpToDate", 0, 2)).isEqualTo(upToDate);
        assertThat(timeline.firstChange("RollingRestart", "UpToDate", 0, 3)).isEqualTo(-1);
    }

    @Test
    void addsUpTheTimeInEachReasonAndMessageAndCountsEpisodes() {
        ClusterTimeline.ConditionChange a = change("Restarting", "restarting b-1");
        ClusterTimeline.ConditionChange b = change("Postponed", "waiting for b-2");
        ClusterTimeline.ConditionChange c = change("Restarting", "restarting b-2");
        ClusterTimeline.ConditionChange d = change("Postponed", "waiting for b-0");
        long end = System.nanoTime();
        Map<String, ClusterTimeline.Span> byReason = timeline.timeByReason("RollingRestart", a.nanos(), end);
        assertThat(byReason).containsOnlyKeys("Restarting", "Postponed");
        assertThat(byReason.get("Postponed").entered()).isEqualTo(2);
        assertThat(byReason.get("Restarting").millis() + byReason.get("Postponed").millis())
                .isBetween((end - a.nanos()) / 1_000_000 - 4, (end - a.nanos()) / 1_000_000);
        Map<String, ClusterTimeline.Span> byMessage = timeline.timeByMessage("RollingRestart", a.nanos(), end,
                m -> m.replaceAll("b-\\d", "b-N"));
        assertThat(byMessage).containsOnlyKeys("Restarting: restarting b-N", "Postponed: waiting for b-N");
        assertThat(byMessage.get("Restarting: restarting b-N").entered()).isEqualTo(2);
        assertThat(timeline.episodes("RollingRestart", "Postponed", a.nanos(), end)).isEqualTo(2);
        assertThat(timeline.episodes("RollingRestart", "Postponed", c.nanos(), end)).isEqualTo(1);
        assertThat(b.nanos()).isLessThanOrEqualTo(d.nanos());
    }

    @Test
    void followsADeletedPodToItsSuccessorBeingCreatedAndReady() {
        pods.onAdd(pod("alpha-broker-0", "u1", false));
        pods.onUpdate(null, pod("alpha-broker-0", "u1", true));
        pods.onAdd(pod("alpha-broker-1", "u2", true));
        long before = System.nanoTime();
        pods.onDelete(pod("alpha-broker-0", "u1", true), false);
        pods.onAdd(pod("alpha-broker-0", "u3", false));
        pods.onUpdate(null, pod("alpha-broker-0", "u3", true));
        pods.onDelete(pod("alpha-broker-1", "u2", true), false);

        List<ClusterTimeline.PodRestart> restarts = timeline.restarts(before);
        assertThat(restarts).extracting(ClusterTimeline.PodRestart::pod).containsExactly("alpha-broker-0", "alpha-broker-1");
        ClusterTimeline.PodRestart first = restarts.get(0);
        assertThat(first.deleted()).isGreaterThanOrEqualTo(before);
        assertThat(first.created()).isGreaterThanOrEqualTo(first.deleted());
        assertThat(first.ready()).isGreaterThanOrEqualTo(first.created());
        assertThat(restarts.get(1).created()).isEqualTo(-1);
        assertThat(restarts.get(1).ready()).isEqualTo(-1);
        assertThat(timeline.events()).extracting(ClusterTimeline.Event::text).containsExactly(
                "pod alpha-broker-0 created (template hash h1)", "pod alpha-broker-0 Ready",
                "pod alpha-broker-1 created (template hash h1)", "pod alpha-broker-1 Ready",
                "pod alpha-broker-0 deleted (was Ready)", "pod alpha-broker-0 created (template hash h1)", "pod alpha-broker-0 Ready",
                "pod alpha-broker-1 deleted (was Ready)");
    }

    @Test
    void printsNotesInSecondsFromTheOriginAndCutsLongLines() {
        timeline.origin(System.nanoTime());
        timeline.note("the spec changed");
        timeline.note("x".repeat(300));
        List<String> lines = timeline.lines();
        assertThat(lines.get(0)).matches(" +\\+\\d+\\.\\d\\d  the spec changed");
        assertThat(lines.get(1)).endsWith("...").hasSize(10 + 200);
        assertThat(timeline.lines(Long.MIN_VALUE, timeline.origin() - 1)).isEmpty();
    }

    private ClusterTimeline.ConditionChange change(String reason, String message) {
        clusters.onUpdate(null, cluster("1", 1, condition("RollingRestart", "True", reason, message)));
        List<ClusterTimeline.ConditionChange> all = timeline.changes("RollingRestart");
        return all.get(all.size() - 1);
    }

    private static Cluster cluster(String resourceVersion, long observedGeneration, Condition... conditions) {
        Cluster c = new Cluster();
        c.setMetadata(new ObjectMetaBuilder().withName("alpha").withNamespace("ns").withResourceVersion(resourceVersion).build());
        ClusterStatus status = new ClusterStatus();
        status.setObservedGeneration(observedGeneration);
        status.setConditions(List.of(conditions));
        c.setStatus(status);
        return c;
    }

    private static Condition condition(String type, String status, String reason, String message) {
        return new Condition(type, status, reason, message);
    }

    private static Pod pod(String name, String uid, boolean ready) {
        return new PodBuilder().withNewMetadata().withName(name).withUid(uid).addToAnnotations(PodTemplateHash.ANNOTATION, "h1").endMetadata()
                .withNewStatus().addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition().endStatus().build();
    }
}
