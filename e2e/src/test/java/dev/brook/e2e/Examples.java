package dev.brook.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** The repository's {@code examples/} as the suite applies them; no cluster needed to read them. */
final class Examples {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Examples() {
    }

    /** Every document of {@code examples/*.yaml}, in file order. */
    static List<ObjectNode> read(Path repo) throws IOException {
        List<ObjectNode> docs = new ArrayList<>();
        try (var files = Files.list(repo.resolve("examples"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                YAMLFactory yaml = new YAMLFactory();
                for (Iterator<ObjectNode> it = new ObjectMapper(yaml).readValues(yaml.createParser(file.toFile()), ObjectNode.class);
                        it.hasNext();) {
                    ObjectNode doc = it.next();
                    if (doc != null && doc.hasNonNull("kind")) {
                        docs.add(doc);
                    }
                }
            }
        }
        return docs;
    }

    /**
     * The examples as a user applies them, made to fit a laptop cluster (kind, k3d): smaller requests, heaps and
     * volumes, nothing else changed. Three ZooKeepers and three brokers stay (the rolling restart under
     * acks=all needs min.insync.replicas=2 of 3), and so do all listeners, the NodePort one included (the
     * chart lets the operator read the nodes' addresses).
     */
    static List<ObjectNode> forLaptop(Path repo) throws IOException {
        List<ObjectNode> docs = read(repo);
        for (ObjectNode doc : docs) {
            if ("Cluster".equals(doc.path("kind").asText())) {
                ObjectNode spec = (ObjectNode) doc.get("spec");
                ObjectNode zk = (ObjectNode) spec.get("zookeeper");
                zk.set("resources", JSON.readTree("{\"requests\":{\"cpu\":\"50m\",\"memory\":\"256Mi\"},\"limits\":{\"memory\":\"384Mi\"}}"));
                zk.set("jvmOptions", JSON.readTree("{\"xms\":\"64m\",\"xmx\":\"128m\"}"));
                ObjectNode brokers = (ObjectNode) spec.get("brokers");
                brokers.set("resources", JSON.readTree("{\"requests\":{\"cpu\":\"100m\",\"memory\":\"640Mi\"},\"limits\":{\"memory\":\"768Mi\"}}"));
                brokers.set("jvmOptions", JSON.readTree("{\"xms\":\"256m\",\"xmx\":\"384m\"}"));
                ((ObjectNode) brokers.get("storage")).put("size", "1Gi");
            }
        }
        return docs;
    }

    static ObjectNode first(List<ObjectNode> docs, String kind) {
        return docs.stream().filter(m -> kind.equals(m.path("kind").asText())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + kind + " in examples/"));
    }

    /** The repository root (the directory holding helm/brook and examples), searched upwards from the working directory. */
    static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.exists(dir.resolve("helm/brook/Chart.yaml")) && Files.exists(dir.resolve("examples"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException("repository root not found above " + Path.of("").toAbsolutePath());
    }
}
