package dev.brook.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.NonValidationKeyword;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi30;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Validates Brook resources (YAML or JSON) against the openAPIV3Schema of the committed CRDs in
 * {@code crds/}, the way an API server would (minus CEL rules, which no Java validator evaluates:
 * their logic is tested through the reconcilers' own validation).
 */
public final class CrdSchemas {
    public static final ObjectMapper YAML = new YAMLMapper();
    private static final List<String> KUBERNETES_KEYWORDS = List.of("x-kubernetes-validations",
            "x-kubernetes-preserve-unknown-fields", "x-kubernetes-int-or-string", "x-kubernetes-embedded-resource",
            "x-kubernetes-list-type", "x-kubernetes-list-map-keys", "x-kubernetes-map-type");

    private final Map<String, JsonSchema> schemaByKind = new TreeMap<>();
    private final Map<String, JsonNode> crdByKind = new TreeMap<>();

    private CrdSchemas() {
    }

    /** The CRDs of the repository's {@code crds/} folder. */
    public static CrdSchemas committed() {
        return load(RepoPaths.root().resolve("crds"));
    }

    public static CrdSchemas load(Path dir) {
        JsonMetaSchema.Builder meta = JsonMetaSchema.builder(OpenApi30.getInstance());
        KUBERNETES_KEYWORDS.forEach(k -> meta.keyword(new NonValidationKeyword(k)));
        JsonMetaSchema metaSchema = meta.build();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4,
                b -> b.metaSchema(metaSchema).defaultMetaSchemaIri(metaSchema.getIri()));
        CrdSchemas schemas = new CrdSchemas();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                JsonNode crd = YAML.readTree(file.toFile());
                String kind = crd.at("/spec/names/kind").asText();
                JsonNode schema = crd.at("/spec/versions/0/schema/openAPIV3Schema");
                schemas.crdByKind.put(kind, crd);
                schemas.schemaByKind.put(kind, factory.getSchema(schema));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return schemas;
    }

    public JsonNode crd(String kind) {
        return crdByKind.get(kind);
    }

    public java.util.Set<String> kinds() {
        return crdByKind.keySet();
    }

    /** Schema violations of one resource, e.g. {@code $.spec.partitions: must have a minimum value of 1}. */
    public List<String> violations(JsonNode resource) {
        String kind = resource.path("kind").asText();
        JsonSchema schema = schemaByKind.get(kind);
        if (schema == null) {
            return List.of("no CRD for kind '" + kind + "' in crds/");
        }
        List<String> messages = new ArrayList<>();
        for (ValidationMessage m : schema.validate(resource)) {
            messages.add(m.getMessage());
        }
        return messages;
    }

    public List<String> violations(Object resource) {
        return violations((JsonNode) new ObjectMapper().valueToTree(resource));
    }

    /** All documents of a YAML file (separated by ---). */
    public static List<ObjectNode> readYamlDocuments(Path file) {
        try {
            List<ObjectNode> docs = new ArrayList<>();
            try (var parser = new YAMLFactory().createParser(file.toFile())) {
                var it = YAML.readValues(parser, ObjectNode.class);
                while (it.hasNext()) {
                    ObjectNode doc = it.next();
                    if (doc != null && doc.size() > 0) {
                        docs.add(doc);
                    }
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }
}
