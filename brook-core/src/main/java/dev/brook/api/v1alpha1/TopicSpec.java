package dev.brook.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;
import java.util.TreeMap;

/** A Kafka topic on a Brook Cluster. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TopicSpec {
    /** Kafka's own rule for topic names (the "." and ".." exclusion is a CEL rule: Go regexps have no lookahead). */
    public static final String TOPIC_NAME_PATTERN = "^[a-zA-Z0-9._-]{1,249}$";

    @JsonPropertyDescription("Name of the Cluster (same namespace) that holds the topic.")
    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @Size(max = 63)
    private String cluster;

    @JsonPropertyDescription("Kafka topic name; defaults to metadata.name. 1-249 of [a-zA-Z0-9._-], not '.' or '..'. Cannot change after creation.")
    @Pattern(TOPIC_NAME_PATTERN)
    @Size(max = 249)
    @ValidationRule(value = "self != '.' && self != '..'", message = "topicName must not be '.' or '..'")
    private String topicName;

    @JsonPropertyDescription("Number of partitions; may grow, never shrink. Default: the broker's num.partitions.")
    @Min(1)
    @Max(100000)
    private Integer partitions;

    @JsonPropertyDescription("Replicas per partition, at most the number of brokers. Default: the broker's default.replication.factor.")
    @Min(1)
    @Max(32767)
    private Integer replicationFactor;

    @JsonPropertyDescription("Topic configuration (e.g. retention.ms, cleanup.policy, min.insync.replicas); values as strings "
            + "of at most 4096 characters; at most 100 keys.")
    @Size(max = 100)
    private Map<String, @Size(max = 4096) String> config = new TreeMap<>();

    @JsonPropertyDescription("Delete (default): deleting this resource deletes the topic and its records. Retain: the topic stays.")
    @Default("Delete")
    private DeletionPolicy deletionPolicy = DeletionPolicy.Delete;

    public String getCluster() { return cluster; }
    public void setCluster(String cluster) { this.cluster = cluster; }
    public String getTopicName() { return topicName; }
    public void setTopicName(String topicName) { this.topicName = topicName; }
    public Integer getPartitions() { return partitions; }
    public void setPartitions(Integer partitions) { this.partitions = partitions; }
    public Integer getReplicationFactor() { return replicationFactor; }
    public void setReplicationFactor(Integer replicationFactor) { this.replicationFactor = replicationFactor; }
    public Map<String, String> getConfig() { return config; }
    public void setConfig(Map<String, String> config) { this.config = config; }
    public DeletionPolicy getDeletionPolicy() { return deletionPolicy; }
    public void setDeletionPolicy(DeletionPolicy deletionPolicy) { this.deletionPolicy = deletionPolicy; }
}
