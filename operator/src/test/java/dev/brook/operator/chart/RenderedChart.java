package dev.brook.operator.chart;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.brook.testing.CrdSchemas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The objects of one {@code helm template} run, in rendering order. */
record RenderedChart(List<ObjectNode> objects, String releaseNamespace) {

    static RenderedChart parse(String multiDocumentYaml, String releaseNamespace) {
        List<ObjectNode> docs = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(multiDocumentYaml)) {
            var it = CrdSchemas.YAML.readValues(parser, ObjectNode.class);
            while (it.hasNext()) {
                ObjectNode doc = it.next();
                if (doc != null && doc.size() > 0) {
                    docs.add(doc);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("helm template output is not valid YAML: " + e.getMessage(), e);
        }
        return new RenderedChart(List.copyOf(docs), releaseNamespace);
    }

    List<ObjectNode> ofKind(String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    ObjectNode one(String kind) {
        List<ObjectNode> found = ofKind(kind);
        if (found.size() != 1) {
            throw new AssertionError("expected exactly one " + kind + ", found " + found.size() + " in " + ids());
        }
        return found.get(0);
    }

    ObjectNode one(String kind, String name) {
        return ofKind(kind).stream().filter(o -> name.equals(o.at("/metadata/name").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " named " + name + " in " + ids()));
    }

    /** {@code Kind/namespace/name} of every object (namespace empty for cluster-scoped ones). */
    Set<String> ids() {
        Set<String> ids = new TreeSet<>();
        objects.forEach(o -> ids.add(id(o)));
        return ids;
    }

    static String id(ObjectNode o) {
        return o.path("kind").asText() + "/" + o.at("/metadata/namespace").asText() + "/" + o.at("/metadata/name").asText();
    }
}
