package dev.brook.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/**
 * A rebalance Brook owes or runs. Kafka holds the moves in progress; this holds what Kafka cannot tell after an operator
 * restart: that a scale-up still waits for its moves, how many partitions the moves had, and that a throttle is to be removed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RebalanceStatus {
    @JsonPropertyDescription("What the moves are for, e.g. 'spread partitions onto brokers 3' or 'empty brokers 3 before removing them'.")
    private String goal;
    @JsonPropertyDescription("The brokers that hold the partitions afterwards.")
    private List<Integer> brokers = new ArrayList<>();
    @JsonPropertyDescription("Partitions whose replicas were reassigned; absent while the moves wait for the brokers to be ready.")
    private Integer partitions;
    @JsonPropertyDescription("Replicas copied to another broker by these moves.")
    private Integer replicasMoved;
    @JsonPropertyDescription("Bytes the moves copy: each moved partition's size times the replicas it gains (read when the moves start).")
    private Long bytesToCopy;
    @JsonPropertyDescription("The replication rate limit in bytes per second set for the moves.")
    private Long throttleBytesPerSecond;
    @JsonPropertyDescription("When the moves were handed to Kafka (RFC 3339).")
    private String startedAt;

    public String getGoal() { return goal; }
    public void setGoal(String goal) { this.goal = goal; }
    public List<Integer> getBrokers() { return brokers; }
    public void setBrokers(List<Integer> brokers) { this.brokers = brokers; }
    public Integer getPartitions() { return partitions; }
    public void setPartitions(Integer partitions) { this.partitions = partitions; }
    public Integer getReplicasMoved() { return replicasMoved; }
    public void setReplicasMoved(Integer replicasMoved) { this.replicasMoved = replicasMoved; }
    public Long getBytesToCopy() { return bytesToCopy; }
    public void setBytesToCopy(Long bytesToCopy) { this.bytesToCopy = bytesToCopy; }
    public Long getThrottleBytesPerSecond() { return throttleBytesPerSecond; }
    public void setThrottleBytesPerSecond(Long throttleBytesPerSecond) { this.throttleBytesPerSecond = throttleBytesPerSecond; }
    public String getStartedAt() { return startedAt; }
    public void setStartedAt(String startedAt) { this.startedAt = startedAt; }
}
