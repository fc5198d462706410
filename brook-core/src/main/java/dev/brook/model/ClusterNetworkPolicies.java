package dev.brook.model;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.ListenerSpec;
import dev.brook.contract.PodPorts;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRuleBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeerBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPortBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Who may reach a cluster's pods, as two NetworkPolicies (ingress only; the pods may reach out as they need):
 * <ul>
 *   <li>ZooKeeper: its quorum ports only from its own servers, its client port only from this cluster's brokers
 *       (the operator never talks to ZooKeeper);</li>
 *   <li>brokers: the replication listener (inter-broker traffic, and the operator's Admin client) only from the
 *       brokers and the operator's pod; each client listener from anywhere (its TLS and, later, authentication
 *       decide who gets in);</li>
 *   <li>both: the agent's health port (kubelet probes, the operator reading a pod's status) and the metrics port
 *       (Prometheus) from anywhere.</li>
 * </ul>
 *
 * @param operatorNamespace the operator's namespace
 * @param operatorLabels    labels that select the operator's pod there
 */
public record ClusterNetworkPolicies(String operatorNamespace, Map<String, String> operatorLabels) {

    public List<NetworkPolicy> policies(Cluster cluster) {
        return List.of(zookeeper(cluster), brokers(cluster));
    }

    public NetworkPolicy zookeeper(Cluster cluster) {
        String c = cluster.getMetadata().getName();
        NetworkPolicyPeer zookeepers = pods(c, BrookLabels.Component.ZOOKEEPER);
        NetworkPolicyPeer brokers = pods(c, BrookLabels.Component.BROKER);
        List<NetworkPolicyIngressRule> rules = List.of(
                rule(List.of(zookeepers), PodPorts.ZOOKEEPER_PEER, PodPorts.ZOOKEEPER_ELECTION, PodPorts.ZOOKEEPER_CLIENT),
                rule(List.of(brokers), PodPorts.ZOOKEEPER_CLIENT),
                rule(List.of(), PodPorts.HEALTH, PodPorts.METRICS));
        return policy(cluster, BrookNames.zookeeper(c), BrookLabels.Component.ZOOKEEPER, rules);
    }

    public NetworkPolicy brokers(Cluster cluster) {
        String c = cluster.getMetadata().getName();
        NetworkPolicyPeer operator = new NetworkPolicyPeerBuilder()
                .withNamespaceSelector(new LabelSelectorBuilder().withMatchLabels(Map.of("kubernetes.io/metadata.name", operatorNamespace)).build())
                .withPodSelector(new LabelSelectorBuilder().withMatchLabels(operatorLabels).build()).build();
        List<NetworkPolicyIngressRule> rules = new ArrayList<>();
        rules.add(rule(List.of(pods(c, BrookLabels.Component.BROKER), operator), PodPorts.BROKER_REPLICATION));
        int[] clientPorts = ClusterDefaults.listeners(cluster.getSpec()).stream().mapToInt(ListenerSpec::getPort).toArray();
        if (clientPorts.length > 0) {
            rules.add(rule(List.of(), clientPorts));
        }
        rules.add(rule(List.of(), PodPorts.HEALTH, PodPorts.METRICS));
        return policy(cluster, BrookNames.broker(c), BrookLabels.Component.BROKER, rules);
    }

    private static NetworkPolicy policy(Cluster cluster, String name, BrookLabels.Component component, List<NetworkPolicyIngressRule> rules) {
        return new NetworkPolicyBuilder()
                .withMetadata(ClusterObjectMeta.of(cluster, name, component))
                .withNewSpec()
                    .withPodSelector(new LabelSelectorBuilder().withMatchLabels(BrookLabels.selector(cluster.getMetadata().getName(), component)).build())
                    .withPolicyTypes("Ingress")
                    .withIngress(rules)
                .endSpec()
                .build();
    }

    private static NetworkPolicyPeer pods(String cluster, BrookLabels.Component component) {
        return new NetworkPolicyPeerBuilder().withPodSelector(new LabelSelectorBuilder()
                .withMatchLabels(BrookLabels.selector(cluster, component)).build()).build();
    }

    /** Ingress to {@code ports} from {@code peers}; no peers means from anywhere. */
    private static NetworkPolicyIngressRule rule(List<NetworkPolicyPeer> peers, int... ports) {
        List<NetworkPolicyPort> list = new ArrayList<>();
        for (int port : ports) {
            list.add(new NetworkPolicyPortBuilder().withProtocol("TCP").withPort(new IntOrString(port)).build());
        }
        return new NetworkPolicyIngressRuleBuilder().withFrom(peers).withPorts(list).build();
    }
}
