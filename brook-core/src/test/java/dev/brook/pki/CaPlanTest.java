package dev.brook.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.pki.CaPlan.Action;
import dev.brook.pki.CaPlan.Ca;
import dev.brook.pki.CaPlan.Input;
import dev.brook.pki.CaPlan.Phase;
import dev.brook.pki.CaPlan.Pod;
import dev.brook.pki.CaPlan.Role;
import dev.brook.pki.CaPlan.Step;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class CaPlanTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Duration CA_VALIDITY = Duration.ofDays(5 * 365);
    private static final Duration RENEW_BEFORE = Duration.ofDays(180);
    private static final Instant NOW = T0.plus(Duration.ofDays(100));

    /** The current CA (certificate c1, key k1), its renewal (c1r, same key), a pending new CA (c2, key k2). */
    private static final Ca OLD = new Ca("c1", "k1", T0.plus(CA_VALIDITY), null);
    private static final Ca NEW = new Ca("c2", "k2", NOW.plus(CA_VALIDITY), "r1");
    private static final Set<String> OLD_ONLY = Set.of("c1");
    private static final Set<String> BOTH = Set.of("c1", "c2");
    private static final Set<String> NEW_ONLY = Set.of("c2");

    // ---- steady state, creation, renewal, expiry ----

    @Test
    void noCaYetCreatesOneAndCountsTheRequestAsDone() {
        Step step = CaPlan.next(input(null, null, Set.of(), List.of(), "r1", null));

        assertThat(step.action()).isEqualTo(Action.CREATE_CA);
        assertThat(step.replacementId()).isEqualTo("r1");
        assertThat(step.completedReplacement()).isEqualTo("r1");
    }

    @Test
    void aSteadyCaWithItsBundleNeedsNothingUntilItsRenewalWindow() {
        Step step = CaPlan.next(input(OLD, null, OLD_ONLY, steadyPods(), null, null));

        assertThat(step.action()).isEqualTo(Action.NOTHING);
        assertThat(step.phase()).isEqualTo(Phase.STEADY);
        assertThat(step.nextCheck()).contains(OLD.notAfter().minus(RENEW_BEFORE));
        assertThat(step.bundle()).containsExactly("c1");
    }

    @Test
    void aMissingBundleIsDistributed() {
        Step step = CaPlan.next(input(OLD, null, Set.of(), List.of(), null, null));

        assertThat(step.action()).isEqualTo(Action.DISTRIBUTE_BUNDLE);
        assertThat(step.bundle()).containsExactly("c1");
    }

    @Test
    void insideTheRenewalWindowTheCertificateIsRenewedWithTheSameKeyWithoutPhases() {
        Instant inWindow = OLD.notAfter().minus(Duration.ofDays(10));
        Step renew = CaPlan.next(inputAt(inWindow, OLD, null, OLD_ONLY, steadyPods(), null, null));
        assertThat(renew.action()).isEqualTo(Action.RENEW_CA_CERT);
        assertThat(renew.phase()).isEqualTo(Phase.STEADY);
        assertThat(renew.reason()).contains("renewal window").contains("same key");

        Ca renewed = new Ca("c1r", "k1", inWindow.plus(CA_VALIDITY), null);
        Step distribute = CaPlan.next(inputAt(inWindow, renewed, null, OLD_ONLY, steadyPods(), null, null));
        assertThat(distribute.action()).isEqualTo(Action.DISTRIBUTE_BUNDLE);
        assertThat(distribute.bundle()).containsExactly("c1r");

        // Pods still trusting the old certificate of the same key are no reason to wait.
        Step after = CaPlan.next(inputAt(inWindow, renewed, null, Set.of("c1r"), steadyPods(), null, null));
        assertThat(after.action()).isEqualTo(Action.NOTHING);
    }

    @Test
    void anExpiredCaIsReplacedAtOnceAndTheReasonSaysSo() {
        Instant late = OLD.notAfter().plusSeconds(1);

        Step step = CaPlan.next(inputAt(late, OLD, null, OLD_ONLY, steadyPods(), null, null));

        assertThat(step.action()).isEqualTo(Action.REPLACE_EXPIRED_CA);
        assertThat(step.reason()).contains("expired at " + OLD.notAfter()).contains("trust is already broken")
                .contains("every certificate is re-issued");
        assertThat(CaPlan.next(inputAt(OLD.notAfter(), OLD, null, OLD_ONLY, steadyPods(), null, null)).action())
                .as("still valid at notAfter").isEqualTo(Action.RENEW_CA_CERT);
    }

    @Test
    void anExpiredCaDuringAReplacementDiscardsThePendingOneAndCompletesTheRequest() {
        Instant late = OLD.notAfter().plusSeconds(1);

        Step step = CaPlan.next(inputAt(late, OLD, NEW, BOTH, trusting(BOTH), "r1", null));

        assertThat(step.action()).isEqualTo(Action.REPLACE_EXPIRED_CA);
        assertThat(step.reason()).contains("pending CA c2 is discarded");
        assertThat(step.replacementId()).isEqualTo("r1");
        assertThat(step.completedReplacement()).isEqualTo("r1");
    }

    @Test
    void aRemovedRequestIdStartsNothing() {
        Step step = CaPlan.next(input(OLD, null, OLD_ONLY, steadyPods(), null, "r0"));

        assertThat(step.action()).isEqualTo(Action.NOTHING);
    }

    // ---- key replacement, phase by phase ----

    static Stream<Arguments> replacement() {
        Pod zk0 = pod("zookeeper-0", Role.ZOOKEEPER, BOTH, "k1", "k1");
        Pod broker0 = pod("broker-0", Role.BROKER, BOTH, "k1", "k1");
        Pod broker2 = pod("broker-2", Role.BROKER, BOTH, "k1", "k1");
        Pod broker10 = pod("broker-10", Role.BROKER, BOTH, "k1", "k1");
        Pod operator = pod("operator", Role.CLIENT, BOTH, "k1", "k1");
        return Stream.of(
                Arguments.of("requested: generate a new CA",
                        input(OLD, null, OLD_ONLY, steadyPods(), "r1", null),
                        Action.GENERATE_NEW_CA, Phase.TRUSTING_NEW_CA, List.of(), Set.of("c1")),
                Arguments.of("requested inside the renewal window: replace, do not renew",
                        inputAt(OLD.notAfter().minus(Duration.ofDays(1)), OLD, null, OLD_ONLY, steadyPods(), "r1", null),
                        Action.GENERATE_NEW_CA, Phase.TRUSTING_NEW_CA, List.of(), Set.of("c1")),
                Arguments.of("1: pending stored, bundle still old",
                        input(OLD, NEW, OLD_ONLY, trusting(OLD_ONLY), "r1", null),
                        Action.DISTRIBUTE_BUNDLE, Phase.TRUSTING_NEW_CA, List.of(), BOTH),
                Arguments.of("1: bundle written, kubelet not yet",
                        input(OLD, NEW, BOTH, trusting(OLD_ONLY), "r1", null),
                        Action.WAIT_FOR_PODS, Phase.TRUSTING_NEW_CA,
                        List.of("zookeeper-0", "zookeeper-1", "broker-0", "broker-1"), BOTH),
                Arguments.of("1: one broker lags",
                        input(OLD, NEW, BOTH, List.of(zk0, broker0, pod("broker-1", Role.BROKER, OLD_ONLY, "k1", "k1")), "r1", null),
                        Action.WAIT_FOR_PODS, Phase.TRUSTING_NEW_CA, List.of("broker-1"), BOTH),
                Arguments.of("1: a pod that has not reported yet is waited for",
                        input(OLD, NEW, BOTH, List.of(zk0, pod("broker-0", Role.BROKER, Set.of(), "k1", null)), "r1", null),
                        Action.WAIT_FOR_PODS, Phase.TRUSTING_NEW_CA, List.of("broker-0"), BOTH),
                Arguments.of("2: everyone trusts both, ZooKeeper moves first",
                        input(OLD, NEW, BOTH, List.of(broker0, operator, zk0), "r1", null),
                        Action.REISSUE_LEAF, Phase.MOVING_LEAVES, List.of("zookeeper-0"), BOTH),
                Arguments.of("2: waits until the moved pod presents the new leaf",
                        input(OLD, NEW, BOTH, List.of(pod("zookeeper-0", Role.ZOOKEEPER, BOTH, "k2", "k1"), broker0), "r1", null),
                        Action.WAIT_FOR_PODS, Phase.MOVING_LEAVES, List.of("zookeeper-0"), BOTH),
                Arguments.of("2: a restarted pod that trusts both but has not reported its certificate holds the next move",
                        input(OLD, NEW, BOTH, List.of(pod("zookeeper-0", Role.ZOOKEEPER, BOTH, "k2", "k2"),
                                pod("zookeeper-1", Role.ZOOKEEPER, BOTH, "k1", null), broker0), "r1", null),
                        Action.WAIT_FOR_PODS, Phase.MOVING_LEAVES, List.of("zookeeper-1"), BOTH),
                Arguments.of("2: then the brokers, in ordinal order",
                        input(OLD, NEW, BOTH, List.of(pod("zookeeper-0", Role.ZOOKEEPER, BOTH, "k2", "k2"), broker10, broker2), "r1", null),
                        Action.REISSUE_LEAF, Phase.MOVING_LEAVES, List.of("broker-2"), BOTH),
                Arguments.of("2: a restarted pod that has not reported its trust again is waited for, phase stays",
                        input(OLD, NEW, BOTH, List.of(pod("zookeeper-0", Role.ZOOKEEPER, Set.of(), "k2", null), broker0), "r1", null),
                        Action.WAIT_FOR_PODS, Phase.MOVING_LEAVES, List.of("zookeeper-0"), BOTH),
                Arguments.of("2: the operator's own client certificate moves last",
                        input(OLD, NEW, BOTH, List.of(pod("zookeeper-0", Role.ZOOKEEPER, BOTH, "k2", "k2"),
                                pod("broker-0", Role.BROKER, BOTH, "k2", "k2"), operator), "r1", null),
                        Action.REISSUE_LEAF, Phase.MOVING_LEAVES, List.of("operator"), BOTH),
                Arguments.of("2 -> 3: every leaf is from the new CA",
                        input(OLD, NEW, BOTH, moved(BOTH), "r1", null),
                        Action.DROP_OLD_CA, Phase.DROPPING_OLD_CA, List.of(), Set.of("c2")),
                Arguments.of("3: new CA current, bundle still holds the old one",
                        input(NEW, null, BOTH, moved(BOTH), "r1", null),
                        Action.DISTRIBUTE_BUNDLE, Phase.DROPPING_OLD_CA, List.of(), NEW_ONLY),
                Arguments.of("3: pods still trust the old CA",
                        input(NEW, null, NEW_ONLY, moved(BOTH), "r1", null),
                        Action.WAIT_FOR_PODS, Phase.DROPPING_OLD_CA,
                        List.of("zookeeper-0", "zookeeper-1", "broker-0", "broker-1"), NEW_ONLY),
                Arguments.of("3: a pod restarted after trusting only the new CA has not reported its certificate yet",
                        input(NEW, null, NEW_ONLY, List.of(pod("zookeeper-0", Role.ZOOKEEPER, NEW_ONLY, "k2", null),
                                pod("broker-0", Role.BROKER, NEW_ONLY, "k2", "k2")), "r1", null),
                        Action.WAIT_FOR_PODS, Phase.DROPPING_OLD_CA, List.of("zookeeper-0"), NEW_ONLY),
                Arguments.of("3: done",
                        input(NEW, null, NEW_ONLY, moved(NEW_ONLY), "r1", null),
                        Action.DONE, Phase.STEADY, List.of(), NEW_ONLY),
                Arguments.of("after done: nothing",
                        input(NEW, null, NEW_ONLY, moved(NEW_ONLY), "r1", "r1"),
                        Action.NOTHING, Phase.STEADY, List.of(), NEW_ONLY),
                Arguments.of("1: the old CA's renewal window opens during the replacement",
                        inputAt(OLD.notAfter().minus(Duration.ofDays(1)), OLD, NEW, BOTH, trusting(BOTH), "r1", null),
                        Action.RENEW_CA_CERT, Phase.TRUSTING_NEW_CA, List.of(), BOTH),
                Arguments.of("a second request while the first is in flight: the first goes on",
                        input(OLD, NEW, BOTH, trusting(BOTH), "r2", null),
                        Action.REISSUE_LEAF, Phase.MOVING_LEAVES, List.of("zookeeper-0"), BOTH),
                Arguments.of("a second request: the first still finishes phase 3",
                        input(NEW, null, NEW_ONLY, moved(BOTH), "r2", null),
                        Action.WAIT_FOR_PODS, Phase.DROPPING_OLD_CA,
                        List.of("zookeeper-0", "zookeeper-1", "broker-0", "broker-1"), NEW_ONLY),
                Arguments.of("a second request: then it starts",
                        input(NEW, null, NEW_ONLY, moved(NEW_ONLY), "r2", "r1"),
                        Action.GENERATE_NEW_CA, Phase.TRUSTING_NEW_CA, List.of(), NEW_ONLY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("replacement")
    void keyReplacement(String situation, Input input, Action action, Phase phase, List<String> pods, Set<String> bundle) {
        Step step = CaPlan.next(input);

        assertThat(step.action()).as(step.reason()).isEqualTo(action);
        assertThat(step.phase()).isEqualTo(phase);
        assertThat(step.pods()).containsExactlyElementsOf(pods);
        assertThat(step.bundle()).containsExactlyInAnyOrderElementsOf(bundle);
        assertThat(step.reason()).isNotBlank();
        assertThat(CaPlan.next(input)).as("planning twice gives the same step").isEqualTo(step);
    }

    @Test
    void phasesTellCertificateCheckWhichCasSignAndWhichAreAccepted() {
        assertThat(Phase.STEADY.acceptsPendingIssuer()).isFalse();
        assertThat(Phase.TRUSTING_NEW_CA.acceptsPendingIssuer()).isTrue();
        assertThat(Phase.MOVING_LEAVES.acceptsPendingIssuer()).isTrue();
        assertThat(Phase.DROPPING_OLD_CA.acceptsPendingIssuer()).as("the pending CA is current by then").isFalse();
        assertThat(Phase.MOVING_LEAVES.signsWithPending()).isTrue();
        assertThat(Phase.TRUSTING_NEW_CA.signsWithPending()).as("not every pod trusts it yet").isFalse();
    }

    @Test
    void theBundleListsTheCurrentCaFirst() {
        assertThat(CaPlan.next(input(OLD, NEW, OLD_ONLY, List.of(), "r1", null)).bundle()).containsExactly("c1", "c2");
    }

    @Test
    void stepsTellWhatToStore() {
        Step generate = CaPlan.next(input(OLD, null, OLD_ONLY, steadyPods(), "r1", "r0"));
        Step done = CaPlan.next(input(NEW, null, NEW_ONLY, moved(NEW_ONLY), "r2", "r0"));
        Step waiting = CaPlan.next(input(OLD, NEW, BOTH, trusting(OLD_ONLY), "r1", "r0"));

        assertThat(generate.replacementId()).isEqualTo("r1");
        assertThat(generate.completedReplacement()).isEqualTo("r0");
        assertThat(done.completedReplacement()).as("the id the new CA was made for").isEqualTo("r1");
        assertThat(done.reason()).contains("Key replacement r1 is complete");
        assertThat(waiting.replacementId()).isNull();
        assertThat(waiting.completedReplacement()).isEqualTo("r0");
        assertThat(waiting.nextCheck()).isEmpty();
    }

    @Test
    void caFactsComeFromTheCertificate() {
        CertificateAuthority ca = CertificateAuthority.create(Subject.of("brook-cluster-ca"), Validity.of(T0, CA_VALIDITY));
        CertificateAuthority renewed = ca.renew(Validity.of(NOW, CA_VALIDITY));

        Ca current = Ca.of(ca.info(), "r1");
        Ca afterRenewal = Ca.of(renewed.info(), "r1");

        assertThat(current.fingerprint()).isEqualTo(ca.info().fingerprint());
        assertThat(current.notAfter()).isEqualTo(T0.plus(CA_VALIDITY));
        assertThat(afterRenewal.keyFingerprint()).isEqualTo(current.keyFingerprint());
        assertThat(afterRenewal.fingerprint()).isNotEqualTo(current.fingerprint());
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> input(OLD, null, OLD_ONLY, List.of(pod("broker-0", Role.BROKER, OLD_ONLY, "k1", "k1"),
                pod("broker-0", Role.BROKER, OLD_ONLY, "k1", "k1")), null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("listed twice");
        assertThatThrownBy(() -> input(OLD, new Ca("c9", "k1", NOW.plus(CA_VALIDITY), "r1"), OLD_ONLY, List.of(), "r1", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("new key");
        assertThatThrownBy(() -> new Input(OLD, null, OLD_ONLY, List.of(), null, null, RENEW_BEFORE, RENEW_BEFORE, NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be shorter");
    }

    // ---- the whole replacement against a cluster whose pods lag ----

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 42, 2030})
    void aReplacementRunsThroughEveryPhaseOnceWithLaggingAndRestartingPods(long seed) {
        SimulatedCluster cluster = new SimulatedCluster(new Random(seed));
        cluster.requested = "r1";
        List<Phase> phases = new ArrayList<>();
        List<Action> actions = new ArrayList<>();

        for (int tick = 0; tick < 500 && !"r1".equals(cluster.completed); tick++) {
            Input input = cluster.observe();
            Step step = CaPlan.next(input);
            assertThat(CaPlan.next(input)).isEqualTo(step);
            cluster.checkInvariants(step);
            if (phases.isEmpty() || phases.get(phases.size() - 1) != step.phase()) {
                phases.add(step.phase());
            }
            actions.add(step.action());
            cluster.apply(step);
            if ("r1".equals(cluster.completed)) {
                break;
            }
            cluster.kubeletAndPodsCatchUp();
        }

        assertThat(cluster.completed).isEqualTo("r1");
        assertThat(phases).containsExactly(Phase.TRUSTING_NEW_CA, Phase.MOVING_LEAVES, Phase.DROPPING_OLD_CA, Phase.STEADY);
        assertThat(actions).filteredOn(a -> a == Action.GENERATE_NEW_CA).hasSize(1);
        assertThat(actions).filteredOn(a -> a == Action.REISSUE_LEAF).hasSize(cluster.pods.size());
        assertThat(actions).filteredOn(a -> a == Action.DROP_OLD_CA).hasSize(1);
        assertThat(cluster.pods.values()).allSatisfy(pod -> {
            assertThat(pod.loadedBundle).containsExactly(cluster.current.fingerprint());
            assertThat(pod.loadedLeafKey).isEqualTo(cluster.current.keyFingerprint());
        });
        assertThat(CaPlan.next(cluster.observe()).action()).isEqualTo(Action.NOTHING);
    }

    /**
     * A cluster that does what the plan says, with the kubelet and the pods catching up late (each pod, each tick,
     * with probability one half) and pods restarting at random (one in ten per tick, reporting nothing until they
     * catch up), and that checks what must hold whenever the plan acts.
     */
    private static final class SimulatedCluster {
        final Random random;
        final Map<String, SimulatedPod> pods = new LinkedHashMap<>();
        Ca current = OLD;
        Ca pending;
        Set<String> configuredBundle = OLD_ONLY;
        String requested;
        String completed;
        int generatedKeys;

        SimulatedCluster(Random random) {
            this.random = random;
            for (String name : List.of("zookeeper-0", "zookeeper-1", "zookeeper-2")) {
                pods.put(name, new SimulatedPod(name, Role.ZOOKEEPER));
            }
            for (String name : List.of("broker-0", "broker-1", "broker-2")) {
                pods.put(name, new SimulatedPod(name, Role.BROKER));
            }
            pods.put("operator", new SimulatedPod("operator", Role.CLIENT));
        }

        Input observe() {
            List<Pod> reported = pods.values().stream()
                    .map(pod -> new Pod(pod.name, pod.role, pod.loadedBundle, pod.configuredLeafKey, pod.loadedLeafKey))
                    .toList();
            return new Input(current, pending, configuredBundle, reported, requested, completed, CA_VALIDITY, RENEW_BEFORE, NOW);
        }

        void apply(Step step) {
            switch (step.action()) {
                case GENERATE_NEW_CA -> {
                    generatedKeys++;
                    pending = new Ca("c" + (generatedKeys + 1), "k" + (generatedKeys + 1), NOW.plus(CA_VALIDITY), step.replacementId());
                }
                case DISTRIBUTE_BUNDLE -> configuredBundle = Set.copyOf(step.bundle());
                case REISSUE_LEAF -> pods.get(step.pods().get(0)).configuredLeafKey = pending.keyFingerprint();
                case DROP_OLD_CA -> {
                    current = pending;
                    pending = null;
                }
                case DONE -> completed = step.completedReplacement();
                case WAIT_FOR_PODS, NOTHING -> { }
                default -> throw new AssertionError("Unexpected in a replacement: " + step);
            }
        }

        void kubeletAndPodsCatchUp() {
            for (SimulatedPod pod : pods.values()) {
                if (random.nextInt(10) == 0) {
                    // Restarted: reports nothing until it has loaded its files again.
                    pod.loadedBundle = Set.of();
                    pod.loadedLeafKey = null;
                    continue;
                }
                if (random.nextBoolean()) {
                    pod.loadedBundle = configuredBundle;
                }
                if (random.nextBoolean()) {
                    pod.loadedLeafKey = pod.configuredLeafKey;
                }
            }
        }

        void checkInvariants(Step step) {
            if (step.action() == Action.REISSUE_LEAF) {
                assertThat(pods.values()).as("every pod trusts both CAs before a leaf moves")
                        .allSatisfy(pod -> assertThat(pod.loadedBundle).contains(current.fingerprint(), pending.fingerprint()));
                assertThat(pods.values()).as("one pod at a time")
                        .allSatisfy(pod -> assertThat(pod.loadedLeafKey).isEqualTo(pod.configuredLeafKey));
            }
            if (step.action() == Action.DROP_OLD_CA) {
                assertThat(pods.values()).as("the old CA is dropped only when no pod presents its leaves")
                        .allSatisfy(pod -> assertThat(pod.loadedLeafKey).isEqualTo(pending.keyFingerprint()));
            }
            if (step.action() == Action.DONE) {
                assertThat(pods.values()).allSatisfy(pod -> assertThat(pod.loadedBundle).containsExactly(current.fingerprint()));
            }
            assertThat(generatedKeys).as("never a second new key").isLessThanOrEqualTo(1);
        }
    }

    private static final class SimulatedPod {
        final String name;
        final Role role;
        Set<String> loadedBundle = OLD_ONLY;
        String configuredLeafKey = "k1";
        String loadedLeafKey = "k1";

        SimulatedPod(String name, Role role) {
            this.name = name;
            this.role = role;
        }
    }

    // ---- helpers ----

    private static Input input(Ca current, Ca pending, Set<String> bundle, List<Pod> pods, String requested, String completed) {
        return inputAt(NOW, current, pending, bundle, pods, requested, completed);
    }

    private static Input inputAt(Instant now, Ca current, Ca pending, Set<String> bundle, List<Pod> pods, String requested,
                                 String completed) {
        return new Input(current, pending, bundle, pods, requested, completed, CA_VALIDITY, RENEW_BEFORE, now);
    }

    private static Pod pod(String name, Role role, Set<String> loadedBundle, String configuredLeafKey, String loadedLeafKey) {
        return new Pod(name, role, loadedBundle, configuredLeafKey, loadedLeafKey);
    }

    private static List<Pod> steadyPods() {
        return trusting(OLD_ONLY);
    }

    /** Two ZooKeeper nodes and two brokers trusting {@code bundle}, all with leaves from the old key. */
    private static List<Pod> trusting(Set<String> bundle) {
        return List.of(pod("broker-1", Role.BROKER, bundle, "k1", "k1"), pod("zookeeper-1", Role.ZOOKEEPER, bundle, "k1", "k1"),
                pod("broker-0", Role.BROKER, bundle, "k1", "k1"), pod("zookeeper-0", Role.ZOOKEEPER, bundle, "k1", "k1"));
    }

    /** The same pods with leaves from the new key, trusting {@code bundle}. */
    private static List<Pod> moved(Set<String> bundle) {
        return List.of(pod("broker-1", Role.BROKER, bundle, "k2", "k2"), pod("zookeeper-1", Role.ZOOKEEPER, bundle, "k2", "k2"),
                pod("broker-0", Role.BROKER, bundle, "k2", "k2"), pod("zookeeper-0", Role.ZOOKEEPER, bundle, "k2", "k2"));
    }
}
