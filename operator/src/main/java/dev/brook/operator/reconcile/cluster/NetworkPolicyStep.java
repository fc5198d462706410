package dev.brook.operator.reconcile.cluster;

import dev.brook.model.ClusterNetworkPolicies;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The cluster's NetworkPolicies ({@link ClusterNetworkPolicies}), when the installation asks for them (chart value
 * networkPolicies.enabled, on by default): applied like every owned object, and deleted when switched off. The
 * operator's own namespace and pod labels open the replication listener to it.
 */
@Singleton
public class NetworkPolicyStep {
    private static final Logger LOG = Logger.getLogger(NetworkPolicyStep.class);
    private final ClusterApply apply;
    private final KubernetesClient client;
    private final ClusterNetworkPolicies policies;

    public NetworkPolicyStep(ClusterApply apply, KubernetesClient client,
            @ConfigProperty(name = "brook.network-policies.enabled", defaultValue = "true") boolean enabled,
            @ConfigProperty(name = "brook.operator.namespace") Optional<String> operatorNamespace,
            @ConfigProperty(name = "brook.operator.pod-labels") Optional<String> operatorLabels) {
        this.apply = apply;
        this.client = client;
        if (enabled && (operatorNamespace.isEmpty() || operatorLabels.isEmpty())) {
            // Without knowing where the operator runs, a policy would lock it out of its own brokers.
            LOG.warn("NetworkPolicies are on but brook.operator.namespace or brook.operator.pod-labels is not set: no policies are made");
        }
        this.policies = enabled && operatorNamespace.isPresent() && operatorLabels.isPresent()
                ? new ClusterNetworkPolicies(operatorNamespace.get(), labels(operatorLabels.get())) : null;
    }

    public void run(ClusterObservation observed) {
        if (policies != null) {
            policies.policies(observed.cluster()).forEach(p -> apply.apply(observed, p));
            return;
        }
        for (NetworkPolicy existing : observed.context().getSecondaryResources(NetworkPolicy.class)) {
            client.resource(existing).delete();
            LOG.infof("cluster %s: deleted NetworkPolicy %s (NetworkPolicies are switched off)", observed.ref(), existing.getMetadata().getName());
        }
    }

    /** {@code a=b,c=d} as a map. */
    static Map<String, String> labels(String text) {
        Map<String, String> labels = new TreeMap<>();
        Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(pair -> {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("brook.operator.pod-labels: '" + pair + "' is not name=value");
            }
            labels.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        });
        return labels;
    }
}
