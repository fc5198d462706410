package dev.brook.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** A Kafka consumer group whose offsets and lag Brook watches, and whose offsets it can reset. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ConsumerGroupSpec {
    @JsonPropertyDescription("Name of the Cluster (same namespace) the group consumes from.")
    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @Size(max = 63)
    private String cluster;

    @JsonPropertyDescription("Kafka group.id (at most 255 characters); defaults to metadata.name.")
    @Size(max = 255)
    private String groupId;

    @JsonPropertyDescription("Topics the group consumes: lag is reported for all their partitions, including ones without a committed offset.")
    private List<@Size(max = 249) String> topics = new ArrayList<>();

    @JsonPropertyDescription("A declarative offset reset, applied once per id while the group has no active members.")
    private OffsetReset offsetReset;

    @JsonPropertyDescription("Retain (default): deleting this resource leaves the committed offsets. Delete: the group's offsets are deleted once the group is empty.")
    @Default("Retain")
    private DeletionPolicy deletionPolicy = DeletionPolicy.Retain;

    public String getCluster() { return cluster; }
    public void setCluster(String cluster) { this.cluster = cluster; }
    public String getGroupId() { return groupId; }
    public void setGroupId(String groupId) { this.groupId = groupId; }
    public List<String> getTopics() { return topics; }
    public void setTopics(List<String> topics) { this.topics = topics; }
    public OffsetReset getOffsetReset() { return offsetReset; }
    public void setOffsetReset(OffsetReset offsetReset) { this.offsetReset = offsetReset; }
    public DeletionPolicy getDeletionPolicy() { return deletionPolicy; }
    public void setDeletionPolicy(DeletionPolicy deletionPolicy) { this.deletionPolicy = deletionPolicy; }
}
