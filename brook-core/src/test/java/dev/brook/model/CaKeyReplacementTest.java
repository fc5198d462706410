package dev.brook.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.brook.api.v1alpha1.CertificateAuthoritySpec;
import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.SecuritySpec;
import dev.brook.contract.TlsFiles;
import dev.brook.pki.CaPlan;
import dev.brook.pki.CertificateInfo;
import dev.brook.pki.Pem;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * A cluster CA key replacement carried out by {@link ClusterCertificates} against simulated pods that load what their
 * Secrets hold late and in any order (a kubelet updates Secret volumes when it gets to them; brokers reload, ZooKeeper
 * restarts). After every single pod's load, every certificate a pod presents must be trusted by every other pod: that
 * is the whole point of the phases.
 */
class CaKeyReplacementTest {
    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");

    /** What one simulated pod has loaded: the CAs it trusts and the certificate it presents. */
    private static final class SimulatedPod {
        final String name;
        final String secret;
        final CaPlan.Role role;
        List<X509Certificate> trusted = List.of();
        X509Certificate presented;

        SimulatedPod(String name, String secret, CaPlan.Role role) {
            this.name = name;
            this.secret = secret;
            this.role = role;
        }

        List<X509Certificate> configuredTrust(Map<String, Map<String, byte[]>> secrets) {
            return Pem.readCertificates(ClusterCertificates.text(secrets.get(secret).get(TlsFiles.CLUSTER_CA_BUNDLE)));
        }

        X509Certificate configuredLeaf(Map<String, Map<String, byte[]>> secrets) {
            return Pem.readCertificates(ClusterCertificates.text(secrets.get(secret).get(TlsFiles.podKeyStore(name)))).get(0);
        }

        boolean lags(Map<String, Map<String, byte[]>> secrets) {
            return !configuredLeaf(secrets).equals(presented) || !fingerprints(configuredTrust(secrets)).equals(fingerprints(trusted));
        }

        void load(Map<String, Map<String, byte[]>> secrets) {
            trusted = configuredTrust(secrets);
            presented = configuredLeaf(secrets);
        }

        CaLifecycle.PodTls report() {
            return new CaLifecycle.PodTls(name, role, fingerprints(trusted), presented == null ? null : CertificateInfo.of(presented).fingerprint(),
                    false, presented == null ? null : presented.getNotAfter().toInstant());
        }
    }

    private static Cluster cluster() {
        Cluster c = ClusterFixtures.cluster();
        c.getSpec().setSecurity(new SecuritySpec());
        c.getSpec().getSecurity().setClusterCa(new CertificateAuthoritySpec());
        c.getSpec().getSecurity().setClientsCa(new CertificateAuthoritySpec());
        return c;
    }

    private static List<ClusterTls.Issued> wanted(Cluster c) {
        return ClusterTls.certificates(c, Platform.DEFAULT, ExternalAddresses.none(), 3, 3, pod -> List.of());
    }

    private static List<SimulatedPod> pods(Cluster c) {
        String name = c.getMetadata().getName();
        List<SimulatedPod> pods = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            pods.add(new SimulatedPod(BrookNames.zookeeperPod(name, i), BrookNames.zookeeperTls(name), CaPlan.Role.ZOOKEEPER));
        }
        for (int i = 0; i < 3; i++) {
            pods.add(new SimulatedPod(BrookNames.brokerPod(name, i), BrookNames.brokerTls(name), CaPlan.Role.BROKER));
        }
        return pods;
    }

    @Test
    void theClusterCaKeyIsReplacedInThreePhasesWithoutEverPresentingAnUntrustedCertificate() {
        for (long seed = 1; seed <= 5; seed++) {
            replaceUnderRandomLag(new Random(seed));
        }
    }

    private void replaceUnderRandomLag(Random random) {
        Cluster c = cluster();
        List<SimulatedPod> pods = pods(c);
        Instant now = START;
        ClusterCertificates.Plan plan = ClusterCertificates.plan(c, wanted(c), Map.of(), Map.of(), List.of(), now);
        Map<String, Map<String, byte[]>> secrets = new TreeMap<>(plan.secrets());
        pods.forEach(pod -> pod.load(secrets));
        CertificateInfo oldCa = plan.clusterCa();

        c.getSpec().getSecurity().getClusterCa().setReplaceKey("2026-12-rotation");
        List<CaPlan.Phase> phases = new ArrayList<>();
        Map<String, String> issuerBefore = issuers(pods, secrets);
        int plans = 0;
        while (true) {
            now = now.plusSeconds(5);
            plan = ClusterCertificates.plan(c, wanted(c), secrets, Map.of(), pods.stream().map(SimulatedPod::report).toList(), now);
            secrets.putAll(plan.secrets());
            assertThat(TrustRecovery.plan(pods.stream().map(SimulatedPod::report).toList(), plan.clusterTrust(), now).needed())
                    .as("a phased replacement never cuts a pod off").isFalse();
            if (plan.keyReplacement().clusterCa() != null) {
                CaPlan.Phase phase = plan.keyReplacement().clusterCa().phase();
                if (phases.isEmpty() || phases.get(phases.size() - 1) != phase) {
                    phases.add(phase);
                }
                assertThat(plan.nextCheck()).as("looks again soon while a replacement is in progress").isBeforeOrEqualTo(now.plusSeconds(5));
            }
            Map<String, String> issuerAfter = issuers(pods, secrets);
            long moved = pods.stream().filter(pod -> !issuerAfter.get(pod.name).equals(issuerBefore.get(pod.name))).count();
            assertThat(moved).as("one pod's certificate moves to the new CA at a time (plan %d)", plans).isLessThanOrEqualTo(1);
            issuerBefore.clear();
            issuerBefore.putAll(issuerAfter);

            List<SimulatedPod> lagging = new ArrayList<>(pods.stream().filter(pod -> pod.lags(secrets)).toList());
            if (!plan.keyReplacement().inProgress() && lagging.isEmpty() && !plan.changed()) {
                break;
            }
            // Some of the lagging pods catch up, in any order; the invariant must hold after each one.
            java.util.Collections.shuffle(lagging, random);
            int catchingUp = lagging.isEmpty() ? 0 : 1 + random.nextInt(lagging.size());
            for (SimulatedPod pod : lagging.subList(0, catchingUp)) {
                pod.load(secrets);
                assertEveryPresentedCertificateIsTrustedByEveryPod(pods, operatorLeaf(c, secrets), operatorTrust(c, secrets));
            }
            if (++plans > 200) {
                fail("the key replacement did not finish in 200 plans; phases so far " + phases);
            }
        }

        assertThat(phases).containsExactly(CaPlan.Phase.TRUSTING_NEW_CA, CaPlan.Phase.MOVING_LEAVES, CaPlan.Phase.DROPPING_OLD_CA);
        CertificateInfo newCa = plan.clusterCa();
        assertThat(newCa.publicKeyFingerprint()).isNotEqualTo(oldCa.publicKeyFingerprint());
        assertThat(newCa.subject()).isNotEqualTo(oldCa.subject());
        for (SimulatedPod pod : pods) {
            assertThat(fingerprints(pod.trusted)).as(pod.name + " trusts only the new CA").containsExactly(newCa.fingerprint());
            assertThat(CertificateInfo.of(pod.presented).issuedBy(newCa)).as(pod.name + " presents a certificate from the new CA").isTrue();
        }
        assertThat(CertificateInfo.of(operatorLeaf(c, secrets)).issuedBy(newCa)).isTrue();
        assertThat(secrets.get(BrookNames.clusterCa(c.getMetadata().getName()))).as("the old key is gone")
                .doesNotContainKeys(CaLifecycle.PENDING_CERT, CaLifecycle.PENDING_KEY);

        ClusterCertificates.Plan again = ClusterCertificates.plan(c, wanted(c), secrets, Map.of(),
                pods.stream().map(SimulatedPod::report).toList(), now.plus(Duration.ofHours(1)));
        assertThat(again.changes()).as("the same id does not replace the key again").isEmpty();
        assertThat(again.keyReplacement().inProgress()).isFalse();
    }

    @Test
    void podsThatNeverLoadTheNewBundleHoldTheReplacementInPhaseOneAndTheConditionNamesThem() {
        Cluster c = cluster();
        List<SimulatedPod> pods = pods(c);
        ClusterCertificates.Plan plan = ClusterCertificates.plan(c, wanted(c), Map.of(), Map.of(), List.of(), START);
        Map<String, Map<String, byte[]>> secrets = new TreeMap<>(plan.secrets());
        pods.forEach(pod -> pod.load(secrets));
        c.getSpec().getSecurity().getClusterCa().setReplaceKey("r1");
        for (int i = 1; i <= 3; i++) {
            plan = ClusterCertificates.plan(c, wanted(c), secrets, Map.of(), pods.stream().map(SimulatedPod::report).toList(),
                    START.plusSeconds(i));
            secrets.putAll(plan.secrets());
            if (i == 1) {
                assertThat(plan.changes()).anyMatch(line -> line.contains("phase 1 of 3: new CA")).anyMatch(line -> line.contains("trust bundles now hold"));
            } else {
                assertThat(plan.changes()).as("waiting writes nothing").isEmpty();
            }
        }
        assertThat(plan.keyReplacement().summary()).startsWith("cluster CA key replacement, phase 1 of 3 (trusting the new CA)")
                .contains("c1-zookeeper-0").contains("c1-broker-2");
        for (SimulatedPod pod : pods) {
            assertThat(CertificateInfo.of(pod.configuredLeaf(secrets)).issuedBy(plan.clusterCa())).as("no certificate moved yet").isTrue();
        }
    }

    @Test
    void withoutPodReportsTheWholeReplacementHappensInOnePlanAsBrookLocalRestartsEverything() {
        Cluster c = cluster();
        ClusterCertificates.Plan first = ClusterCertificates.plan(c, wanted(c), Map.of(), Map.of(), List.of(), START);
        c.getSpec().getSecurity().getClusterCa().setReplaceKey("r1");
        c.getSpec().getSecurity().getClientsCa().setReplaceKey("r1");
        ClusterCertificates.Plan replaced = ClusterCertificates.plan(c, wanted(c), new TreeMap<>(first.secrets()), Map.of(), List.of(),
                START.plusSeconds(60));
        assertThat(replaced.keyReplacement().inProgress()).isFalse();
        assertThat(replaced.clusterCa().publicKeyFingerprint()).isNotEqualTo(first.clusterCa().publicKeyFingerprint());
        String name = c.getMetadata().getName();
        for (ClusterTls.Issued want : wanted(c)) {
            X509Certificate leaf = Pem.readCertificates(ClusterCertificates.text(replaced.secrets().get(want.secret()).get(want.file()))).get(0);
            assertThat(CertificateInfo.of(leaf).issuedBy(replaced.clusterCa())).as(want.file()).isTrue();
        }
        List<X509Certificate> clientsBundle = Pem.readCertificates(ClusterCertificates.text(
                replaced.secrets().get(BrookNames.brokerTls(name)).get(TlsFiles.CLIENTS_CA_BUNDLE)));
        List<X509Certificate> oldClientsBundle = Pem.readCertificates(ClusterCertificates.text(
                first.secrets().get(BrookNames.brokerTls(name)).get(TlsFiles.CLIENTS_CA_BUNDLE)));
        assertThat(clientsBundle).hasSize(1);
        assertThat(CertificateInfo.of(clientsBundle.get(0)).publicKeyFingerprint())
                .isNotEqualTo(CertificateInfo.of(oldClientsBundle.get(0)).publicKeyFingerprint());

        ClusterCertificates.Plan again = ClusterCertificates.plan(c, wanted(c), new TreeMap<>(replaced.secrets()), Map.of(), List.of(),
                START.plusSeconds(120));
        assertThat(again.changes()).isEmpty();
    }

    @Test
    void anExpiredCaIsReplacedAtOnceAndEveryPodThatStillTrustsItRestartsTogether() {
        Cluster c = cluster();
        List<SimulatedPod> pods = pods(c);
        ClusterCertificates.Plan first = ClusterCertificates.plan(c, wanted(c), Map.of(), Map.of(), List.of(), START);
        Map<String, Map<String, byte[]>> secrets = new TreeMap<>(first.secrets());
        pods.forEach(pod -> pod.load(secrets));
        Instant later = first.clusterCa().notAfter().plus(Duration.ofDays(3)); // the operator was away for too long

        ClusterCertificates.Plan plan = ClusterCertificates.plan(c, wanted(c), secrets, Map.of(),
                pods.stream().map(SimulatedPod::report).toList(), later);
        assertThat(plan.changes()).anyMatch(line -> line.contains("expired at") && line.contains("without phases"));
        assertThat(plan.keyReplacement().inProgress()).isFalse();
        assertThat(plan.clusterTrust()).containsExactly(plan.clusterCa().fingerprint());
        secrets.putAll(plan.secrets());
        for (SimulatedPod pod : pods) {
            assertThat(CertificateInfo.of(pod.configuredLeaf(secrets)).issuedBy(plan.clusterCa())).as(pod.name).isTrue();
        }
        TrustRecovery.Decision recovery = TrustRecovery.plan(pods.stream().map(SimulatedPod::report).toList(), plan.clusterTrust(), later);
        assertThat(recovery.restart()).containsExactlyElementsOf(pods.stream().map(pod -> pod.name).toList());

        pods.forEach(pod -> pod.load(secrets)); // restarted: each reads the new files
        assertEveryPresentedCertificateIsTrustedByEveryPod(pods, operatorLeaf(c, secrets), operatorTrust(c, secrets));
        assertThat(TrustRecovery.plan(pods.stream().map(SimulatedPod::report).toList(), plan.clusterTrust(), later).needed()).isFalse();
        assertThat(ClusterCertificates.plan(c, wanted(c), secrets, Map.of(), pods.stream().map(SimulatedPod::report).toList(),
                later.plusSeconds(60)).changes()).isEmpty();
    }

    private static X509Certificate operatorLeaf(Cluster c, Map<String, Map<String, byte[]>> secrets) {
        String name = c.getMetadata().getName();
        return Pem.readCertificates(ClusterCertificates.text(secrets.get(BrookNames.operatorTls(name)).get(ClusterTls.OPERATOR_KEY_STORE))).get(0);
    }

    private static List<X509Certificate> operatorTrust(Cluster c, Map<String, Map<String, byte[]>> secrets) {
        String name = c.getMetadata().getName();
        return Pem.readCertificates(ClusterCertificates.text(secrets.get(BrookNames.operatorTls(name)).get(TlsFiles.CLUSTER_CA_BUNDLE)));
    }

    /** The operator follows its Secret at once (its Admin clients are rebuilt), so its Secret is what it has loaded. */
    private static void assertEveryPresentedCertificateIsTrustedByEveryPod(List<SimulatedPod> pods, X509Certificate operatorLeaf,
            List<X509Certificate> operatorTrust) {
        Map<String, X509Certificate> presented = new LinkedHashMap<>();
        Map<String, List<X509Certificate>> trust = new LinkedHashMap<>();
        for (SimulatedPod pod : pods) {
            presented.put(pod.name, pod.presented);
            trust.put(pod.name, pod.trusted);
        }
        presented.put("operator", operatorLeaf);
        trust.put("operator", operatorTrust);
        presented.forEach((holder, leaf) -> trust.forEach((truster, cas) -> {
            if (!holder.equals(truster) && cas.stream().noneMatch(ca -> signs(ca, leaf))) {
                fail(truster + " does not trust the certificate " + holder + " presents (issued by " + leaf.getIssuerX500Principal()
                        + "); it trusts " + cas.stream().map(ca -> ca.getSubjectX500Principal().getName()).toList());
            }
        }));
    }

    private static boolean signs(X509Certificate ca, X509Certificate leaf) {
        try {
            leaf.verify(ca.getPublicKey());
            return ca.getSubjectX500Principal().equals(leaf.getIssuerX500Principal());
        } catch (Exception notThisOne) {
            return false;
        }
    }

    private static Map<String, String> issuers(List<SimulatedPod> pods, Map<String, Map<String, byte[]>> secrets) {
        Map<String, String> out = new TreeMap<>();
        for (SimulatedPod pod : pods) {
            out.put(pod.name, pod.configuredLeaf(secrets).getIssuerX500Principal().getName());
        }
        return out;
    }

    private static Set<String> fingerprints(List<X509Certificate> certificates) {
        return certificates.stream().map(certificate -> CertificateInfo.of(certificate).fingerprint())
                .collect(Collectors.toCollection(HashSet::new));
    }
}
