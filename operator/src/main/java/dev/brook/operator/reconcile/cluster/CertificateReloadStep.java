package dev.brook.operator.reconcile.cluster;

import dev.brook.contract.PodName;
import dev.brook.kafka.BrokerConfigAdmin;
import dev.brook.kafka.KafkaConnections;
import dev.brook.kafka.KafkaOperationException;
import dev.brook.local.AgentStatus;
import dev.brook.model.BrokerSet;
import dev.brook.model.BrookNames;
import dev.brook.operator.reconcile.EventRecorder;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Brokers take renewed certificates without a restart. Kubernetes updates the mounted broker Secret in place (late,
 * at its own pace); Kafka keeps serving the certificate it read at start until its store paths are set again for that
 * broker. Each broker's agent reports the TLS listeners that serve something other than their key store file now
 * holds ({@link AgentStatus#tlsStaleListeners}); for those brokers this step asks Kafka to reload
 * ({@link BrokerConfigAdmin#reloadStores}). Runs on every reconcile of a cluster with internal TLS whose brokers
 * answer (every 30 s while Ready), so a renewal is served within about that long after the kubelet's update.
 */
@Singleton
public class CertificateReloadStep {
    private static final Logger LOG = Logger.getLogger(CertificateReloadStep.class);
    private final KafkaConnections kafka;
    private final EventRecorder events;
    /** The last refusal per broker pod, so a refusal Kafka repeats is logged and recorded once. */
    private final Map<String, String> refused = new ConcurrentHashMap<>();

    public CertificateReloadStep(KafkaConnections kafka, EventRecorder events) {
        this.kafka = kafka;
        this.events = events;
    }

    public void run(ClusterObservation observed, BrokerSet brokers) {
        if (observed.operatorTls() == null || observed.kafka() == null) {
            return; // plaintext brokers, or brokers that do not answer: nothing to reload now
        }
        int replicas = ClusterObservation.replicas(observed.brokerSet());
        for (int n = 0; n < replicas; n++) {
            String pod = BrookNames.brokerPod(observed.name(), n);
            List<String> stale = observed.agents().broker(pod).map(AgentStatus::tlsStaleListeners).orElse(List.of());
            if (stale.isEmpty()) {
                refused.remove(observed.namespace() + "/" + pod);
                continue;
            }
            int brokerId = PodName.parse(pod).brokerId();
            try {
                BrokerConfigAdmin admin = kafka.forBootstrap(brokers.replicationBootstrapServers(), observed.operatorTls()).brokerConfig();
                List<String> keys = admin.reloadStores(brokerId);
                LOG.infof("cluster %s: broker %d (%s) served an older certificate than its files on %s; asked Kafka to reload its TLS "
                        + "stores (%d paths set again), no restart", observed.ref(), brokerId, pod, String.join(",", stale), keys.size());
                events.normal(observed.cluster(), "CertificateReloaded", "broker " + brokerId + " (" + pod + ") reloads its renewed "
                        + "certificate on " + String.join(", ", stale) + " without a restart");
                refused.remove(observed.namespace() + "/" + pod);
            } catch (KafkaOperationException e) {
                String why = String.valueOf(e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
                if (!why.equals(refused.put(observed.namespace() + "/" + pod, why))) {
                    LOG.warnf("cluster %s: broker %d (%s) did not reload its renewed certificate: %s; it keeps serving the old one",
                            observed.ref(), brokerId, pod, why);
                    events.warning(observed.cluster(), "CertificateReloadFailed", "broker " + brokerId + " (" + pod
                            + ") keeps serving its old certificate: " + why);
                }
            }
        }
    }
}
