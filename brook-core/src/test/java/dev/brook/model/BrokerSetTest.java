package dev.brook.model;

import static dev.brook.model.ClusterFixtures.NAME;
import static dev.brook.model.ClusterFixtures.assertOwnedAndLabelled;
import static dev.brook.model.ClusterFixtures.cluster;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.brook.contract.BrokerInputs;
import dev.brook.contract.HostPort;
import dev.brook.contract.Listener;
import dev.brook.contract.OwnedKafkaKeys;
import dev.brook.contract.PodPaths;
import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.JvmOptions;
import dev.brook.api.v1alpha1.ListenerSpec;
import dev.brook.api.v1alpha1.ListenerStatus;
import dev.brook.api.v1alpha1.ListenerType;
import dev.brook.api.v1alpha1.RackSpec;
import dev.brook.api.v1alpha1.StorageSpec;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BrokerSetTest {

    private static Cluster withListeners(ListenerSpec... listeners) {
        Cluster c = cluster();
        c.getSpec().getBrokers().setListeners(new ArrayList<>(List.of(listeners)));
        return c;
    }

    @Test
    void defaultInputsAreTheRenderedContract() {
        BrokerSet brokers = BrokerSet.from(cluster());
        String text = brokers.configMap().getData().get(PodPaths.BROKER_INPUTS_FILE);
        // Golden: what a default 3+3 cluster's broker pods read (the agent's view of the cluster).
        // New clusters get internal TLS: replication is SSL (mutual), the client listener stays as listed.
        assertThat(text).isEqualTo("""
                # Brook broker inputs
                cluster.name=c1
                cluster.namespace=ns1
                inter.broker.listener=REPLICATION
                listener.PLAIN.port=9092
                listener.PLAIN.protocol=PLAINTEXT
                listener.REPLICATION.port=9091
                listener.REPLICATION.protocol=SSL
                pods.domain=c1-broker.ns1.svc.cluster.local
                replicas=3
                tls=true
                zookeeper.chroot=/brook/ns1/c1
                zookeeper.connect=c1-zookeeper-0.c1-zookeeper.ns1.svc.cluster.local:2181,c1-zookeeper-1.c1-zookeeper.ns1.svc.cluster.local:2181,c1-zookeeper-2.c1-zookeeper.ns1.svc.cluster.local:2181
                """);
        assertThat(brokers.configMap().getData()).containsOnlyKeys(PodPaths.BROKER_INPUTS_FILE);
        assertThat(brokers.configMap().getMetadata().getName()).isEqualTo("c1-broker-inputs");
    }

    @Test
    void inputsParseBackAndPassTheContractsChecks() {
        Cluster c = withListeners(new ListenerSpec("plain", 9092, ListenerType.INTERNAL),
                new ListenerSpec("tls-later", 9093, ListenerType.INTERNAL));
        c.getSpec().getBrokers().setConfig(Map.of("num.partitions", "6", "min.insync.replicas", "2"));
        BrokerSet brokers = BrokerSet.from(c);
        BrokerInputs parsed = BrokerInputs.parse(brokers.configMap().getData().get(PodPaths.BROKER_INPUTS_FILE));
        assertThat(parsed).isEqualTo(brokers.inputs());
        assertThat(parsed.restartHash()).isEqualTo(brokers.configHash());
        assertThat(brokers.dynamicConfig()).containsExactly(Map.entry("min.insync.replicas", "2"));
        assertThat(parsed.ownedKeysInUserConfig()).isEmpty();
        assertThat(parsed.userConfig()).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of("min.insync.replicas", "2", "num.partitions", "6")));
        assertThat(parsed.interBrokerListener()).isEqualTo("REPLICATION");
        assertThat(parsed.zookeeperChroot()).isEqualTo(BrokerInputs.defaultChroot("ns1", "c1"));
        assertThat(parsed.listeners()).extracting(Listener::name, Listener::port)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("PLAIN", 9092), org.assertj.core.groups.Tuple.tuple("REPLICATION", 9091),
                        org.assertj.core.groups.Tuple.tuple("TLS_LATER", 9093));
        // What the agent computes at start for each pod works for every broker.
        for (int n = 0; n < parsed.replicas(); n++) {
            for (Listener l : parsed.listeners()) {
                assertThat(l.advertisedAddress(parsed.pod(n), parsed.addressing()))
                        .isEqualTo(new HostPort("c1-broker-" + n + ".c1-broker.ns1.svc.cluster.local", l.port()));
            }
        }
        assertThat(brokers.zookeeperConnect()).endsWith(":2181/brook/ns1/c1").startsWith("c1-zookeeper-0.c1-zookeeper.ns1.svc.cluster.local:2181,");
    }

    @Test
    void aTlsListenerIsServedOverTlsAndAnOwnCertificateIsKept() {
        ListenerSpec tls = new ListenerSpec("secure", 9093, ListenerType.INTERNAL);
        tls.setTls(true);
        ListenerSpec own = new ListenerSpec("partner", 9094, ListenerType.INTERNAL);
        own.setTls(true);
        dev.brook.api.v1alpha1.ListenerCertificate certificate = new dev.brook.api.v1alpha1.ListenerCertificate();
        certificate.setSecretName("partner-cert");
        own.setCertificate(certificate);
        Cluster c = withListeners(new ListenerSpec("plain", 9092, ListenerType.INTERNAL), tls, own);

        BrokerInputs parsed = BrokerInputs.parse(BrokerSet.from(c).configMap().getData().get(PodPaths.BROKER_INPUTS_FILE));
        assertThat(parsed.listeners()).extracting(Listener::name, Listener::protocol, Listener::ownCertificate).containsExactly(
                org.assertj.core.groups.Tuple.tuple("PARTNER", "SSL", true), org.assertj.core.groups.Tuple.tuple("PLAIN", "PLAINTEXT", false),
                org.assertj.core.groups.Tuple.tuple("REPLICATION", "SSL", false), org.assertj.core.groups.Tuple.tuple("SECURE", "SSL", false));
        assertThat(ClusterTls.tlsListeners(c)).extracting(ListenerSpec::getName).containsExactly("secure", "partner");
        assertThat(ClusterTls.tlsListeners(c).get(1).getCertificate().getSecretName()).isEqualTo("partner-cert");

        // A plaintext cluster with one TLS listener still needs certificates (for that listener).
        c.getSpec().setSecurity(new dev.brook.api.v1alpha1.SecuritySpec());
        c.getSpec().getSecurity().setInternalTls(false);
        assertThat(ClusterTls.needed(c)).isTrue();
        assertThat(ClusterTls.needed(withoutInternalTls(withListeners(new ListenerSpec("plain", 9092, ListenerType.INTERNAL))))).isFalse();
    }

    private static Cluster withoutInternalTls(Cluster c) {
        c.getSpec().setSecurity(new dev.brook.api.v1alpha1.SecuritySpec());
        c.getSpec().getSecurity().setInternalTls(false);
        return c;
    }

    @Test
    void ownedKeysNeverLeakIntoInputs() {
        Cluster c = cluster();
        c.getSpec().getBrokers().setConfig(Map.of("broker.id", "7", "num.partitions", "6"));
        assertThatThrownBy(() -> BrokerSet.from(c)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("spec.brokers.config.broker.id");
        Cluster ok = cluster();
        ok.getSpec().getBrokers().setConfig(Map.of("num.partitions", "6"));
        assertThat(OwnedKafkaKeys.offending(BrokerSet.from(ok).inputs().userConfig().keySet())).isEmpty();
    }

    @Test
    void hashChangesExactlyWhenTheInputsChange() {
        Cluster base = cluster();
        base.getSpec().getBrokers().setConfig(new LinkedHashMap<>(Map.of("num.partitions", "6", "log.retention.hours", "24")));
        String hash = BrokerSet.from(base).configHash();

        Cluster changed = cluster();
        changed.getSpec().getBrokers().setConfig(Map.of("num.partitions", "12", "log.retention.hours", "24"));
        assertThat(BrokerSet.from(changed).configHash()).isNotEqualTo(hash);

        // Re-serialized (other map order, YAML round trip): same meaning, same hash.
        Cluster roundTrip = Serialization.unmarshal(Serialization.asYaml(base), Cluster.class);
        assertThat(BrokerSet.from(roundTrip).configHash()).isEqualTo(hash);
        Cluster reordered = cluster();
        LinkedHashMap<String, String> otherOrder = new LinkedHashMap<>();
        otherOrder.put("log.retention.hours", "24");
        otherOrder.put("num.partitions", "6");
        reordered.getSpec().getBrokers().setConfig(otherOrder);
        assertThat(BrokerSet.from(reordered).configHash()).isEqualTo(hash);

        // Not inputs: resources, JVM options, storage, metrics (they change the pod template, not the hash).
        Cluster notInputs = Serialization.unmarshal(Serialization.asYaml(base), Cluster.class);
        notInputs.getSpec().getBrokers().setResources(new ResourceRequirementsBuilder()
                .addToRequests("cpu", new Quantity("2")).build());
        JvmOptions jvm = new JvmOptions();
        jvm.setXmx("2g");
        notInputs.getSpec().getBrokers().setJvmOptions(jvm);
        notInputs.getSpec().getMetrics().setEnabled(false);
        assertThat(BrokerSet.from(notInputs).configHash()).isEqualTo(hash);
        assertThat(BrokerSet.from(notInputs).statefulSet().getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry(BrookLabels.CONFIG_HASH_ANNOTATION, hash);

        // A larger broker count is in the inputs but restarts no running broker (only new pods read it);
        // a count below three changes the internal topics' defaults, so it does.
        Cluster scaled = Serialization.unmarshal(Serialization.asYaml(base), Cluster.class);
        scaled.getSpec().getBrokers().setReplicas(4);
        assertThat(BrokerSet.from(scaled).inputs().hash()).isNotEqualTo(BrokerSet.from(base).inputs().hash());
        assertThat(BrokerSet.from(scaled).configHash()).isEqualTo(hash);
        Cluster small = Serialization.unmarshal(Serialization.asYaml(base), Cluster.class);
        small.getSpec().getBrokers().setReplicas(1);
        assertThat(BrokerSet.from(small).configHash()).isNotEqualTo(hash);
        // Dynamic keys are applied live, not by a restart.
        Cluster dynamic = Serialization.unmarshal(Serialization.asYaml(base), Cluster.class);
        java.util.Map<String, String> withRetention = new java.util.TreeMap<>(base.getSpec().getBrokers().getConfig() == null ? Map.of()
                : base.getSpec().getBrokers().getConfig());
        withRetention.put("log.retention.ms", "1000");
        dynamic.getSpec().getBrokers().setConfig(withRetention);
        assertThat(BrokerSet.from(dynamic).configHash()).isEqualTo(hash);
        // Inputs beyond config: listeners, ZooKeeper ensemble size.
        Cluster moreZk = Serialization.unmarshal(Serialization.asYaml(base), Cluster.class);
        moreZk.getSpec().getZookeeper().setReplicas(5);
        assertThat(BrokerSet.from(moreZk).configHash()).isNotEqualTo(hash);
    }

    @Test
    void bootstrapServersPerListener() {
        Cluster c = withListeners(new ListenerSpec("ext", 9094, ListenerType.NODEPORT),
                new ListenerSpec("plain", 9092, ListenerType.INTERNAL), new ListenerSpec("other", 9095, ListenerType.INTERNAL));
        BrokerSet brokers = BrokerSet.from(c);
        assertThat(brokers.bootstrapServers()).contains("c1-bootstrap.ns1.svc:9092");
        assertThat(brokers.listenerStatuses()).containsExactly(
                new ListenerStatus("ext", "nodeport", null),
                new ListenerStatus("plain", "internal", "c1-bootstrap.ns1.svc:9092"),
                new ListenerStatus("other", "internal", "c1-bootstrap.ns1.svc:9095"));
        assertThat(brokers.replicationBootstrapServers()).isEqualTo("c1-bootstrap.ns1.svc:9091");

        Service bootstrap = brokers.bootstrapService();
        assertThat(bootstrap.getMetadata().getName()).isEqualTo("c1-bootstrap");
        assertThat(bootstrap.getSpec().getPorts()).extracting(p -> p.getName() + "=" + p.getPort())
                .containsExactly("replication=9091", "plain=9092", "other=9095");
        assertThat(bootstrap.getSpec().getSelector()).isEqualTo(BrookLabels.selector(NAME, BrookLabels.Component.BROKER));

        assertThat(BrokerSet.from(withListeners(new ListenerSpec("ext", 9094, ListenerType.LOADBALANCER))).bootstrapServers()).isEmpty();
    }

    @Test
    void headlessServicePublishesEveryBrokerPortBeforeReady() {
        Service headless = BrokerSet.from(withListeners(new ListenerSpec("plain", 9092, ListenerType.INTERNAL),
                new ListenerSpec("ext", 9094, ListenerType.NODEPORT))).headlessService();
        assertThat(headless.getMetadata().getName()).isEqualTo("c1-broker");
        assertThat(headless.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(headless.getSpec().getPublishNotReadyAddresses()).isTrue();
        assertThat(headless.getSpec().getPorts()).extracting(ServicePort::getPort).containsExactly(9091, 9092, 9094);
    }

    @Test
    void externalListenerWaitsForItsAddressesThenAdvertisesThem() {
        Cluster c = withListeners(new ListenerSpec("plain", 9092, ListenerType.INTERNAL),
                new ListenerSpec("ext", 9094, ListenerType.NODEPORT), new ListenerSpec("lb", 9095, ListenerType.LOADBALANCER));
        BrokerSet before = BrokerSet.from(c);
        assertThat(before.pendingExternalAddresses()).containsOnlyKeys("ext", "lb");
        assertThat(before.pendingExternalAddresses().get("ext")).containsExactly(0, 1, 2);
        assertThat(before.inputs().listeners()).extracting(Listener::name).containsExactly("PLAIN", "REPLICATION");

        List<Service> services = before.externalServices();
        assertThat(services).extracting(s -> s.getMetadata().getName()).containsExactly(
                "c1-ext-0", "c1-ext-1", "c1-ext-2", "c1-ext-bootstrap", "c1-lb-0", "c1-lb-1", "c1-lb-2", "c1-lb-bootstrap");
        Service ext1 = services.get(1);
        assertThat(ext1.getSpec().getType()).isEqualTo("NodePort");
        assertThat(ext1.getSpec().getSelector()).containsEntry("statefulset.kubernetes.io/pod-name", "c1-broker-1")
                .containsAllEntriesOf(BrookLabels.selector(NAME, BrookLabels.Component.BROKER));
        assertThat(ext1.getSpec().getPorts()).extracting(p -> p.getName() + "=" + p.getPort() + "->" + p.getTargetPort().getIntVal())
                .containsExactly("ext=9094->9094");
        assertThat(ext1.getSpec().getPorts().get(0).getNodePort()).isNull();
        assertThat(services.get(3).getSpec().getSelector()).isEqualTo(BrookLabels.selector(NAME, BrookLabels.Component.BROKER));
        assertThat(services.get(4).getSpec().getType()).isEqualTo("LoadBalancer");
        // The container listens on every port from the start: learning addresses changes only the inputs.
        Container container = before.statefulSet().getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getPorts()).extracting(p -> p.getName() + "=" + p.getContainerPort())
                .containsExactly("replication=9091", "plain=9092", "ext=9094", "lb=9095", "health=9191", "metrics=9404");

        // What the API server made of them: allocated node ports, load-balancer ingress (some not yet).
        List<Service> observed = new ArrayList<>();
        for (Service s : services) {
            ServiceBuilder b = new ServiceBuilder(s);
            String name = s.getMetadata().getName();
            if (name.startsWith("c1-ext-") && !name.endsWith("bootstrap")) {
                int n = Integer.parseInt(name.substring("c1-ext-".length()));
                b.editSpec().editFirstPort().withNodePort(31000 + n).endPort().endSpec();
            }
            if (name.equals("c1-lb-0") || name.equals("c1-lb-1")) {
                b.withNewStatus().withNewLoadBalancer().addNewIngress()
                        .withIp(name.equals("c1-lb-0") ? "203.0.113.10" : null)
                        .withHostname(name.equals("c1-lb-1") ? "lb1.example.com" : null)
                        .endIngress().endLoadBalancer().endStatus();
            }
            observed.add(b.build());
        }
        ExternalAddresses learned = ExternalAddresses.learn(c, observed, Map.of(0, "198.51.100.1", 1, "198.51.100.2", 2, "198.51.100.3"));
        BrokerSet after = BrokerSet.from(c, learned);
        assertThat(after.pendingExternalAddresses()).containsOnlyKeys("lb");
        assertThat(after.pendingExternalAddresses().get("lb")).containsExactly(2);
        Listener ext = after.inputs().listeners().stream().filter(l -> l.name().equals("EXT")).findFirst().orElseThrow();
        assertThat(ext.advertised()).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of(
                0, new HostPort("198.51.100.1", 31000), 1, new HostPort("198.51.100.2", 31001), 2, new HostPort("198.51.100.3", 31002))));
        assertThat(after.inputs().listeners()).extracting(Listener::name).doesNotContain("LB");
        assertThat(after.configHash()).isNotEqualTo(before.configHash());
        assertThat(after.listenerStatuses()).contains(
                new ListenerStatus("ext", "nodeport", "198.51.100.1:31000,198.51.100.2:31001,198.51.100.3:31002"),
                new ListenerStatus("lb", "loadbalancer", null));
        assertThat(BrokerInputs.parse(after.configMap().getData().get(PodPaths.BROKER_INPUTS_FILE))).isEqualTo(after.inputs());

        // The third load balancer gets its address: every listener advertised.
        ExternalAddresses all = learned.with("lb", 2, new HostPort("203.0.113.12", 9095));
        BrokerSet complete = BrokerSet.from(c, all);
        assertThat(complete.pendingExternalAddresses()).isEmpty();
        Listener lb = complete.inputs().listeners().stream().filter(l -> l.name().equals("LB")).findFirst().orElseThrow();
        assertThat(lb.advertisedAddress(complete.inputs().pod(0), complete.inputs().addressing())).isEqualTo(new HostPort("203.0.113.10", 9095));
        assertThat(lb.advertisedAddress(complete.inputs().pod(1), complete.inputs().addressing())).isEqualTo(new HostPort("lb1.example.com", 9095));
        // Same learned addresses again: same hash (no roll).
        assertThat(BrokerSet.from(c, ExternalAddresses.none().with("lb", 2, new HostPort("203.0.113.12", 9095))
                .with("lb", 0, new HostPort("203.0.113.10", 9095)).with("lb", 1, new HostPort("lb1.example.com", 9095))
                .with("ext", 2, new HostPort("198.51.100.3", 31002)).with("ext", 1, new HostPort("198.51.100.2", 31001))
                .with("ext", 0, new HostPort("198.51.100.1", 31000))).configHash()).isEqualTo(complete.configHash());
    }

    @Test
    void nodePortWithoutKnownNodeStaysPending() {
        Cluster c = withListeners(new ListenerSpec("ext", 9094, ListenerType.NODEPORT));
        List<Service> observed = BrokerSet.from(c).externalServices().stream()
                .map(s -> new ServiceBuilder(s).editSpec().editFirstPort().withNodePort(30500).endPort().endSpec().build()).toList();
        ExternalAddresses learned = ExternalAddresses.learn(c, observed, Map.of(0, "10.0.0.1"));
        assertThat(learned.address("ext", 0)).contains(new HostPort("10.0.0.1", 30500));
        assertThat(learned.address("ext", 1)).isEmpty();
        assertThat(BrokerSet.from(c, learned).pendingExternalAddresses().get("ext")).containsExactly(1, 2);
    }

    @Test
    void statefulSetFollowsThePodContract() {
        Cluster c = cluster();
        StorageSpec storage = new StorageSpec();
        storage.setStorageClassName("ssd");
        c.getSpec().getBrokers().setStorage(storage);
        StatefulSet sts = BrokerSet.from(c, ExternalAddresses.none(), Platform.DEFAULT.withBrokerImage("registry.example/brook:1")).statefulSet();
        assertThat(sts.getMetadata().getName()).isEqualTo("c1-broker");
        assertThat(sts.getSpec().getServiceName()).isEqualTo("c1-broker");
        assertThat(sts.getSpec().getReplicas()).isEqualTo(3);
        assertThat(sts.getSpec().getUpdateStrategy().getType()).isEqualTo("OnDelete");
        assertThat(sts.getSpec().getPodManagementPolicy()).isEqualTo("Parallel");
        PodSpec pod = sts.getSpec().getTemplate().getSpec();
        ZookeeperEnsembleTest.assertLockedDown(pod);
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getTerminationGracePeriodSeconds()).isGreaterThan((long) BrokerSet.SHUTDOWN_TIMEOUT_SECONDS);
        Container container = pod.getContainers().get(0);
        assertThat(container.getName()).isEqualTo("broker");
        assertThat(container.getImage()).isEqualTo("registry.example/brook:1");
        assertThat(container.getCommand()).containsExactly("/opt/brook/bin/brook-agent");
        assertThat(container.getArgs()).containsExactly("broker");
        Map<String, String> env = container.getEnv().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        assertThat(env).containsEntry("BROOK_SHUTDOWN_TIMEOUT_SECONDS", Integer.toString(BrokerSet.SHUTDOWN_TIMEOUT_SECONDS));
        assertThat(pod.getVolumes().get(0).getConfigMap().getName()).isEqualTo("c1-broker-inputs");
        var claim = sts.getSpec().getVolumeClaimTemplates().get(0);
        assertThat(claim.getSpec().getResources().getRequests().get("storage")).isEqualTo(new Quantity("10Gi"));
        assertThat(claim.getSpec().getStorageClassName()).isEqualTo("ssd");
        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        assertThat(sts.getSpec().getPersistentVolumeClaimRetentionPolicy().getWhenDeleted()).isEqualTo("Retain");
        assertThat(pod.getTopologySpreadConstraints()).isEmpty();
        assertThat(pod.getInitContainers()).isEmpty();
    }

    @Test
    void rackComesFromTheNodeLabelThroughTheRackFile() {
        Cluster c = cluster();
        RackSpec rack = new RackSpec();
        rack.setTopologyKey("topology.kubernetes.io/zone");
        c.getSpec().getBrokers().setRack(rack);
        BrokerSet brokers = BrokerSet.from(c);
        PodSpec pod = brokers.statefulSet().getSpec().getTemplate().getSpec();
        ZookeeperEnsembleTest.assertLockedDown(pod);
        assertThat(pod.getAutomountServiceAccountToken()).isFalse();
        assertThat(pod.getInitContainers()).hasSize(1);
        Container init = pod.getInitContainers().get(0);
        // Only the init container sees a token (the usual in-cluster path, projected); the agent never does.
        assertThat(init.getVolumeMounts()).anyMatch(m -> m.getMountPath().equals("/var/run/secrets/kubernetes.io/serviceaccount")
                && m.getName().equals("api-token") && m.getReadOnly());
        assertThat(pod.getContainers().get(0).getVolumeMounts()).noneMatch(m -> m.getName().equals("api-token"));
        var token = pod.getVolumes().stream().filter(v -> v.getName().equals("api-token")).findFirst().orElseThrow().getProjected();
        assertThat(token.getSources()).anyMatch(src -> src.getServiceAccountToken() != null)
                .anyMatch(src -> src.getConfigMap() != null && src.getConfigMap().getName().equals("kube-root-ca.crt"));
        Map<String, EnvVar> initEnv = init.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
        assertThat(initEnv.get("BROOK_NODE_NAME").getValueFrom().getFieldRef().getFieldPath()).isEqualTo("spec.nodeName");
        assertThat(initEnv.get("BROOK_RACK_TOPOLOGY_KEY").getValue()).isEqualTo("topology.kubernetes.io/zone");
        assertThat(initEnv.get("BROOK_RACK_FILE").getValue()).isEqualTo("/etc/brook/rack/rack");
        assertThat(init.getVolumeMounts()).anyMatch(m -> m.getMountPath().equals("/etc/brook/rack") && !m.getReadOnly());
        Container agent = pod.getContainers().get(0);
        assertThat(agent.getEnv()).anyMatch(e -> e.getName().equals("BROOK_RACK_FILE") && e.getValue().equals("/etc/brook/rack/rack"));
        assertThat(agent.getVolumeMounts()).anyMatch(m -> m.getMountPath().equals("/etc/brook/rack") && m.getReadOnly());
        assertThat(pod.getTopologySpreadConstraints()).hasSize(1);
        assertThat(pod.getTopologySpreadConstraints().get(0).getTopologyKey()).isEqualTo("topology.kubernetes.io/zone");
        assertThat(pod.getTopologySpreadConstraints().get(0).getMaxSkew()).isEqualTo(1);
        assertThat(pod.getTopologySpreadConstraints().get(0).getLabelSelector().getMatchLabels())
                .isEqualTo(BrookLabels.selector(NAME, BrookLabels.Component.BROKER));
        // The rack is a pod-local fact, not an input: the hash is the same with and without it.
        assertThat(brokers.configHash()).isEqualTo(BrokerSet.from(cluster()).configHash());
    }

    @Test
    void disruptionBudgetAllowsOneBrokerDown() {
        var pdb = BrokerSet.from(cluster()).podDisruptionBudget();
        assertThat(pdb.getMetadata().getName()).isEqualTo("c1-broker");
        assertThat(pdb.getSpec().getMaxUnavailable().getIntVal()).isEqualTo(1);
        assertThat(pdb.getSpec().getSelector().getMatchLabels()).isEqualTo(BrookLabels.selector(NAME, BrookLabels.Component.BROKER));
    }

    @Test
    void everyObjectIsOwnedAndLabelled() {
        BrokerSet brokers = BrokerSet.from(withListeners(new ListenerSpec("plain", 9092, ListenerType.INTERNAL),
                new ListenerSpec("ext", 9094, ListenerType.LOADBALANCER)));
        List<HasMetadata> objects = new ArrayList<>(List.of(brokers.configMap(), brokers.headlessService(),
                brokers.bootstrapService(), brokers.statefulSet(), brokers.podDisruptionBudget()));
        objects.addAll(brokers.externalServices());
        Set<String> names = new TreeSet<>();
        for (HasMetadata object : objects) {
            assertOwnedAndLabelled(object, BrookLabels.Component.BROKER);
            names.add(object.getKind() + "/" + object.getMetadata().getName());
        }
        assertThat(names).hasSize(objects.size());
    }

    @Test
    void outputIsDeterministic() {
        Cluster a = cluster();
        LinkedHashMap<String, String> config = new LinkedHashMap<>();
        config.put("z.key", "1");
        config.put("a.key", "2");
        a.getSpec().getBrokers().setConfig(config);
        JvmOptions jvm = new JvmOptions();
        LinkedHashMap<String, String> props = new LinkedHashMap<>();
        props.put("z", "1");
        props.put("a", "2");
        jvm.setSystemProperties(props);
        a.getSpec().getBrokers().setJvmOptions(jvm);
        Cluster b = Serialization.unmarshal(Serialization.asYaml(a), Cluster.class);
        b.getSpec().getBrokers().setConfig(new java.util.TreeMap<>(config));
        b.getSpec().getBrokers().getJvmOptions().setSystemProperties(new java.util.TreeMap<>(props));
        assertThat(Serialization.asYaml(BrokerSet.from(b).statefulSet())).isEqualTo(Serialization.asYaml(BrokerSet.from(a).statefulSet()));
        assertThat(Serialization.asYaml(BrokerSet.from(b).configMap())).isEqualTo(Serialization.asYaml(BrokerSet.from(a).configMap()));
        assertThat(BrokerSet.from(a).statefulSet().getSpec().getTemplate().getSpec().getContainers().get(0).getEnv())
                .anyMatch(e -> e.getName().equals("BROOK_JVM_OPTS") && e.getValue().equals("-Da=2 -Dz=1"));
    }

    /** The archive is on unless switched off; switching it off is a template change (a roll), as for any launcher setting. */
    @Test
    void classDataArchiveIsOnByDefaultAndOffOnlyWhenTheSpecSaysFalse() {
        Cluster on = cluster();
        java.util.function.Function<Cluster, List<io.fabric8.kubernetes.api.model.EnvVar>> env = c ->
                BrokerSet.from(c).statefulSet().getSpec().getTemplate().getSpec().getContainers().get(0).getEnv();
        assertThat(env.apply(on)).noneMatch(e -> e.getName().equals("BROOK_CLASS_DATA"));
        JvmOptions jvm = new JvmOptions();
        jvm.setClassDataArchive(true);
        on.getSpec().getBrokers().setJvmOptions(jvm);
        assertThat(env.apply(on)).noneMatch(e -> e.getName().equals("BROOK_CLASS_DATA"));

        Cluster off = cluster();
        JvmOptions without = new JvmOptions();
        without.setClassDataArchive(false);
        off.getSpec().getBrokers().setJvmOptions(without);
        assertThat(env.apply(off)).anyMatch(e -> e.getName().equals("BROOK_CLASS_DATA") && e.getValue().equals("off"));
        assertThat(hashOf(off)).isNotEqualTo(hashOf(cluster()));
    }

    private static String hashOf(Cluster c) {
        return BrokerSet.from(c).statefulSet().getSpec().getTemplate().getMetadata().getAnnotations().get(PodTemplateHash.ANNOTATION);
    }

    @Test
    void portNamesAreValidAndUniqueWhateverTheListenerNames() {
        BrokerSet brokers = BrokerSet.from(withListeners(new ListenerSpec("metrics", 9094, ListenerType.INTERNAL),
                new ListenerSpec("a--b", 9095, ListenerType.NODEPORT), new ListenerSpec("a-very-long-listener-name", 9096, ListenerType.INTERNAL),
                new ListenerSpec("health", 9097, ListenerType.INTERNAL), new ListenerSpec("plain", 9092, ListenerType.INTERNAL)));
        Container container = brokers.statefulSet().getSpec().getTemplate().getSpec().getContainers().get(0);
        List<String> names = container.getPorts().stream().map(p -> p.getName()).toList();
        assertThat(names).doesNotHaveDuplicates().allMatch(n -> n.length() <= 15 && n.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?")
                && !n.contains("--") && n.matches(".*[a-z].*"));
        assertThat(names).containsExactly("replication", "tcp-9094", "tcp-9095", "tcp-9096", "tcp-9097", "plain", "health", "metrics");
        for (Service s : brokers.externalServices()) {
            assertThat(s.getSpec().getPorts()).extracting(ServicePort::getName).containsExactly("tcp-9095");
        }
    }

    @Test
    void objectsComeInApplyOrder() {
        BrokerSet brokers = BrokerSet.from(withListeners(new ListenerSpec("ext", 9094, ListenerType.NODEPORT)));
        assertThat(brokers.objects()).extracting(o -> o.getKind() + "/" + o.getMetadata().getName()).containsExactly(
                "ConfigMap/c1-broker-inputs", "Service/c1-broker", "Service/c1-bootstrap", "Service/c1-ext-0", "Service/c1-ext-1",
                "Service/c1-ext-2", "Service/c1-ext-bootstrap", "PodDisruptionBudget/c1-broker", "StatefulSet/c1-broker");
        assertThat(ZookeeperEnsemble.from(cluster()).objects()).extracting(o -> o.getKind() + "/" + o.getMetadata().getName()).containsExactly(
                "ConfigMap/c1-zookeeper-inputs", "Service/c1-zookeeper", "Service/c1-zookeeper-client",
                "PodDisruptionBudget/c1-zookeeper", "StatefulSet/c1-zookeeper");
    }

    @Test
    void anotherClusterDomainNamesEveryPodAddress() {
        Platform corp = new Platform(BrookImage.DEFAULT, "corp.internal");
        BrokerSet brokers = BrokerSet.from(ClusterFixtures.cluster(), ExternalAddresses.none(), corp);
        assertThat(brokers.zookeeperConnect()).contains(".svc.corp.internal:").doesNotContain("cluster.local");
        assertThat(brokers.inputs().render()).contains(".svc.corp.internal").doesNotContain("cluster.local");
        assertThat(ZookeeperEnsemble.from(ClusterFixtures.cluster(), corp).inputs().render()).contains(".svc.corp.internal")
                .doesNotContain("cluster.local");
    }

    @Test
    void aListenerWaitingForAddressesSaysWhyAndWhatToDo() {
        BrokerSet b = BrokerSet.from(withListeners(new ListenerSpec("lb", 9095, ListenerType.LOADBALANCER),
                new ListenerSpec("np", 9096, ListenerType.NODEPORT)));
        assertThat(b.pendingExternalExplanations()).hasSize(2);
        assertThat(b.pendingExternalExplanations().get(0)).startsWith("listener 'lb' (loadbalancer)")
                .contains(BrookNames.externalBrokerService("c1", "lb", 0)).contains("load-balancer controller").contains("nodeport");
        assertThat(b.pendingExternalExplanations().get(1)).startsWith("listener 'np' (nodeport)").contains("[0, 1, 2]")
                .contains("read Nodes");
    }
}
