package dev.brook.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brook.contract.PodEndpoints;
import dev.brook.contract.PodPorts;
import dev.brook.contract.StatusFields;
import dev.brook.contract.TlsFiles;
import dev.brook.model.BrookLabels;
import dev.brook.model.BrookNames;
import dev.brook.model.UserCredentials;
import dev.brook.pki.CertificateInfo;
import dev.brook.pki.Pem;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyBuilder;
import io.fabric8.kubernetes.client.LocalPortForward;
import io.fabric8.kubernetes.client.dsl.ExecWatch;
import io.fabric8.kubernetes.client.readiness.Readiness;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Brook on a real Kubernetes cluster, as a user meets it: the chart installed with helm (by
 * {@link RealClusterExtension}, shared with the other classes of the run), the examples applied
 * (server-side, as a GitOps tool would), Ready within bounded times, records produced and consumed (as the example
 * Users, the writer with its password, the reader with its certificate, under authorization) through
 * port-forwards, a config change rolled under acks=all load without a failed send, a dynamic key applied
 * without a restart, renewed broker certificates served without a restart, lag in a ConsumerGroup's status, and
 * deletion leaving exactly what {@code deleteClaim} says. The steps of this class share one Cluster and run in order; each waits with a bound
 * (BROOK_E2E_READY_TIMEOUT etc.). The class leaves no Brook resource behind.
 */
@ExtendWith(RealClusterExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrookOnKubernetesE2ETest {
    private static final String USER_MANAGER = "e2e-gitops";
    private static final Duration READY = RealCluster.timeout("BROOK_E2E_READY_TIMEOUT", Duration.ofMinutes(10));
    private static final Duration ROLL = RealCluster.timeout("BROOK_E2E_ROLL_TIMEOUT", Duration.ofMinutes(10));
    /** Reconciles the operator must finish after a dynamic change before "no pod restarted" is believed. */
    private static final int QUIET_RECONCILES = 3;

    private RealCluster k8s;
    private List<ObjectNode> manifests;
    private String cluster;
    private String topic;
    private String group;
    private int brokers;
    /** The example Cluster has authorization: records are written by the example's writing User, read by its reading User. */
    private KafkaAccess writer;
    private KafkaAccess reader;
    private long produced;

    @BeforeAll
    void setUp(RealCluster installed) throws Exception {
        k8s = installed;
        manifests = Examples.forLaptop(k8s.repo);
        cluster = name("Cluster");
        topic = name("Topic");
        group = name("ConsumerGroup");
        brokers = manifest("Cluster").at("/spec/brokers/replicas").asInt(3);
    }

    @AfterAll
    void cleanUp() throws Exception {
        for (KafkaAccess access : new KafkaAccess[] {writer, reader}) {
            if (access != null) {
                access.close();
            }
        }
        if (k8s != null) {
            // Brook resources go while the operator still runs (their finalizers need it); the extension
            // uninstalls the chart and deletes the namespace when the whole run ends.
            assertThat(k8s.deleteBrookResources()).as("Brook resources left after " + RealCluster.CLEANUP.toSeconds() + " s").isEmpty();
        }
    }

    @Test
    @Order(1)
    void examplesBecomeReady() {
        manifests.forEach(m -> k8s.apply(m, USER_MANAGER));
        k8s.waitFor("Cluster", cluster, RealCluster::isReady, READY);
        k8s.waitFor("Topic", topic, RealCluster::isReady, Duration.ofMinutes(3));
        k8s.waitFor("ConsumerGroup", group, RealCluster::isReady, Duration.ofMinutes(3));
        for (ObjectNode user : manifests("User")) {
            k8s.waitFor("User", user.at("/metadata/name").asText(), RealCluster::isReady, Duration.ofMinutes(3));
        }
        JsonNode status = RealCluster.status(k8s.resource("Cluster", cluster).get());
        assertThat(status.path("readyBrokers").asInt()).isEqualTo(brokers);
        assertThat(status.path("bootstrapServers").asText()).isNotBlank();
        // Every listener is reported; a NodePort listener with one node address and node port per broker.
        for (JsonNode listener : manifest("Cluster").at("/spec/brokers/listeners")) {
            String name = listener.path("name").asText();
            JsonNode reported = findByName(status.path("listeners"), name);
            assertThat(reported.path("bootstrapServers").asText()).as("status.listeners[" + name + "].bootstrapServers").isNotBlank();
            if ("nodeport".equals(listener.path("type").asText())) {
                assertThat(reported.path("bootstrapServers").asText().split(","))
                        .as("status.listeners[" + name + "]: one node address per broker")
                        .hasSize(brokers).allMatch(a -> a.matches("[^:,]+:\\d+"));
            }
        }
    }

    @Test
    @Order(2)
    void applyingAgainChangesNothingAndTheOperatorOwnsNoSpecField() {
        Map<String, Long> generations = new HashMap<>();
        for (ObjectNode m : manifests) {
            generations.put(key(m), live(m).getMetadata().getGeneration());
        }
        manifests.forEach(m -> k8s.apply(m, USER_MANAGER));
        for (ObjectNode m : manifests) {
            GenericKubernetesResource live = live(m);
            assertThat(live.getMetadata().getGeneration()).as(key(m) + " generation after applying again").isEqualTo(generations.get(key(m)));
            assertThat(RealCluster.json(live.getAdditionalProperties().get("spec"))).as(key(m) + " spec")
                    .isEqualTo(withServerDefaults(m.get("spec"), RealCluster.json(live.getAdditionalProperties().get("spec"))));
            // Only the user owns spec fields: not the operator's resource applies ("brook-operator"), not the
            // controllers' own managers (JOSDK's finalizer patch applies as the controller's name), nobody else.
            List<String> foreignSpecOwners = new ArrayList<>();
            for (ManagedFieldsEntry entry : live.getMetadata().getManagedFields()) {
                JsonNode fields = RealCluster.json(entry.getFieldsV1());
                if (!USER_MANAGER.equals(entry.getManager()) && fields != null && fields.has("f:spec")) {
                    foreignSpecOwners.add(entry.getManager() + " (" + entry.getOperation() + "): " + fields.get("f:spec"));
                }
            }
            assertThat(foreignSpecOwners).as(key(m) + ": field managers other than " + USER_MANAGER + " owning spec fields").isEmpty();
        }
    }

    @Test
    @Order(3)
    void producesAndConsumesThroughPortForwards() throws Exception {
        ObjectNode writing = userAllowed("Write");
        ObjectNode reading = userAllowed("Read");
        writer = new KafkaAccess(k8s, cluster, brokers, listenerPort(writing), clientConfig(writing));
        reader = new KafkaAccess(k8s, cluster, brokers, listenerPort(reading), clientConfig(reading));
        Map<String, String> sent = writer.run(Duration.ofMinutes(3), "produce", writer.bootstrap, topicName(), "1000");
        assertThat(sent).containsEntry("acked", "1000").containsEntry("failed", "0");
        produced += 1000;
        Map<String, String> read = reader.run(Duration.ofMinutes(4), "consume", reader.bootstrap, topicName(), groupId(), "1000");
        assertThat(Long.parseLong(read.get("consumed"))).isGreaterThanOrEqualTo(1000);
    }

    @Test
    @Order(4)
    void rollsAConfigChangeOneBrokerAtATimeUnderLoadWithoutAFailedSend() throws Exception {
        Map<String, String> before = brokerPodUids();
        Path stop = Files.createTempFile("brook-e2e-stop", "");
        Files.delete(stop);
        KafkaAccess.Traffic producer = writer.start("produce", writer.bootstrap, topicName(), "0", stop.toString());
        // The roll starts under load: the producer is connected and its records are being acknowledged.
        producer.awaitAcked(500, Duration.ofMinutes(2));

        ObjectNode changed = manifest("Cluster").deepCopy();
        ((ObjectNode) changed.at("/spec/brokers/config")).put("log.retention.hours", "100");
        k8s.apply(changed, USER_MANAGER);

        AtomicInteger maxDown = new AtomicInteger();
        try {
            await().atMost(ROLL).pollInterval(Duration.ofSeconds(1)).until(() -> {
                List<Pod> pods = brokerPods();
                long down = brokers - pods.stream().filter(Readiness::isPodReady).count();
                maxDown.accumulateAndGet((int) down, Math::max);
                Map<String, String> now = uids(pods);
                boolean allReplaced = now.size() == brokers && now.entrySet().stream()
                        .noneMatch(e -> e.getValue().equals(before.get(e.getKey())));
                return allReplaced && down == 0 && RealCluster.isReady(k8s.resource("Cluster", cluster).get());
            });
        } finally {
            Files.writeString(stop, "stop");
        }
        Map<String, String> result = producer.result(Duration.ofMinutes(4));
        RealCluster.log("producer during the roll: " + result + "; at most " + maxDown.get() + " broker(s) down at once");
        assertThat(maxDown.get()).as("brokers down at the same time during the roll").isLessThanOrEqualTo(1);
        assertThat(result).containsEntry("failed", "0");
        produced += Long.parseLong(result.get("acked"));
    }

    @Test
    @Order(5)
    void aDynamicBrokerKeyIsAppliedWithoutRestartingAPod() {
        Map<String, String> before = brokerPodUids();
        String restartHash = brokerRestartHash();
        ObjectNode changed = manifest("Cluster").deepCopy();
        // The roll's change stays (removing it would roll again); the dynamic key comes on top.
        ((ObjectNode) changed.at("/spec/brokers/config")).put("log.retention.hours", "100").put("log.retention.ms", "3600000");
        k8s.apply(changed, USER_MANAGER);
        k8s.waitFor("Cluster", cluster, c -> {
            for (JsonNode condition : RealCluster.status(c).path("conditions")) {
                if ("DynamicBrokerConfig".equals(condition.path("type").asText())) {
                    return "Applied".equals(condition.path("reason").asText())
                            && condition.path("message").asText().contains("log.retention.ms")
                            && condition.path("observedGeneration").asLong(-1) == c.getMetadata().getGeneration();
                }
            }
            return false;
        }, Duration.ofMinutes(2));
        // The operator gets several chances to restart a pod after the change was applied (it reconciles a Ready
        // Cluster at least every 30 s, and on every pod event); then: no restart is due, the pod template's restart
        // hash (what the rolling restart compares pods with) did not move, and none happened.
        k8s.awaitReconciles("Cluster", QUIET_RECONCILES, Duration.ofMinutes(3));
        assertThat(brokerRestartHash()).as("broker pod template " + BrookLabels.CONFIG_HASH_ANNOTATION).isEqualTo(restartHash);
        assertThat(brokerPodUids()).as("no broker pod was restarted").isEqualTo(before);
        assertThat(RealCluster.isReady(k8s.resource("Cluster", cluster).get())).isTrue();
    }

    @Test
    @Order(6)
    void brokersServeRenewedCertificatesWithoutARestart() throws Exception {
        String secretName = BrookNames.brokerTls(cluster);
        Secret secret = k8s.client.secrets().inNamespace(k8s.namespace).withName(secretName).get();
        Assumptions.assumeTrue(secret != null, "the example Cluster runs without internal TLS (no Secret " + secretName + ")");
        JsonNode certificates = condition(RealCluster.status(k8s.resource("Cluster", cluster).get()), "Certificates");
        assertThat(certificates.path("status").asText()).as("Certificates condition: " + certificates).isEqualTo("True");
        Map<String, String> before = brokerPodUids();
        Map<String, String> old = brokerCertificates(secret);
        assertThat(old).hasSize(brokers);
        // A lost Secret is issued again at once, every certificate new: what a renewal does, without waiting a year.
        k8s.client.secrets().inNamespace(k8s.namespace).withName(secretName).delete();
        Map<String, String> reissued = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).until(
                () -> brokerCertificates(k8s.client.secrets().inNamespace(k8s.namespace).withName(secretName).get()),
                now -> now.size() == brokers && now.values().stream().noneMatch(old::containsValue));
        // The kubelet updates the mounted files late (its sync period plus its cache); each agent checks by a TLS handshake
        // what its listeners serve, and the operator asks Kafka to reload.
        await().atMost(ROLL).pollInterval(Duration.ofSeconds(5)).until(() -> reissued.entrySet().stream().allMatch(e -> {
            JsonNode status = agentStatus(e.getKey());
            return status != null && e.getValue().equals(status.path(StatusFields.TLS_CERTIFICATE).asText())
                    && status.path(StatusFields.TLS_STALE_LISTENERS).isEmpty();
        }));
        assertThat(brokerPodUids()).as("no broker pod was restarted").isEqualTo(before);
        k8s.waitFor("Cluster", cluster, RealCluster::isReady, Duration.ofMinutes(2));
    }

    @Test
    @Order(7)
    void networkPoliciesKeepOtherPodsOffZookeeperAndReplicationButNotOffTheClientListener() throws Exception {
        Assumptions.assumeFalse(k8s.client.network().networkPolicies().inNamespace(k8s.namespace).withLabels(BrookSelectors.cluster(cluster))
                .list().getItems().isEmpty(), "the chart runs with networkPolicies.enabled=false");
        Pod target = startPod("e2e-np-target", "while true; do nc -l -p 8080 < /dev/null; done");
        Pod probe = startPod("e2e-np-probe", "sleep 3600");
        NetworkPolicy denyAll = new NetworkPolicyBuilder().withNewMetadata().withName("e2e-np-deny-target").endMetadata()
                .withNewSpec().withNewPodSelector().withMatchLabels(Map.of("app", "e2e-np-target")).endPodSelector()
                .withPolicyTypes("Ingress").endSpec().build();
        try {
            String targetIp = target.getStatus().getPodIP();
            // The network plugin must enforce policies, or nothing below means anything: a port open before the deny-all
            // policy must be closed after it (the plugin may take a moment to program it).
            assertThat(canConnect(probe, targetIp, 8080)).as("the probe reaches the target before any policy").isTrue();
            k8s.client.network().networkPolicies().inNamespace(k8s.namespace).resource(denyAll).create();
            boolean enforced = RealCluster.waitUntil(() -> !canConnect(probe, targetIp, 8080), Duration.ofSeconds(60));
            Assumptions.assumeTrue(enforced, "this cluster's network plugin does not enforce NetworkPolicies (a deny-all policy "
                    + "left a port open for 60 s): Brook's policies cannot be checked here");
            String zookeeper = podIp(BrookNames.zookeeperPod(cluster, 0));
            String broker = podIp(BrookNames.brokerPod(cluster, 0));
            assertThat(canConnect(probe, zookeeper, PodPorts.ZOOKEEPER_CLIENT)).as("ZooKeeper's client port from a foreign pod").isFalse();
            assertThat(canConnect(probe, zookeeper, PodPorts.ZOOKEEPER_ELECTION)).as("ZooKeeper's election port from a foreign pod").isFalse();
            assertThat(canConnect(probe, broker, PodPorts.BROKER_REPLICATION)).as("the replication listener from a foreign pod").isFalse();
            assertThat(canConnect(probe, broker, PodPorts.BROKER_CLIENT)).as("the client listener from any pod").isTrue();
        } finally {
            k8s.client.network().networkPolicies().inNamespace(k8s.namespace).withName("e2e-np-deny-target").delete();
            k8s.client.pods().inNamespace(k8s.namespace).withName("e2e-np-target").delete();
            k8s.client.pods().inNamespace(k8s.namespace).withName("e2e-np-probe").delete();
        }
    }

    @Test
    @Order(8)
    void consumerGroupStatusShowsTheLag() throws Exception {
        // Everything produced so far is consumed and committed, then 500 more records wait unread.
        reader.run(Duration.ofMinutes(4), "consume", reader.bootstrap, topicName(), groupId(), String.valueOf(produced - 1000));
        Map<String, String> sent = writer.run(Duration.ofMinutes(3), "produce", writer.bootstrap, topicName(), "500");
        assertThat(sent).containsEntry("failed", "0");
        k8s.waitFor("ConsumerGroup", group, g -> RealCluster.status(g).path("totalLag").asLong(-1) == 500, Duration.ofMinutes(2));
    }

    @Test
    @Order(9)
    void deletingEverythingLeavesTheVolumeClaimsDeleteClaimKeeps() {
        boolean zkDelete = manifest("Cluster").at("/spec/zookeeper/storage/deleteClaim").asBoolean(false);
        boolean brokerDelete = manifest("Cluster").at("/spec/brokers/storage/deleteClaim").asBoolean(false);
        List<String[]> resources = new ArrayList<>();
        for (String kind : RealCluster.KINDS) { // the Cluster last: deleting a Topic or User with policy Delete needs it
            manifests(kind).forEach(m -> resources.add(new String[] {kind, m.at("/metadata/name").asText()}));
        }
        for (String[] r : resources) {
            k8s.resource(r[0], r[1]).delete();
        }
        for (String[] r : resources) {
            await().atMost(Duration.ofMinutes(3)).until(() -> k8s.resource(r[0], r[1]).get() == null);
        }
        await().atMost(Duration.ofMinutes(3)).until(() -> k8s.client.pods().inNamespace(k8s.namespace)
                .withLabels(BrookSelectors.cluster(cluster)).list().getItems().isEmpty());
        assertThat(k8s.client.apps().statefulSets().inNamespace(k8s.namespace).withLabels(BrookSelectors.cluster(cluster)).list().getItems())
                .as("StatefulSets (garbage-collected through owner references)").isEmpty();
        int zookeepers = manifest("Cluster").at("/spec/zookeeper/replicas").asInt(3);
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
            assertThat(claims(BrookSelectors.zookeepers(cluster))).as("ZooKeeper claims (deleteClaim " + zkDelete + ")")
                    .isEqualTo(zkDelete ? 0 : zookeepers);
            assertThat(claims(BrookSelectors.brokers(cluster))).as("broker claims (deleteClaim " + brokerDelete + ")")
                    .isEqualTo(brokerDelete ? 0 : brokers);
        });
    }

    /** Broker pod to the SHA-256 fingerprint of its certificate in the broker TLS Secret (empty when there is none). */
    private Map<String, String> brokerCertificates(Secret secret) {
        Map<String, String> out = new TreeMap<>();
        if (secret == null || secret.getData() == null) {
            return out;
        }
        for (int n = 0; n < brokers; n++) {
            String pod = BrookNames.brokerPod(cluster, n);
            String data = secret.getData().get(TlsFiles.podKeyStore(pod));
            if (data != null) {
                String pem = new String(Base64.getDecoder().decode(data), StandardCharsets.UTF_8);
                out.put(pod, CertificateInfo.of(Pem.readCertificates(pem).get(0)).fingerprint());
            }
        }
        return out;
    }

    /** The pod's agent status (what it serves and reads), through a port-forward to its health port; null when unreachable. */
    private JsonNode agentStatus(String pod) {
        try (LocalPortForward forward = k8s.client.pods().inNamespace(k8s.namespace).withName(pod).portForward(PodPorts.HEALTH)) {
            HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + forward.getLocalPort() + PodEndpoints.STATUS)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() / 100 == 2 ? RealCluster.JSON.readTree(response.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static JsonNode condition(JsonNode status, String type) {
        for (JsonNode condition : status.path("conditions")) {
            if (type.equals(condition.path("type").asText())) {
                return condition;
            }
        }
        throw new AssertionError("no condition " + type + " in " + status);
    }

    /** A busybox pod running {@code command}, once it runs (the image comes from BROOK_E2E_BUSYBOX_IMAGE). */
    private Pod startPod(String name, String command) {
        Pod pod = new PodBuilder().withNewMetadata().withName(name).withLabels(Map.of("app", name)).endMetadata()
                .withNewSpec().withRestartPolicy("Never").withTerminationGracePeriodSeconds(0L).addNewContainer().withName("main")
                .withImage(RealCluster.setting("BROOK_E2E_BUSYBOX_IMAGE", "busybox:1.36")).withCommand("sh", "-c", command)
                .endContainer().endSpec().build();
        k8s.client.pods().inNamespace(k8s.namespace).resource(pod).create();
        return k8s.client.pods().inNamespace(k8s.namespace).withName(name).waitUntilCondition(
                p -> p != null && p.getStatus() != null && "Running".equals(p.getStatus().getPhase()) && p.getStatus().getPodIP() != null,
                3, TimeUnit.MINUTES);
    }

    /** Whether a TCP connection from {@code from} to {@code ip:port} is accepted within 3 s ({@code nc -z}). */
    private boolean canConnect(Pod from, String ip, int port) {
        try (ExecWatch exec = k8s.client.pods().inNamespace(k8s.namespace).withName(from.getMetadata().getName())
                .redirectingOutput().redirectingError().exec("nc", "-z", "-w", "3", ip, Integer.toString(port))) {
            return exec.exitCode().get(30, TimeUnit.SECONDS) == 0;
        } catch (Exception e) {
            throw new AssertionError("nc in " + from.getMetadata().getName() + " to " + ip + ":" + port + " did not finish", e);
        }
    }

    private String podIp(String name) {
        Pod pod = k8s.client.pods().inNamespace(k8s.namespace).withName(name).get();
        assertThat(pod).as("pod " + name).isNotNull();
        return pod.getStatus().getPodIP();
    }

    private int claims(Map<String, String> selector) {
        return k8s.client.persistentVolumeClaims().inNamespace(k8s.namespace).withLabels(selector).list().getItems().size();
    }

    private List<Pod> brokerPods() {
        return k8s.client.pods().inNamespace(k8s.namespace).withLabels(BrookSelectors.brokers(cluster)).list().getItems();
    }

    /** The restart hash on the broker StatefulSet's pod template: pods carrying another one are due for a restart. */
    private String brokerRestartHash() {
        StatefulSet set = k8s.client.apps().statefulSets().inNamespace(k8s.namespace).withName(BrookNames.broker(cluster)).get();
        assertThat(set).as("StatefulSet " + BrookNames.broker(cluster)).isNotNull();
        return set.getSpec().getTemplate().getMetadata().getAnnotations().get(BrookLabels.CONFIG_HASH_ANNOTATION);
    }

    private static JsonNode findByName(JsonNode list, String name) {
        for (JsonNode item : list) {
            if (name.equals(item.path("name").asText())) {
                return item;
            }
        }
        throw new AssertionError("no entry named " + name + " in " + list);
    }

    private Map<String, String> brokerPodUids() {
        return uids(brokerPods());
    }

    private static Map<String, String> uids(List<Pod> pods) {
        Map<String, String> uids = new HashMap<>();
        pods.forEach(p -> uids.put(p.getMetadata().getName(), p.getMetadata().getUid()));
        return uids;
    }

    /** The user's spec plus what the API server itself adds (CRD defaults); the operator adds nothing. */
    private static JsonNode withServerDefaults(JsonNode user, JsonNode live) {
        if (!user.isObject() || !live.isObject()) {
            return user;
        }
        ObjectNode merged = ((ObjectNode) live).deepCopy();
        user.properties().forEach(e -> merged.set(e.getKey(), withServerDefaults(e.getValue(), live.path(e.getKey()))));
        return merged;
    }

    private GenericKubernetesResource live(ObjectNode manifest) {
        return k8s.resource(manifest.path("kind").asText(), manifest.at("/metadata/name").asText()).get();
    }

    private ObjectNode manifest(String kind) {
        return Examples.first(manifests, kind);
    }

    private List<ObjectNode> manifests(String kind) {
        return manifests.stream().filter(m -> kind.equals(m.path("kind").asText())).toList();
    }

    /** The example User with an ACL allowing {@code operation} on the example topic. */
    private ObjectNode userAllowed(String operation) {
        return manifests("User").stream().filter(u -> {
            for (JsonNode acl : u.at("/spec/acls")) {
                boolean onTopic = "topic".equals(acl.at("/resource/type").asText()) && topicName().equals(acl.at("/resource/name").asText());
                boolean allows = !"deny".equals(acl.path("type").asText());
                for (JsonNode op : acl.path("operations")) {
                    if (onTopic && allows && operation.equals(op.asText())) {
                        return true;
                    }
                }
            }
            return false;
        }).findFirst().orElseThrow(() -> new IllegalStateException("no example User may " + operation + " topic " + topicName()));
    }

    /** The port of the first internal listener of the example Cluster that takes the user's authentication. */
    private int listenerPort(ObjectNode user) {
        String type = user.at("/spec/authentication/type").asText();
        for (JsonNode l : manifest("Cluster").at("/spec/brokers/listeners")) {
            if ("internal".equals(l.path("type").asText()) && type.equals(l.at("/authentication/type").asText())) {
                return l.path("port").asInt();
            }
        }
        throw new IllegalStateException("no internal listener of the example Cluster takes " + type + " authentication");
    }

    /**
     * The user's client.properties from its Secret, as a client outside the cluster uses it: every file of the Secret
     * in a directory of this machine, the configuration pointing there instead of the mount path.
     */
    private Path clientConfig(ObjectNode user) throws IOException {
        String name = user.at("/metadata/name").asText();
        Secret secret = k8s.client.secrets().inNamespace(k8s.namespace).withName(name).get();
        assertThat(secret).as("Secret " + name + " of the User").isNotNull();
        Path dir = Files.createTempDirectory("brook-e2e-user-" + name);
        for (Map.Entry<String, String> file : secret.getData().entrySet()) {
            Files.write(dir.resolve(file.getKey()), Base64.getDecoder().decode(file.getValue()));
        }
        Path config = dir.resolve(UserCredentials.JAVA_CONFIG);
        Files.writeString(config, Files.readString(config).replace(UserCredentials.MOUNT_PATH, dir.toString()));
        return config;
    }

    private String name(String kind) {
        return manifest(kind).at("/metadata/name").asText();
    }

    private String topicName() {
        return manifest("Topic").at("/spec/topicName").asText(topic);
    }

    private String groupId() {
        return manifest("ConsumerGroup").at("/spec/groupId").asText(group);
    }

    private static String key(ObjectNode m) {
        return m.path("kind").asText() + "/" + m.at("/metadata/name").asText();
    }
}
