package dev.brook.operator.reconcile.cluster;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.Condition;
import dev.brook.contract.TlsFiles;
import dev.brook.local.AgentStatus;
import dev.brook.model.BrookNames;
import dev.brook.model.CaLifecycle;
import dev.brook.model.CertificateRollout;
import dev.brook.model.ClusterCertificates;
import dev.brook.model.ClusterConditions;
import dev.brook.model.ClusterDefaults;
import dev.brook.model.ClusterTls;
import dev.brook.model.ExternalAddresses;
import dev.brook.model.ListenerKeyStores;
import dev.brook.model.Platform;
import dev.brook.model.TrustRecovery;
import dev.brook.operator.reconcile.CertificateMetrics;
import dev.brook.operator.reconcile.EventRecorder;
import dev.brook.operator.reconcile.OperatorCredentials;
import dev.brook.pki.CaPlan;
import dev.brook.pki.CertificateInfo;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Step 0: the cluster's CAs and certificates ({@link ClusterCertificates}), before any pod starts with them:
 * created, renewed and issued on a clock, whatever else the reconcile does. Every certificate a pod may need is
 * issued before its pod exists (for as many pods as the spec or the live StatefulSets have, whichever is more).
 * The {@code Certificates} condition says how long they are valid and when they renew.
 */
@Singleton
public class CertificatesStep {
    private static final Logger LOG = Logger.getLogger(CertificatesStep.class);
    private final ClusterApply apply;
    private final EventRecorder events;
    private final KubernetesClient client;
    private final Platform platform;
    private final Clock clock;
    private final OperatorCredentials credentials;
    private final CertificateMetrics metrics;
    /** Per cluster (namespace/name), the pods last found not serving their current certificate. */
    private final Map<String, List<String>> lastLagging = new ConcurrentHashMap<>();
    /** Per cluster, the key replacement summary last logged. */
    private final Map<String, String> lastReplacement = new ConcurrentHashMap<>();

    /**
     * @param nextCheck when certificates need attention next, or null when the cluster has none
     * @param recovery  the pods to restart together because trust between them is broken (a CA replaced at once)
     */
    public record Outcome(Condition condition, Instant nextCheck, TrustRecovery.Decision recovery) {
        Outcome(Condition condition, Instant nextCheck) {
            this(condition, nextCheck, TrustRecovery.Decision.NONE);
        }

        static Outcome none() {
            return new Outcome(null, null);
        }
    }

    public CertificatesStep(ClusterApply apply, EventRecorder events, KubernetesClient client, Platform platform, Clock clock,
            OperatorCredentials credentials, CertificateMetrics metrics) {
        this.credentials = credentials;
        this.metrics = metrics;
        this.apply = apply;
        this.events = events;
        this.client = client;
        this.platform = platform;
        this.clock = clock;
    }

    public Outcome run(ClusterObservation observed) {
        Cluster cluster = observed.cluster();
        if (!ClusterTls.needed(cluster)) {
            metrics.forget(observed.namespace(), observed.name());
            return Outcome.none();
        }
        int zookeepers = Math.max(ClusterDefaults.zookeeperReplicas(cluster.getSpec()), ClusterObservation.replicas(observed.zookeeperSet()));
        int brokers = Math.max(ClusterDefaults.brokerReplicas(cluster.getSpec()), ClusterObservation.replicas(observed.brokerSet()));
        var wanted = ClusterTls.certificates(cluster, platform, ExternalAddresses.learn(cluster, observed.services(), Map.of()),
                zookeepers, brokers, pod -> List.of());
        Instant now = clock.instant();
        String type = ClusterConditions.Type.Certificates.name();
        // The user's Secrets are read directly: they are not Brook's, so not in the informer.
        ListenerKeyStores listeners = ListenerKeyStores.of(cluster, name -> {
            Secret secret = client.secrets().inNamespace(observed.namespace()).withName(name).get();
            return secret == null ? null : ClusterCertificates.files(secret);
        });
        String listenerProblem = listeners.problem();
        if (listenerProblem != null) {
            LOG.infof("cluster %s: a listener's own certificate is unusable: %s", observed.ref(), listenerProblem);
            return new Outcome(new Condition(type, Condition.FALSE, ClusterConditions.Reason.ListenerCertificateUnusable.name(),
                    listenerProblem), now.plus(Duration.ofMinutes(1)));
        }
        List<CaLifecycle.PodTls> reports = podReports(observed, zookeepers, brokers);
        ClusterCertificates.Plan plan = ClusterCertificates.plan(cluster, wanted, currentSecrets(observed), listeners.keyStores(), reports, now);
        if (plan.problem() != null) {
            LOG.infof("cluster %s: certificates cannot be issued: %s", observed.ref(), plan.problem());
            return new Outcome(new Condition(type, Condition.FALSE, ClusterConditions.Reason.CaUnusable.name(), plan.problem()),
                    now.plus(Duration.ofMinutes(1)));
        }
        if (plan.changed()) {
            LOG.infof("cluster %s: certificates: %s", observed.ref(), String.join("; ", plan.changes()));
            events.normal(cluster, "CertificatesUpdated", String.join("; ", plan.changes()));
        }
        ClusterCertificates.secrets(cluster, plan).forEach(s -> apply.apply(observed, s));
        credentials.remember(cluster, plan.secrets().getOrDefault(BrookNames.operatorTls(observed.name()), Map.of()));
        metrics.record(observed.namespace(), observed.name(), plan.expiries());
        Instant firstExpiry = plan.issued().stream().map(CertificateInfo::notAfter).min(Comparator.naturalOrder()).orElse(plan.clusterCa().notAfter());
        List<String> lagging = CertificateRollout.lagging(podViews(observed, plan, zookeepers, brokers));
        // Logged when it changes, not on every reconcile of a renewal in progress.
        List<String> before = lastLagging.put(observed.ref(), lagging);
        if (!lagging.equals(before == null ? List.of() : before)) {
            LOG.infof("cluster %s: certificates not served yet: %s", observed.ref(), lagging.isEmpty() ? "none, every pod serves its current one"
                    : String.join("; ", lagging));
        }
        TrustRecovery.Decision recovery = TrustRecovery.plan(reports, plan.clusterTrust(), now);
        if (recovery.needed()) {
            return new Outcome(new Condition(type, Condition.FALSE, ClusterConditions.Reason.TrustBroken.name(), recovery.message()),
                    now.plus(ClusterCertificates.REPLACEMENT_RECHECK), recovery);
        }
        String message = "cluster CA valid until " + plan.clusterCa().notAfter() + "; " + plan.issued().size()
                + " certificates, the first valid until " + firstExpiry + "; next renewal from " + plan.nextCheck()
                + CertificateRollout.summary(lagging) + keyReplacement(observed, plan.keyReplacement());
        return new Outcome(new Condition(type, Condition.TRUE, ClusterConditions.Reason.Valid.name(), message), plan.nextCheck());
    }

    /**
     * The key replacement's phase and whom it waits for, logged when it changes (the changes themselves are logged and
     * recorded as Events with the plan's other changes).
     */
    private String keyReplacement(ClusterObservation observed, ClusterCertificates.CaKeyReplacement replacement) {
        String summary = replacement == null ? "" : replacement.summary();
        String before = lastReplacement.put(observed.ref(), summary);
        if (!summary.equals(before == null ? "" : before) && !summary.isEmpty()) {
            LOG.infof("cluster %s: %s", observed.ref(), summary);
        }
        return summary.isEmpty() ? "" : "; " + summary;
    }

    /**
     * What each existing pod's agent says of the TLS material its server uses now, for the CA key replacement: the CAs
     * it trusts and the certificate it presents (a broker whose listeners are not all up to date presents "unknown").
     * Every pod the cluster should have is listed, whether it exists now or not: a pod being restarted (deleted and not
     * yet recreated) or one whose agent does not answer is listed with nothing known, so the replacement waits for it
     * instead of moving the next pod while one is down.
     */
    private static List<CaLifecycle.PodTls> podReports(ClusterObservation observed, int zookeepers, int brokers) {
        List<CaLifecycle.PodTls> pods = new ArrayList<>();
        if (observed.operatorTls() == null) {
            return pods;
        }
        for (int i = 0; i < zookeepers; i++) {
            String pod = BrookNames.zookeeperPod(observed.name(), i);
            Optional<AgentStatus> status = observed.pod(pod).isPresent() ? observed.agents().zookeeper(pod) : Optional.empty();
            pods.add(new CaLifecycle.PodTls(pod, CaPlan.Role.ZOOKEEPER, Set.copyOf(status.map(AgentStatus::tlsTrustedLoaded).orElse(List.of())),
                    status.flatMap(AgentStatus::tlsLoadedCertificate).orElse(null), false, status.flatMap(AgentStatus::tlsServedNotAfter).orElse(null)));
        }
        for (int n = 0; n < brokers; n++) {
            String pod = BrookNames.brokerPod(observed.name(), n);
            Optional<AgentStatus> status = observed.pod(pod).isPresent() ? observed.agents().broker(pod) : Optional.empty();
            String served = status.filter(st -> st.tlsStaleListeners().isEmpty()).flatMap(AgentStatus::tlsCertificate).orElse(null);
            pods.add(new CaLifecycle.PodTls(pod, CaPlan.Role.BROKER, Set.copyOf(status.map(AgentStatus::tlsTrustedLoaded).orElse(List.of())),
                    served, false, status.flatMap(AgentStatus::tlsServedNotAfter).orElse(null)));
        }
        return pods;
    }

    /**
     * What each existing pod's agent says of its certificate, against the one its Secret holds now (asked only with
     * internal TLS, and only of pods that exist: an agent that does not answer is not judged).
     */
    private static List<CertificateRollout.PodView> podViews(ClusterObservation observed, ClusterCertificates.Plan plan, int zookeepers,
            int brokers) {
        List<CertificateRollout.PodView> views = new ArrayList<>();
        if (observed.operatorTls() == null) {
            return views;
        }
        String zookeeperSecret = BrookNames.zookeeperTls(observed.name());
        String brokerSecret = BrookNames.brokerTls(observed.name());
        for (int i = 0; i < zookeepers; i++) {
            String pod = BrookNames.zookeeperPod(observed.name(), i);
            CertificateInfo inSecret = plan.certificates().get(zookeeperSecret + "/" + TlsFiles.podKeyStore(pod));
            if (observed.pod(pod).isPresent() && inSecret != null) {
                Optional<AgentStatus> status = observed.agents().zookeeper(pod);
                views.add(new CertificateRollout.PodView(pod, inSecret.fingerprint(), status.flatMap(AgentStatus::tlsCertificate).orElse(null),
                        List.of(), status.map(AgentStatus::tlsFilesChangedSinceStart).orElse(false)));
            }
        }
        for (int n = 0; n < brokers; n++) {
            String pod = BrookNames.brokerPod(observed.name(), n);
            CertificateInfo inSecret = plan.certificates().get(brokerSecret + "/" + TlsFiles.podKeyStore(pod));
            if (observed.pod(pod).isPresent() && inSecret != null) {
                Optional<AgentStatus> status = observed.agents().broker(pod);
                views.add(new CertificateRollout.PodView(pod, inSecret.fingerprint(), status.flatMap(AgentStatus::tlsCertificate).orElse(null),
                        status.map(AgentStatus::tlsStaleListeners).orElse(List.of()), false));
            }
        }
        return views;
    }

    /** Drops what the operator holds for a deleted cluster (its Admin credentials). */
    public void forget(Cluster cluster) {
        credentials.forget(cluster);
        lastLagging.remove(cluster.getMetadata().getNamespace() + "/" + cluster.getMetadata().getName());
        lastReplacement.remove(cluster.getMetadata().getNamespace() + "/" + cluster.getMetadata().getName());
        metrics.forget(cluster.getMetadata().getNamespace(), cluster.getMetadata().getName());
    }

    /** Brook's TLS Secrets from the informer, and the CA Secrets a user named (read directly: they are not Brook's). */
    private Map<String, Map<String, byte[]>> currentSecrets(ClusterObservation observed) {
        Map<String, Map<String, byte[]>> current = new HashMap<>();
        observed.context().getSecondaryResources(Secret.class).forEach(s -> current.put(s.getMetadata().getName(), ClusterCertificates.files(s)));
        Stream.of(ClusterTls.clusterCa(observed.cluster()).userSecret(), ClusterTls.clientsCa(observed.cluster()).userSecret())
                .filter(name -> name != null && !current.containsKey(name))
                .forEach(name -> {
                    Secret secret = client.secrets().inNamespace(observed.namespace()).withName(name).get();
                    if (secret != null) {
                        current.put(name, ClusterCertificates.files(secret));
                    }
                });
        return current;
    }

    /** The names of the Secrets this step writes, for the docs and tests. */
    static List<String> secretNames(String cluster) {
        return List.of(BrookNames.clusterCa(cluster), BrookNames.clusterCaCert(cluster), BrookNames.clientsCa(cluster),
                BrookNames.clientsCaCert(cluster), BrookNames.zookeeperTls(cluster), BrookNames.brokerTls(cluster),
                BrookNames.operatorTls(cluster));
    }
}
