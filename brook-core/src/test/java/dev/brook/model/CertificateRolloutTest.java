package dev.brook.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.model.CertificateRollout.PodView;
import java.util.List;
import org.junit.jupiter.api.Test;

class CertificateRolloutTest {
    @Test
    void eachStepOfARenewalThatAPodHasNotReachedIsNamed() {
        List<String> lagging = CertificateRollout.lagging(List.of(
                new PodView("c-broker-0", "new", "new", List.of(), false),
                new PodView("c-broker-1", "new", "old", List.of("REPLICATION"), false),
                new PodView("c-broker-2", "new", "new", List.of("CLIENT", "REPLICATION"), false),
                new PodView("c-zookeeper-0", "new", "new", List.of(), true),
                new PodView("c-zookeeper-1", "new", null, List.of(), false)));
        assertThat(lagging).containsExactly(
                "c-broker-1: its volume still holds the previous certificate (Kubernetes updates Secret volumes late)",
                "c-broker-2: serves the previous certificate on CLIENT, REPLICATION until Kafka reloads it",
                "c-zookeeper-0: serves the previous certificate until it restarts (ZooKeeper reads it only at start)");
        assertThat(CertificateRollout.summary(lagging)).startsWith("; renewing: 3 pod(s) not serving their current certificate yet: c-broker-1:");
    }

    @Test
    void nothingToSayWhenEveryPodServesItsCertificateOrCannotBeAsked() {
        List<String> lagging = CertificateRollout.lagging(List.of(new PodView("c-broker-0", "a", "a", List.of(), false),
                new PodView("c-broker-1", "b", null, List.of("REPLICATION"), false)));
        assertThat(lagging).isEmpty();
        assertThat(CertificateRollout.summary(lagging)).isEmpty();
    }

    @Test
    void aLongListNamesFivePods() {
        List<String> many = List.of("p0: x", "p1: x", "p2: x", "p3: x", "p4: x", "p5: x", "p6: x");
        assertThat(CertificateRollout.summary(many)).contains("7 pod(s)").contains("p4: x").doesNotContain("p5").endsWith("; ...");
    }
}
