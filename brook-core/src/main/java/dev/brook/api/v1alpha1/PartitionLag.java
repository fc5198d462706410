package dev.brook.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** Committed offset, end offset and lag of one partition. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PartitionLag {
    @JsonPropertyDescription("Topic name.")
    private String topic;
    @JsonPropertyDescription("Partition number.")
    private Integer partition;
    @JsonPropertyDescription("The group's committed offset; absent when the group has none for this partition.")
    private Long committedOffset;
    @JsonPropertyDescription("The partition's end offset (next offset to be written).")
    private Long endOffset;
    @JsonPropertyDescription("endOffset - committedOffset (endOffset - log start when nothing is committed).")
    private Long lag;

    public PartitionLag() {
    }

    public PartitionLag(String topic, int partition, Long committedOffset, Long endOffset, Long lag) {
        this.topic = topic;
        this.partition = partition;
        this.committedOffset = committedOffset;
        this.endOffset = endOffset;
        this.lag = lag;
    }

    public String getTopic() { return topic; }
    public void setTopic(String topic) { this.topic = topic; }
    public Integer getPartition() { return partition; }
    public void setPartition(Integer partition) { this.partition = partition; }
    public Long getCommittedOffset() { return committedOffset; }
    public void setCommittedOffset(Long committedOffset) { this.committedOffset = committedOffset; }
    public Long getEndOffset() { return endOffset; }
    public void setEndOffset(Long endOffset) { this.endOffset = endOffset; }
    public Long getLag() { return lag; }
    public void setLag(Long lag) { this.lag = lag; }

    @Override
    public boolean equals(Object o) {
        return o instanceof PartitionLag p && Objects.equals(topic, p.topic) && Objects.equals(partition, p.partition)
                && Objects.equals(committedOffset, p.committedOffset) && Objects.equals(endOffset, p.endOffset)
                && Objects.equals(lag, p.lag);
    }

    @Override
    public int hashCode() { return Objects.hash(topic, partition, committedOffset, endOffset, lag); }
}
