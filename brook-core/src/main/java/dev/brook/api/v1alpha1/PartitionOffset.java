package dev.brook.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** An explicit offset for one partition. */
public class PartitionOffset {
    @JsonPropertyDescription("Topic name.")
    @Required
    @Size(max = 249)
    private String topic;
    @JsonPropertyDescription("Partition number.")
    @Required
    @Min(0)
    private Integer partition;
    @JsonPropertyDescription("Offset to commit (0 or more).")
    @Required
    @Min(0)
    private Long offset;

    public PartitionOffset() {
    }

    public PartitionOffset(String topic, int partition, long offset) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
    }

    public String getTopic() { return topic; }
    public void setTopic(String topic) { this.topic = topic; }
    public Integer getPartition() { return partition; }
    public void setPartition(Integer partition) { this.partition = partition; }
    public Long getOffset() { return offset; }
    public void setOffset(Long offset) { this.offset = offset; }
}
