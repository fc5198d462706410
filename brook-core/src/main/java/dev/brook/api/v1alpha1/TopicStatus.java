package dev.brook.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What the operator observed of a topic in Kafka. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class TopicStatus extends BrookStatus {
    @JsonPropertyDescription("The Kafka topic this resource manages (fixed once created).")
    private String topicName;
    @JsonPropertyDescription("Kafka's topic id.")
    private String topicId;
    @JsonPropertyDescription("Partitions in Kafka.")
    private Integer partitions;
    @JsonPropertyDescription("Replication factor in Kafka.")
    private Integer replicationFactor;

    public String getTopicName() { return topicName; }
    public void setTopicName(String topicName) { this.topicName = topicName; }
    public String getTopicId() { return topicId; }
    public void setTopicId(String topicId) { this.topicId = topicId; }
    public Integer getPartitions() { return partitions; }
    public void setPartitions(Integer partitions) { this.partitions = partitions; }
    public Integer getReplicationFactor() { return replicationFactor; }
    public void setReplicationFactor(Integer replicationFactor) { this.replicationFactor = replicationFactor; }
}
