package dev.brook.model;

import dev.brook.api.v1alpha1.ConsumerGroup;
import dev.brook.api.v1alpha1.ConsumerGroupSpec;
import dev.brook.api.v1alpha1.OffsetReset;
import dev.brook.api.v1alpha1.PartitionOffset;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** What a ConsumerGroup spec must satisfy beyond its schema (CEL rules are checked again here). */
public final class ConsumerGroupValidation {
    private ConsumerGroupValidation() {
    }

    public static List<SpecProblem> problems(ConsumerGroup group) {
        List<SpecProblem> problems = new ArrayList<>();
        ConsumerGroupSpec spec = group.getSpec();
        if (spec == null || spec.getCluster() == null || spec.getCluster().isBlank()) {
            problems.add(new SpecProblem("spec.cluster", "is required: name the Cluster (in the same namespace) the group consumes from"));
            return problems;
        }
        if (group.kafkaGroupId().isBlank()) {
            problems.add(new SpecProblem("spec.groupId", "is empty; set a group id or leave the field out to use metadata.name"));
        }
        for (int i = 0; spec.getTopics() != null && i < spec.getTopics().size(); i++) {
            String problem = TopicValidation.topicNameProblem(spec.getTopics().get(i));
            if (problem != null) {
                problems.add(new SpecProblem("spec.topics[" + i + "]", problem));
            }
        }
        OffsetReset reset = spec.getOffsetReset();
        if (reset != null) {
            resetProblems(reset, problems);
        }
        return problems;
    }

    private static void resetProblems(OffsetReset reset, List<SpecProblem> problems) {
        if (reset.getId() == null || reset.getId().isBlank()) {
            problems.add(new SpecProblem("spec.offsetReset.id", "is required: any string, changed for each new reset"));
        }
        if (reset.getTo() == null) {
            problems.add(new SpecProblem("spec.offsetReset.to", "is required: earliest, latest, timestamp or offset"));
            return;
        }
        switch (reset.getTo()) {
            case TIMESTAMP -> {
                if (reset.getTimestamp() == null || reset.getTimestamp().isBlank()) {
                    problems.add(new SpecProblem("spec.offsetReset.timestamp",
                            "is required when offsetReset.to is timestamp; give an RFC 3339 time such as 2026-11-25T10:00:00Z"));
                } else if (parseTimestamp(reset.getTimestamp()) == null) {
                    problems.add(new SpecProblem("spec.offsetReset.timestamp", "'" + reset.getTimestamp()
                            + "' is not an RFC 3339 time; use a form such as 2026-11-25T10:00:00Z"));
                }
            }
            case OFFSET -> {
                if (reset.getOffsets() == null || reset.getOffsets().isEmpty()) {
                    problems.add(new SpecProblem("spec.offsetReset.offsets",
                            "is required when offsetReset.to is offset; list {topic, partition, offset} for each partition to move"));
                }
                List<PartitionOffset> offsets = reset.getOffsets() == null ? List.of() : reset.getOffsets();
                for (int i = 0; i < offsets.size(); i++) {
                    PartitionOffset o = offsets.get(i);
                    String at = "spec.offsetReset.offsets[" + i + "]";
                    if (o.getTopic() == null || TopicValidation.topicNameProblem(o.getTopic()) != null) {
                        problems.add(new SpecProblem(at + ".topic", "'" + o.getTopic() + "' is not a valid topic name"));
                    }
                    if (o.getPartition() == null || o.getPartition() < 0) {
                        problems.add(new SpecProblem(at + ".partition", "is " + o.getPartition() + "; use 0 or more"));
                    }
                    if (o.getOffset() == null || o.getOffset() < 0) {
                        problems.add(new SpecProblem(at + ".offset", "is " + o.getOffset() + "; offsets are 0 or more"));
                    }
                }
            }
            default -> {
            }
        }
    }

    /** The reset time in epoch milliseconds, or null when the text is not RFC 3339. */
    public static Long parseTimestamp(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
