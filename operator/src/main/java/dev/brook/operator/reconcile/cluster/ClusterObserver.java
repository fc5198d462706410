package dev.brook.operator.reconcile.cluster;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.contract.BrokerInputs;
import dev.brook.contract.PodPaths;
import dev.brook.contract.ZookeeperInputs;
import dev.brook.kafka.ClientTls;
import dev.brook.kafka.KafkaConnections;
import dev.brook.kafka.KafkaOperationException;
import dev.brook.model.BrookLabels;
import dev.brook.model.BrookNames;
import dev.brook.model.ClusterDefaults;
import dev.brook.model.KafkaClusterView;
import dev.brook.model.Platform;
import dev.brook.operator.reconcile.AgentStatusClient;
import dev.brook.operator.reconcile.OperatorCredentials;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/** Reads a {@link ClusterObservation}: informers first, then Kafka once if a broker can answer or brokers may go. */
@Singleton
public class ClusterObserver {
    private static final Logger LOG = Logger.getLogger(ClusterObserver.class);
    private final KafkaConnections kafka;
    private final AgentStatusClient agents;
    private final Platform platform;
    private final PodRestarts restarts;
    private final OperatorCredentials credentials;

    public ClusterObserver(KafkaConnections kafka, AgentStatusClient agents, Platform platform, PodRestarts restarts,
            OperatorCredentials credentials) {
        this.kafka = kafka;
        this.credentials = credentials;
        this.agents = agents;
        this.platform = platform;
        this.restarts = restarts;
    }

    public ClusterObservation observe(Cluster cluster, Context<Cluster> context) {
        String name = cluster.getMetadata().getName();
        String ns = cluster.getMetadata().getNamespace();
        StatefulSet zookeeperSet = ClusterInformers.named(context, StatefulSet.class, BrookNames.zookeeper(name));
        StatefulSet brokerSet = ClusterInformers.named(context, StatefulSet.class, BrookNames.broker(name));
        List<Pod> pods = new ArrayList<>(context.getSecondaryResources(Pod.class));
        // A pod being deleted is being recreated, whoever deleted it (a new operator process lists terminating pods).
        pods.removeIf(p -> restarts.deletedByUs(p) || p.getMetadata().getDeletionTimestamp() != null);
        List<Service> services = List.copyOf(context.getSecondaryResources(Service.class));
        AgentStatuses agentStatuses = new AgentStatuses(agents, platform.headlessDomain(BrookNames.zookeeper(name), ns),
                platform.headlessDomain(BrookNames.broker(name), ns));

        boolean brokerReady = pods.stream().filter(ClusterObservation.isComponent(BrookLabels.Component.BROKER))
                .anyMatch(io.fabric8.kubernetes.client.readiness.Readiness::isPodReady);
        boolean brokersMayGo = cluster.getSpec() != null
                && ClusterDefaults.brokerReplicas(cluster.getSpec()) < ClusterObservation.replicas(brokerSet);
        Boolean liveTls = liveInternalTls(context, ns, name);
        credentials.observed(cluster, liveTls);
        // The brokers as they run: over mutual TLS when their inputs say so (a refused switch changes nothing).
        ClientTls operatorTls = credentials.tlsFor(cluster).orElse(null);
        KafkaClusterView view = null;
        String problem = null;
        if (brokerReady || brokersMayGo) {
            try {
                view = kafka.forBootstrap(BrookNames.replicationBootstrap(name, ns), operatorTls).health().view();
            } catch (KafkaOperationException e) {
                problem = e.getMessage();
                LOG.debugf("cluster %s/%s: brokers not answering yet: %s", ns, name, problem);
            }
        }
        return new ClusterObservation(cluster, context, zookeeperSet, brokerSet, pods, zookeeperServers(context, ns, name), liveTls,
                operatorTls, services, view, problem, agentStatuses);
    }

    /**
     * Whether the pods run with internal TLS now, from their live inputs ConfigMaps (the pod contract): the brokers'
     * if they have inputs, else ZooKeeper's; null before either exists.
     */
    private static Boolean liveInternalTls(Context<Cluster> context, String ns, String name) {
        try {
            String brokers = inputsText(context, BrookNames.brokerInputs(name), PodPaths.BROKER_INPUTS_FILE);
            if (brokers != null) {
                return BrokerInputs.parse(brokers).tls();
            }
            String zookeeper = inputsText(context, BrookNames.zookeeperInputs(name), PodPaths.ZOOKEEPER_INPUTS_FILE);
            return zookeeper == null ? null : ZookeeperInputs.parse(zookeeper).tls();
        } catch (RuntimeException e) {
            LOG.warnf("cluster %s/%s: live inputs do not parse (%s); taking internal TLS from the spec", ns, name, e.getMessage());
            return null;
        }
    }

    private static String inputsText(Context<Cluster> context, String configMap, String file) {
        ConfigMap inputs = ClusterInformers.named(context, ConfigMap.class, configMap);
        return inputs == null || inputs.getData() == null ? null : inputs.getData().get(file);
    }

    /** The server list size the ZooKeeper pods are given now: the live inputs ConfigMap (the pod contract). */
    private static Integer zookeeperServers(Context<Cluster> context, String ns, String name) {
        ConfigMap inputs = ClusterInformers.named(context, ConfigMap.class, BrookNames.zookeeperInputs(name));
        if (inputs == null || inputs.getData() == null || inputs.getData().get(PodPaths.ZOOKEEPER_INPUTS_FILE) == null) {
            return null;
        }
        try {
            return ZookeeperInputs.parse(inputs.getData().get(PodPaths.ZOOKEEPER_INPUTS_FILE)).replicas();
        } catch (RuntimeException e) {
            LOG.warnf("cluster %s/%s: the ZooKeeper inputs ConfigMap does not parse (%s); assuming the StatefulSet's size", ns, name,
                    e.getMessage());
            return null;
        }
    }
}
