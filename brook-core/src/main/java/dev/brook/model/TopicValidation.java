package dev.brook.model;

import dev.brook.api.v1alpha1.Topic;
import dev.brook.api.v1alpha1.TopicSpec;
import java.util.ArrayList;
import java.util.List;

/** What a Topic spec must satisfy beyond its schema (the CEL rule on names is checked again here). */
public final class TopicValidation {
    private TopicValidation() {
    }

    public static List<SpecProblem> problems(Topic topic) {
        List<SpecProblem> problems = new ArrayList<>();
        TopicSpec spec = topic.getSpec();
        if (spec == null || spec.getCluster() == null || spec.getCluster().isBlank()) {
            problems.add(new SpecProblem("spec.cluster", "is required: name the Cluster (in the same namespace) that holds the topic"));
        }
        String name = topic.kafkaTopicName();
        String field = spec != null && spec.getTopicName() != null ? "spec.topicName" : "metadata.name";
        String nameProblem = topicNameProblem(name);
        if (nameProblem != null) {
            problems.add(new SpecProblem(field, nameProblem));
        }
        if (spec != null && spec.getPartitions() != null && spec.getPartitions() < 1) {
            problems.add(new SpecProblem("spec.partitions", "is " + spec.getPartitions() + "; use 1 or more"));
        }
        if (spec != null && spec.getReplicationFactor() != null && spec.getReplicationFactor() < 1) {
            problems.add(new SpecProblem("spec.replicationFactor", "is " + spec.getReplicationFactor() + "; use 1 or more"));
        }
        return problems;
    }

    /** Kafka's rule for topic names, or null when the name is valid. */
    public static String topicNameProblem(String name) {
        if (name == null || name.isEmpty()) {
            return "is empty; a topic name has 1 to 249 characters";
        }
        if (name.equals(".") || name.equals("..")) {
            return "'" + name + "' is not a valid topic name; Kafka refuses '.' and '..'";
        }
        if (name.length() > 249) {
            return "has " + name.length() + " characters; Kafka allows at most 249";
        }
        if (!name.matches("[a-zA-Z0-9._-]+")) {
            return "'" + name + "' is not a valid topic name; use only letters, digits, '.', '_' and '-'";
        }
        return null;
    }
}
