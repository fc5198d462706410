package dev.brook.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.ConsumerGroup;
import dev.brook.api.v1alpha1.Topic;
import dev.brook.testing.CrdSchemas;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The generated schema itself refuses what it can (the mock server validates nothing, so this is the check). */
class SchemaTest {
    private final CrdSchemas schemas = CrdSchemas.committed();
    private final ObjectMapper json = new ObjectMapper();

    @ParameterizedTest(name = "{0}: {1} = {2}")
    @CsvSource(delimiter = '|', value = {
        "Cluster|/spec/zookeeper/replicas|9|replicas",
        "Cluster|/spec/zookeeper/replicas|0|replicas",
        "Cluster|/spec/brokers/replicas|0|replicas",
        "Cluster|/spec/brokers/storage/size|ten gigs|size",
        "Cluster|/spec/brokers/jvmOptions/xmx|1 GB|xmx",
        "Cluster|/spec/brokers/listeners/0/port|80|port",
        "Cluster|/spec/brokers/listeners/0/name|Plain_Listener|name",
        "Topic|/spec/topicName|orders!|topicName",
        "Topic|/spec/partitions|0|partitions",
        "Topic|/spec/replicationFactor|-1|replicationFactor",
        "Topic|/spec/cluster|Demo_Cluster|cluster",
        "ConsumerGroup|/spec/deletionPolicy|Forget|deletionPolicy",
        "ConsumerGroup|/spec/offsetReset/offsets/0/offset|-5|offset",
    })
    void refuses(String kind, String pointer, String value, String fieldInMessage) {
        ObjectNode resource = minimal(kind);
        set(resource, pointer, value);
        assertThat(schemas.violations(resource)).as(kind + " with " + pointer + "=" + value)
                .anySatisfy(m -> assertThat(m).contains(fieldInMessage));
    }

    @Test
    void refusesMissingRequiredFields() {
        ObjectNode topic = minimal("Topic");
        ((ObjectNode) topic.get("spec")).remove("cluster");
        assertThat(schemas.violations(topic)).anySatisfy(m -> assertThat(m).contains("cluster"));

        ObjectNode group = minimal("ConsumerGroup");
        ((ObjectNode) group.at("/spec/offsetReset")).remove("id");
        assertThat(schemas.violations(group)).anySatisfy(m -> assertThat(m).contains("id"));
    }

    /** The size bounds (maxItems, maxProperties, maxLength) that keep the CEL rules' cost estimate in budget (CelRulesTest). */
    @Test
    void refusesValuesBeyondTheSizeBounds() {
        ObjectNode cluster = minimal("Cluster");
        var listeners = (com.fasterxml.jackson.databind.node.ArrayNode) cluster.at("/spec/brokers/listeners");
        for (int i = 1; i < 16; i++) {
            listeners.addObject().put("name", "l" + i).put("port", 10000 + i);
        }
        assertThat(schemas.violations(cluster)).as("16 listeners").isEmpty();
        listeners.addObject().put("name", "l16").put("port", 10016);
        assertThat(schemas.violations(cluster)).as("17 listeners").anySatisfy(m -> assertThat(m).contains("listeners"));

        ObjectNode withConfig = minimal("Cluster");
        ((ObjectNode) withConfig.at("/spec/brokers")).putObject("config").put("message.max.bytes", "x".repeat(4097));
        assertThat(schemas.violations(withConfig)).as("a config value of 4097 characters")
                .anySatisfy(m -> assertThat(m).contains("message.max.bytes"));

        ObjectNode topic = minimal("Topic");
        ObjectNode topicConfig = ((ObjectNode) topic.get("spec")).putObject("config");
        for (int i = 0; i < 101; i++) {
            topicConfig.put("key" + i, "v");
        }
        assertThat(schemas.violations(topic)).as("101 topic config keys").anySatisfy(m -> assertThat(m).contains("config"));

        ObjectNode group = minimal("ConsumerGroup");
        ((ObjectNode) group.get("spec")).put("groupId", "g".repeat(256));
        assertThat(schemas.violations(group)).anySatisfy(m -> assertThat(m).contains("groupId"));
        ((ObjectNode) group.get("spec")).put("groupId", "g".repeat(255));
        assertThat(schemas.violations(group)).isEmpty();
    }

    @Test
    void acceptsTheMinimalResources() {
        for (String kind : List.of("Cluster", "Topic", "ConsumerGroup")) {
            assertThat(schemas.violations(minimal(kind))).as(kind).isEmpty();
        }
    }

    @Test
    void schemaDefaultsAgreeWithJavaDefaults() {
        JsonNode cluster = json.valueToTree(new dev.brook.api.v1alpha1.ClusterSpec());
        JsonNode clusterSchema = specSchema("Cluster");
        assertThat(clusterSchema.at("/properties/version/default").asText()).isEqualTo(cluster.at("/version").asText());
        assertThat(clusterSchema.at("/properties/zookeeper/properties/replicas/default").asInt()).isEqualTo(cluster.at("/zookeeper/replicas").asInt());
        assertThat(clusterSchema.at("/properties/brokers/properties/replicas/default").asInt()).isEqualTo(cluster.at("/brokers/replicas").asInt());
        assertThat(clusterSchema.at("/properties/metrics/properties/enabled/default").asBoolean()).isEqualTo(cluster.at("/metrics/enabled").asBoolean());
        assertThat(clusterSchema.at("/properties/brokers/properties/storage/properties/deleteClaim/default").asBoolean()).isFalse();
        assertThat(clusterSchema.at("/properties/brokers/properties/listeners/items/properties/type/default").asText()).isEqualTo("internal");

        JsonNode topic = json.valueToTree(new dev.brook.api.v1alpha1.TopicSpec());
        assertThat(specSchema("Topic").at("/properties/deletionPolicy/default").asText()).isEqualTo(topic.at("/deletionPolicy").asText()).isEqualTo("Delete");
        JsonNode group = json.valueToTree(new dev.brook.api.v1alpha1.ConsumerGroupSpec());
        assertThat(specSchema("ConsumerGroup").at("/properties/deletionPolicy/default").asText()).isEqualTo(group.at("/deletionPolicy").asText()).isEqualTo("Retain");
    }

    @Test
    void everyKindHasStatusSubresourceCategoryAndShortName() {
        for (String kind : List.of("Cluster", "Topic", "ConsumerGroup")) {
            JsonNode crd = schemas.crd(kind);
            assertThat(crd.at("/spec/group").asText()).isEqualTo("brook.dev");
            assertThat(crd.at("/spec/scope").asText()).isEqualTo("Namespaced");
            assertThat(crd.at("/spec/versions/0/name").asText()).isEqualTo("v1alpha1");
            assertThat(crd.at("/spec/versions/0/subresources/status").isObject()).as(kind + " status subresource").isTrue();
            assertThat(crd.at("/spec/names/categories").toString()).contains("kafka");
            assertThat(crd.at("/spec/names/shortNames").size()).isPositive();
            assertThat(crd.at("/spec/versions/0/additionalPrinterColumns").toString()).contains("Ready");
        }
    }

    private JsonNode specSchema(String kind) {
        return schemas.crd(kind).at("/spec/versions/0/schema/openAPIV3Schema/properties/spec");
    }

    private ObjectNode minimal(String kind) {
        String yaml = switch (kind) {
            case "Cluster" -> """
                    apiVersion: brook.dev/v1alpha1
                    kind: Cluster
                    metadata: {name: c}
                    spec:
                      zookeeper: {replicas: 3}
                      brokers:
                        replicas: 3
                        storage: {size: 10Gi}
                        jvmOptions: {xmx: 512m}
                        listeners: [{name: plain, port: 9092, type: internal}]
                    """;
            case "Topic" -> """
                    apiVersion: brook.dev/v1alpha1
                    kind: Topic
                    metadata: {name: t}
                    spec: {cluster: c, topicName: t, partitions: 3, replicationFactor: 3}
                    """;
            default -> """
                    apiVersion: brook.dev/v1alpha1
                    kind: ConsumerGroup
                    metadata: {name: g}
                    spec:
                      cluster: c
                      offsetReset:
                        id: one
                        to: offset
                        offsets: [{topic: t, partition: 0, offset: 5}]
                    """;
        };
        try {
            return (ObjectNode) CrdSchemas.YAML.readTree(yaml);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void set(ObjectNode root, String pointer, String value) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = root.at(pointer.substring(0, slash));
        String field = pointer.substring(slash + 1);
        JsonNode v;
        try {
            v = new ObjectMapper().readTree(value);
        } catch (Exception e) {
            v = com.fasterxml.jackson.databind.node.TextNode.valueOf(value);
        }
        if (v == null || v.isMissingNode() || (!v.isNumber() && !v.isBoolean())) {
            v = com.fasterxml.jackson.databind.node.TextNode.valueOf(value);
        }
        ((ObjectNode) parent).set(field, v);
    }
}
