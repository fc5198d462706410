package dev.brook.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.ConsumerGroup;
import dev.brook.api.v1alpha1.Topic;
import dev.brook.api.v1alpha1.User;
import dev.brook.model.ClusterValidation;
import dev.brook.model.ConsumerGroupValidation;
import dev.brook.model.SpecProblem;
import dev.brook.model.TopicValidation;
import dev.brook.model.UserValidation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The Brook resources of some YAML files (every document; directories: their {@code .yaml}/{@code .yml}
 * files, sorted), each with the file it came from, and every problem found in them: YAML that does not
 * parse, fields of the wrong type, kinds Brook does not know, and what the operator's own validation
 * ({@link ClusterValidation}, {@link TopicValidation}, {@link ConsumerGroupValidation}, {@link UserValidation}) refuses.
 */
public record LocalResources(List<Sourced<Cluster>> clusters, List<Sourced<Topic>> topics,
                             List<Sourced<ConsumerGroup>> groups, List<Sourced<User>> users, List<FileProblem> problems) {
    /** Namespace of resources without one, as {@code kubectl apply} would use. */
    public static final String DEFAULT_NAMESPACE = "default";
    static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

    /** A resource and the file it was read from. */
    public record Sourced<T extends HasMetadata>(Path file, T resource) {
        public String name() {
            return resource.getMetadata().getName();
        }
    }

    /** One problem, printed as {@code file: field: message}. */
    public record FileProblem(Path file, String field, String message) {
        @Override
        public String toString() {
            return file + ": " + (field == null ? "" : field + ": ") + message;
        }
    }

    public static LocalResources read(List<Path> paths) {
        List<Sourced<Cluster>> clusters = new ArrayList<>();
        List<Sourced<Topic>> topics = new ArrayList<>();
        List<Sourced<ConsumerGroup>> groups = new ArrayList<>();
        List<Sourced<User>> users = new ArrayList<>();
        List<FileProblem> problems = new ArrayList<>();
        for (Path file : expand(paths, problems)) {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                problems.add(new FileProblem(file, null, "cannot read: " + e.getMessage()));
                continue;
            }
            List<Object> documents = new ArrayList<>();
            try {
                new Load(LoadSettings.builder().setLabel(file.toString()).build()).loadAllFromString(text).forEach(documents::add);
            } catch (YamlEngineException e) {
                problems.add(new FileProblem(file, null, "not valid YAML: " + e.getMessage().replace('\n', ' ')));
                continue;
            }
            for (Object doc : documents) {
                if (doc == null) {
                    continue;
                }
                if (!(doc instanceof Map<?, ?> map)) {
                    problems.add(new FileProblem(file, null, "a document is not a mapping (expected apiVersion, kind, metadata, spec)"));
                    continue;
                }
                Object kind = map.get("kind");
                Object apiVersion = map.get("apiVersion");
                if (!"brook.dev/v1alpha1".equals(apiVersion)) {
                    problems.add(new FileProblem(file, "apiVersion", "'" + apiVersion + "' is not brook.dev/v1alpha1"));
                    continue;
                }
                try {
                    switch (String.valueOf(kind)) {
                        case "Cluster" -> clusters.add(new Sourced<>(file, withNamespace(JSON.convertValue(map, Cluster.class))));
                        case "Topic" -> topics.add(new Sourced<>(file, withNamespace(JSON.convertValue(map, Topic.class))));
                        case "ConsumerGroup" -> groups.add(new Sourced<>(file, withNamespace(JSON.convertValue(map, ConsumerGroup.class))));
                        case "User" -> users.add(new Sourced<>(file, withNamespace(JSON.convertValue(map, User.class))));
                        default -> problems.add(new FileProblem(file, "kind", "'" + kind + "' is not a Brook kind (Cluster, Topic, ConsumerGroup, User)"));
                    }
                } catch (IllegalArgumentException e) {
                    problems.add(mappingProblem(file, String.valueOf(kind), e));
                }
            }
        }
        for (Sourced<Cluster> c : clusters) {
            ClusterValidation.problems(c.resource()).forEach(p -> problems.add(of(c, p)));
        }
        for (Sourced<Topic> t : topics) {
            TopicValidation.problems(t.resource()).forEach(p -> problems.add(of(t, p)));
        }
        for (Sourced<ConsumerGroup> g : groups) {
            ConsumerGroupValidation.problems(g.resource()).forEach(p -> problems.add(of(g, p)));
        }
        for (Sourced<User> u : users) {
            UserValidation.problems(u.resource()).forEach(p -> problems.add(of(u, p)));
        }
        return new LocalResources(clusters, topics, groups, users, problems);
    }

    private static FileProblem of(Sourced<?> r, SpecProblem p) {
        return new FileProblem(r.file(), r.resource().getKind() + " " + r.name() + ": " + p.field(), p.message());
    }

    private static FileProblem mappingProblem(Path file, String kind, IllegalArgumentException e) {
        if (e.getCause() instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            String field = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            String why = m.getOriginalMessage() == null ? m.getMessage() : m.getOriginalMessage();
            if (why.startsWith("Unrecognized field")) {
                why = "unknown field";
            } else if (why.contains("Cannot deserialize value") || why.contains("Cannot coerce") || why.contains("not a valid")) {
                why = "wrong type: " + why.replaceAll("\\s*\\n.*", "").replaceAll(" at \\[Source.*", "");
            }
            return new FileProblem(file, kind + ": " + field, why);
        }
        return new FileProblem(file, kind, e.getMessage());
    }

    private static <T extends HasMetadata> T withNamespace(T resource) {
        if (resource.getMetadata() == null) {
            resource.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
        }
        if (resource.getMetadata().getNamespace() == null) {
            resource.getMetadata().setNamespace(DEFAULT_NAMESPACE);
        }
        return resource;
    }

    private static List<Path> expand(List<Path> paths, List<FileProblem> problems) {
        List<Path> files = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> list = Files.list(p)) {
                    list.filter(f -> f.toString().endsWith(".yaml") || f.toString().endsWith(".yml")).sorted().forEach(files::add);
                } catch (IOException e) {
                    problems.add(new FileProblem(p, null, "cannot list: " + e.getMessage()));
                }
            } else if (Files.isRegularFile(p)) {
                files.add(p);
            } else {
                problems.add(new FileProblem(p, null, "no such file or directory"));
            }
        }
        return files;
    }

    /** Problems, plus: more than one Cluster, and Topics/ConsumerGroups/Users naming another cluster than {@code clusterName}. */
    public List<FileProblem> problemsFor(String clusterName) {
        List<FileProblem> all = new ArrayList<>(problems);
        for (int i = 1; i < clusters.size(); i++) {
            all.add(new FileProblem(clusters.get(i).file(), "Cluster " + clusters.get(i).name(),
                    "brook local runs one cluster; '" + clusters.get(0).name() + "' is already declared in " + clusters.get(0).file()));
        }
        for (Sourced<Topic> t : topics) {
            String c = t.resource().getSpec() == null ? null : t.resource().getSpec().getCluster();
            if (c != null && !c.isBlank() && clusterName != null && !c.equals(clusterName)) {
                all.add(new FileProblem(t.file(), "Topic " + t.name() + ": spec.cluster", "names cluster '" + c
                        + "', but the local cluster is '" + clusterName + "'"));
            }
        }
        for (Sourced<ConsumerGroup> g : groups) {
            String c = g.resource().getSpec() == null ? null : g.resource().getSpec().getCluster();
            if (c != null && !c.isBlank() && clusterName != null && !c.equals(clusterName)) {
                all.add(new FileProblem(g.file(), "ConsumerGroup " + g.name() + ": spec.cluster", "names cluster '" + c
                        + "', but the local cluster is '" + clusterName + "'"));
            }
        }
        for (Sourced<User> u : users) {
            String c = u.resource().getSpec() == null ? null : u.resource().getSpec().getCluster();
            if (c != null && !c.isBlank() && clusterName != null && !c.equals(clusterName)) {
                all.add(new FileProblem(u.file(), "User " + u.name() + ": spec.cluster", "names cluster '" + c
                        + "', but the local cluster is '" + clusterName + "'"));
            }
        }
        return all;
    }
}
