package dev.brook.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.pki.CaPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrustRecoveryTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static CaLifecycle.PodTls pod(String name, CaPlan.Role role, String... trusted) {
        return new CaLifecycle.PodTls(name, role, Set.of(trusted), null, false);
    }

    @Test
    void podsThatTrustNoneOfTheBundlesCasRestartTogetherOthersAndUnknownOnesDoNot() {
        List<CaLifecycle.PodTls> pods = List.of(
                pod("c1-zookeeper-0", CaPlan.Role.ZOOKEEPER, "old"),
                pod("c1-zookeeper-1", CaPlan.Role.ZOOKEEPER, "new"),
                pod("c1-zookeeper-2", CaPlan.Role.ZOOKEEPER),                 // not reporting: starting or gone
                pod("c1-broker-0", CaPlan.Role.BROKER, "subject:0123456789abcdef"), // a CA its bundle file no longer holds
                pod("c1-broker-1", CaPlan.Role.BROKER, "old", "new"),        // mid key replacement: trusts both
                CaLifecycle.PodTls.follower("operator"));
        TrustRecovery.Decision decision = TrustRecovery.plan(pods, Set.of("new"), NOW);
        assertThat(decision.restart()).containsExactly("c1-zookeeper-0", "c1-broker-0");
        assertThat(decision.message()).startsWith("2 pod(s) trust none of the CAs in the cluster CA bundle")
                .contains(": c1-zookeeper-0, c1-broker-0. They can neither reach").endsWith("restarting them together to read their new certificates");
    }

    @Test
    void intactTrustRestartsNothing() {
        List<CaLifecycle.PodTls> pods = List.of(pod("c1-zookeeper-0", CaPlan.Role.ZOOKEEPER, "a"), pod("c1-broker-0", CaPlan.Role.BROKER, "a", "b"));
        assertThat(TrustRecovery.plan(pods, Set.of("a"), NOW).needed()).isFalse();
        assertThat(TrustRecovery.plan(pods, Set.of("a", "b"), NOW)).isEqualTo(TrustRecovery.Decision.NONE);
        assertThat(TrustRecovery.plan(List.of(), Set.of("a"), NOW).needed()).isFalse();
    }

    @Test
    void podsThatPresentAnExpiredCertificateRestartTogetherWithTheOthersThatAreCutOff() {
        List<CaLifecycle.PodTls> pods = List.of(
                new CaLifecycle.PodTls("c1-zookeeper-0", CaPlan.Role.ZOOKEEPER, Set.of("a"), null, false, NOW.minusSeconds(1)),
                new CaLifecycle.PodTls("c1-zookeeper-1", CaPlan.Role.ZOOKEEPER, Set.of("a"), null, false, NOW.plus(Duration.ofDays(300))),
                new CaLifecycle.PodTls("c1-broker-0", CaPlan.Role.BROKER, Set.of("a"), null, false, NOW),
                new CaLifecycle.PodTls("c1-broker-1", CaPlan.Role.BROKER, Set.of("a"), null, false, null),
                new CaLifecycle.PodTls("c1-broker-2", CaPlan.Role.BROKER, Set.of("old"), null, false, NOW.plus(Duration.ofDays(1))));
        TrustRecovery.Decision decision = TrustRecovery.plan(pods, Set.of("a"), NOW);
        assertThat(decision.restart()).containsExactly("c1-broker-2", "c1-zookeeper-0", "c1-broker-0");
        assertThat(decision.message()).contains("1 pod(s) trust none of the CAs in the cluster CA bundle", "c1-broker-2",
                "2 pod(s) present an expired certificate: c1-zookeeper-0 (expired 2026-12-01T09:59:59Z), c1-broker-0 (expired 2026-12-01T10:00:00Z)");
        assertThat(TrustRecovery.plan(pods, Set.of("a", "old"), NOW.minusSeconds(10)).needed()).as("nothing expired yet, trust intact")
                .isFalse();
    }
}
