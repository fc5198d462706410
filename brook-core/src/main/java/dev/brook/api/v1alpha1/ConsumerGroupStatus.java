package dev.brook.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/** What the operator observed of a consumer group in Kafka. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConsumerGroupStatus extends BrookStatus {
    @JsonPropertyDescription("Kafka's group state: Stable, Empty, PreparingRebalance, CompletingRebalance, Dead, or Unknown when the group does not exist yet.")
    private String state;
    @JsonPropertyDescription("Active members.")
    private Integer members;
    @JsonPropertyDescription("Sum of the partitions' lag.")
    private Long totalLag;
    @JsonPropertyDescription("Per-partition offsets and lag.")
    private List<PartitionLag> partitions = new ArrayList<>();
    @JsonPropertyDescription("The offsetReset.id last applied.")
    private String lastAppliedResetId;
    @JsonPropertyDescription("When offsets and lag were last read (RFC 3339).")
    private String lastRefreshTime;

    public String getState() { return state; }
    public void setState(String state) { this.state = state; }
    public Integer getMembers() { return members; }
    public void setMembers(Integer members) { this.members = members; }
    public Long getTotalLag() { return totalLag; }
    public void setTotalLag(Long totalLag) { this.totalLag = totalLag; }
    public List<PartitionLag> getPartitions() { return partitions; }
    public void setPartitions(List<PartitionLag> partitions) { this.partitions = partitions; }
    public String getLastAppliedResetId() { return lastAppliedResetId; }
    public void setLastAppliedResetId(String lastAppliedResetId) { this.lastAppliedResetId = lastAppliedResetId; }
    public String getLastRefreshTime() { return lastRefreshTime; }
    public void setLastRefreshTime(String lastRefreshTime) { this.lastRefreshTime = lastRefreshTime; }
}
