package dev.brook.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.pki.CaPlan;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrustRecoveryTest {
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
        TrustRecovery.Decision decision = TrustRecovery.plan(pods, Set.of("new"));
        assertThat(decision.restart()).containsExactly("c1-zookeeper-0", "c1-broker-0");
        assertThat(decision.message()).startsWith("2 pod(s) trust none of the CAs in the cluster CA bundle")
                .endsWith("restarting them together to read the new certificates: c1-zookeeper-0, c1-broker-0");
    }

    @Test
    void intactTrustRestartsNothing() {
        List<CaLifecycle.PodTls> pods = List.of(pod("c1-zookeeper-0", CaPlan.Role.ZOOKEEPER, "a"), pod("c1-broker-0", CaPlan.Role.BROKER, "a", "b"));
        assertThat(TrustRecovery.plan(pods, Set.of("a")).needed()).isFalse();
        assertThat(TrustRecovery.plan(pods, Set.of("a", "b"))).isEqualTo(TrustRecovery.Decision.NONE);
        assertThat(TrustRecovery.plan(List.of(), Set.of("a")).needed()).isFalse();
    }
}
