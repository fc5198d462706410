package dev.brook.operator.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.ClusterSpec;
import dev.brook.api.v1alpha1.ConsumerGroup;
import dev.brook.api.v1alpha1.ConsumerGroupSpec;
import dev.brook.api.v1alpha1.ListenerSpec;
import dev.brook.api.v1alpha1.ListenerType;
import dev.brook.api.v1alpha1.RackSpec;
import dev.brook.api.v1alpha1.StorageSpec;
import dev.brook.api.v1alpha1.Topic;
import dev.brook.api.v1alpha1.TopicSpec;
import dev.brook.api.v1alpha1.User;
import dev.brook.api.v1alpha1.UserAuthentication;
import dev.brook.api.v1alpha1.UserSpec;
import dev.brook.model.BrookLabels;
import dev.brook.model.BrookNames;
import dev.brook.model.RackNodeReader;
import dev.brook.operator.testing.KafkaTestCluster;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.storage.StorageClassBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every Kubernetes API call the operator makes is granted by the chart. The operator runs a Cluster through
 * what touches the API (rack awareness, a nodeport listener, volume growth, drift repair, Topic,
 * ConsumerGroup and User, deletion with deleteClaim); the mock API server records each request; every request the
 * operator sent (the test's own client has another User-Agent) becomes {@code group/resource:verb} and must be
 * granted by the rules the chart renders for the operator, namespaced calls by its Role and cluster-scoped ones
 * by its ClusterRoles. The brokers' one call (the rack init container's {@code GET /api/v1/nodes/<node>}) must
 * be granted through the binding the operator made. {@link ChartRbacTest} checks the other direction: nothing
 * more is granted than the list of rights written there.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(ApiCallsGrantedTest.RackAware.class)
class ApiCallsGrantedTest {
    private static final String NS = "rbac";
    private static final String TEST_AGENT = "brook-rbac-test";
    /** Resources without a namespace; every other one is checked against the Role of a watched namespace. */
    private static final Set<String> CLUSTER_SCOPED = Set.of("/nodes", "storage.k8s.io/storageclasses",
            "rbac.authorization.k8s.io/clusterrolebindings", "rbac.authorization.k8s.io/clusterroles");
    /** Test set-up only: the tests let the operator register its CRDs (quarkus.operator-sdk.crd.apply); the chart installs them. */
    private static final String CRDS = "apiextensions.k8s.io/customresourcedefinitions";
    private static final Pattern PATH = Pattern.compile(
            "^/(?:api/v1|apis/(?<group>[^/]+)/[^/]+)(?:/namespaces/(?<ns>[^/]+))?/(?<resource>[^/?]+)(?:/(?<name>[^/?]+))?(?:/(?<sub>[^/?]+))?");

    /** As the chart sets it with rackAwareness.enabled=true. */
    public static class RackAware implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("brook.rack-cluster-role", "brook-broker-rack");
        }
    }

    @Inject
    KubernetesClient operatorClient;

    @KubernetesTestServer
    KubernetesServer server;

    @Test
    void everyCallTheOperatorMakesIsGrantedByTheChart() throws Exception {
        drainRecordedRequests();
        try (KubernetesClient test = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(operatorClient.getConfiguration()).withUserAgent(TEST_AGENT).build()).build()) {
            runEverythingThatTouchesTheApi(test);
        }
        Map<String, String> calls = operatorCalls();
        assertThat(calls).as("recorded operator calls").containsKeys("apps/statefulsets:create", "/nodes:get",
                "storage.k8s.io/storageclasses:get", "rbac.authorization.k8s.io/clusterrolebindings:delete");

        RenderedChart chart = ChartRenders.with("rackAwareness.enabled=true");
        Set<String> namespaced = ChartRbacTest.granted(StrictKubernetesModel.read(chart.one("Role"), Role.class).getRules());
        Set<String> clusterScoped = new TreeSet<>();
        for (ObjectNode binding : chart.ofKind("ClusterRoleBinding")) {
            String role = binding.at("/roleRef/name").asText();
            clusterScoped.addAll(ChartRbacTest.granted(StrictKubernetesModel.read(chart.one("ClusterRole", role), ClusterRole.class).getRules()));
        }
        Map<String, String> refused = new TreeMap<>();
        calls.forEach((permission, example) -> {
            boolean clusterWide = CLUSTER_SCOPED.contains(permission.substring(0, permission.indexOf(':')));
            if (!(clusterWide ? clusterScoped : namespaced).contains(permission)) {
                refused.put(permission, example);
            }
        });
        assertThat(refused).as("operator calls the chart does not grant (permission -> an example request)").isEmpty();

        // Binding the brokers' role is allowed (escalation check: the operator holds bind on exactly that role) ...
        assertThat(clusterScoped).contains("rbac.authorization.k8s.io/clusterroles:bind@brook-broker-rack");
        // ... and that role grants what the rack init container asks for.
        Set<String> brokers = ChartRbacTest.granted(StrictKubernetesModel.read(chart.one("ClusterRole", "brook-broker-rack"),
                ClusterRole.class).getRules());
        assertThat(brokers).contains("/nodes:get");
    }

    private void runEverythingThatTouchesTheApi(KubernetesClient test) {
        test.resource(new StorageClassBuilder().withNewMetadata().withName("growable").endMetadata()
                .withProvisioner("example.com/disk").withAllowVolumeExpansion(true).build()).create();
        for (int n = 0; n < 3; n++) {
            test.resource(new NodeBuilder().withNewMetadata().withName("node-" + n).addToLabels("topology.kubernetes.io/zone", "z" + n)
                    .endMetadata().withNewStatus().addNewAddress().withType("InternalIP").withAddress("10.0.0." + (10 + n)).endAddress()
                    .endStatus().build()).create();
        }
        Cluster cluster = new Cluster();
        cluster.setMetadata(new ObjectMetaBuilder().withName("rbac").withNamespace(NS).build());
        cluster.setSpec(new ClusterSpec());
        StorageSpec storage = new StorageSpec();
        storage.setSize("1Gi");
        storage.setStorageClassName("growable");
        storage.setDeleteClaim(true);
        cluster.getSpec().getBrokers().setStorage(storage);
        RackSpec rack = new RackSpec();
        rack.setTopologyKey("topology.kubernetes.io/zone");
        cluster.getSpec().getBrokers().setRack(rack);
        cluster.getSpec().getBrokers().setListeners(List.of(new ListenerSpec("plain", 9092, ListenerType.INTERNAL),
                new ListenerSpec("external", 9094, ListenerType.NODEPORT)));
        test.resource(cluster).create();

        Topic topic = new Topic();
        topic.setMetadata(new ObjectMetaBuilder().withName("orders").withNamespace(NS).build());
        topic.setSpec(new TopicSpec());
        topic.getSpec().setCluster("rbac");
        test.resource(topic).create();
        ConsumerGroup group = new ConsumerGroup();
        group.setMetadata(new ObjectMetaBuilder().withName("billing").withNamespace(NS).build());
        group.setSpec(new ConsumerGroupSpec());
        group.getSpec().setCluster("rbac");
        test.resource(group).create();
        User user = new User();
        user.setMetadata(new ObjectMetaBuilder().withName("alice").withNamespace(NS).build());
        user.setSpec(new UserSpec());
        user.getSpec().setCluster("rbac");
        UserAuthentication authentication = new UserAuthentication();
        authentication.setType(UserAuthentication.Type.SCRAM_SHA_512);
        user.getSpec().setAuthentication(authentication);
        test.resource(user).create();

        // ZooKeeper runs (as a kubelet would report), so the brokers are created; they run on nodes.
        StatefulSet zookeeper = await().atMost(Duration.ofSeconds(30)).until(
                () -> test.apps().statefulSets().inNamespace(NS).withName(BrookNames.zookeeper("rbac")).get(), s -> s != null);
        for (int i = 0; i < 3; i++) {
            test.resource(runningPod(zookeeper, BrookNames.zookeeperPod("rbac", i), "node-" + i)).create();
        }
        StatefulSet brokers = await().atMost(Duration.ofSeconds(30)).until(
                () -> test.apps().statefulSets().inNamespace(NS).withName(BrookNames.broker("rbac")).get(), s -> s != null);
        for (int i = 0; i < 3; i++) {
            test.resource(runningPod(brokers, BrookNames.brokerPod("rbac", i), "node-" + i)).create();
            test.resource(new PersistentVolumeClaimBuilder().withNewMetadata().withName("data-" + BrookNames.brokerPod("rbac", i))
                    .withNamespace(NS).addToLabels(BrookLabels.CLUSTER, "rbac").addToLabels(BrookLabels.COMPONENT, "broker").endMetadata()
                    .withNewSpec().withStorageClassName("growable").withAccessModes("ReadWriteOnce").withNewResources()
                    .addToRequests("storage", new Quantity("1Gi")).endResources().endSpec().build()).create();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> test.rbac().clusterRoleBindings().withName("brook-rack-" + NS + "-rbac").get() != null);

        // Volume growth, and a hand-made change put back.
        // The operator writes status meanwhile: an edit may meet a newer resourceVersion (409) and is made again.
        KafkaTestCluster.retryOnConflict(() -> test.resources(Cluster.class).inNamespace(NS).withName("rbac").edit(c -> {
            c.getSpec().getBrokers().getStorage().setSize("2Gi");
            return c;
        }));
        await().atMost(Duration.ofSeconds(30)).until(() -> test.persistentVolumeClaims().inNamespace(NS)
                .withName("data-" + BrookNames.brokerPod("rbac", 0)).get().getSpec().getResources().getRequests().get("storage")
                .equals(new Quantity("2Gi")));
        KafkaTestCluster.retryOnConflict(() -> test.services().inNamespace(NS).withName(BrookNames.bootstrapService("rbac")).edit(s -> {
            s.getMetadata().getLabels().put(BrookLabels.COMPONENT, "edited");
            return s;
        }));
        await().atMost(Duration.ofSeconds(30)).until(() -> !"edited".equals(test.services().inNamespace(NS)
                .withName(BrookNames.bootstrapService("rbac")).get().getMetadata().getLabels().get(BrookLabels.COMPONENT)));

        // Deletion: the Topic, ConsumerGroup and User, then the Cluster with its claims and its rack binding.
        test.resource(user).delete();
        test.resource(group).delete();
        test.resource(topic).delete();
        await().atMost(Duration.ofSeconds(30)).until(() -> test.resources(Topic.class).inNamespace(NS).withName("orders").get() == null
                && test.resources(ConsumerGroup.class).inNamespace(NS).withName("billing").get() == null
                && test.resources(User.class).inNamespace(NS).withName("alice").get() == null);
        test.resources(Cluster.class).inNamespace(NS).withName("rbac").delete();
        await().atMost(Duration.ofSeconds(30)).until(() -> test.resources(Cluster.class).inNamespace(NS).withName("rbac").get() == null
                && test.rbac().clusterRoleBindings().withName(RackNodeReader.bindingName(cluster)).get() == null
                && test.persistentVolumeClaims().inNamespace(NS).list().getItems().isEmpty());
    }

    private static Pod runningPod(StatefulSet set, String name, String node) {
        var template = set.getSpec().getTemplate();
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(NS).withLabels(template.getMetadata().getLabels())
                .withAnnotations(template.getMetadata().getAnnotations()).endMetadata()
                .withSpec(template.getSpec()).editSpec().withNodeName(node).endSpec()
                .withNewStatus().withPhase("Running").addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
                .build();
    }

    private void drainRecordedRequests() throws InterruptedException {
        while (server.getKubernetesMockServer().takeRequest(50, TimeUnit.MILLISECONDS) != null) {
            // requests from before this test: other classes' scenarios
        }
    }

    /** {@code group/resource:verb} of every request the operator sent, each with one example ("METHOD path"). */
    private Map<String, String> operatorCalls() throws InterruptedException {
        Map<String, String> calls = new TreeMap<>();
        RecordedRequest request;
        while ((request = server.getKubernetesMockServer().takeRequest(200, TimeUnit.MILLISECONDS)) != null) {
            String agent = request.getHeader("User-Agent");
            if (agent != null && agent.contains(TEST_AGENT)) {
                continue;
            }
            String path = request.getPath();
            Matcher m = PATH.matcher(path);
            if (!m.find()) {
                continue; // /version and other non-resource paths
            }
            String group = m.group("group") == null ? "" : m.group("group");
            String resource = m.group("resource") + (m.group("sub") == null ? "" : "/" + m.group("sub"));
            boolean named = m.group("name") != null;
            String verb = switch (request.getMethod()) {
                case "GET" -> !named ? (path.contains("watch=true") ? "watch" : "list") : "get";
                case "POST" -> "create";
                case "PUT" -> "update";
                case "PATCH" -> "patch";
                case "DELETE" -> named ? "delete" : "deletecollection";
                default -> request.getMethod().toLowerCase();
            };
            if ((group + "/" + resource).startsWith(CRDS)) {
                continue;
            }
            // Informers list and watch across namespaces here (the tests watch all); the chart's Role grants the same per namespace.
            calls.putIfAbsent(group + "/" + resource + ":" + verb, request.getMethod() + " " + path);
        }
        return calls;
    }
}
