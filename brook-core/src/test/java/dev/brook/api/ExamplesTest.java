package dev.brook.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.brook.testing.CrdSchemas;
import dev.brook.testing.RepoPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Every file in examples/ is valid against the generated CRDs, and shows every top-level spec field. */
class ExamplesTest {
    private final CrdSchemas schemas = CrdSchemas.committed();

    @Test
    void everyExampleIsValid() throws IOException {
        List<ObjectNode> docs = exampleDocuments();
        assertThat(docs).isNotEmpty();
        for (ObjectNode doc : docs) {
            assertThat(schemas.violations(doc)).as(doc.path("kind") + "/" + doc.at("/metadata/name").asText()).isEmpty();
        }
    }

    @Test
    void examplesUseEveryTopLevelSpecFieldOfEachKind() throws IOException {
        List<ObjectNode> docs = exampleDocuments();
        for (String kind : schemas.kinds()) {
            Set<String> schemaFields = new TreeSet<>();
            schemas.crd(kind).at("/spec/versions/0/schema/openAPIV3Schema/properties/spec/properties").fieldNames()
                    .forEachRemaining(schemaFields::add);
            Set<String> used = new TreeSet<>();
            docs.stream().filter(d -> kind.equals(d.path("kind").asText()))
                    .forEach(d -> d.path("spec").fieldNames().forEachRemaining(used::add));
            assertThat(used).as("top-level spec fields of %s used in examples/", kind).containsAll(schemaFields);
        }
    }

    @Test
    void aWrongEnumInAnExampleIsRefused() throws IOException {
        ObjectNode topic = example("Topic");
        ((ObjectNode) topic.get("spec")).put("deletionPolicy", "Keep");
        assertThat(schemas.violations(topic)).anySatisfy(m -> assertThat(m).contains("deletionPolicy"));

        ObjectNode cluster = example("Cluster");
        ((ObjectNode) cluster.at("/spec/brokers/listeners/0")).put("type", "ingress");
        assertThat(schemas.violations(cluster)).anySatisfy(m -> assertThat(m).contains("type"));

        ObjectNode group = example("ConsumerGroup");
        ((ObjectNode) group.at("/spec/offsetReset")).put("to", "beginning");
        assertThat(schemas.violations(group)).anySatisfy(m -> assertThat(m).contains("to"));
    }

    @Test
    void aTopicNameWithASpaceIsRefused() throws IOException {
        ObjectNode topic = example("Topic");
        ((ObjectNode) topic.get("spec")).put("topicName", "my orders");
        assertThat(schemas.violations(topic)).anySatisfy(m -> assertThat(m).contains("topicName"));
    }

    private ObjectNode example(String kind) throws IOException {
        return exampleDocuments().stream().filter(d -> kind.equals(d.path("kind").asText())).findFirst()
                .map(JsonNode::deepCopy).map(ObjectNode.class::cast).orElseThrow();
    }

    static List<ObjectNode> exampleDocuments() throws IOException {
        List<ObjectNode> docs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(RepoPaths.root().resolve("examples"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")).sorted().toList()) {
                docs.addAll(CrdSchemas.readYamlDocuments(f));
            }
        }
        return docs;
    }
}
