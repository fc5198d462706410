package dev.brook.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** A one-time request to move the group's committed offsets; applied once per id, while the group has no members. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.to != 'timestamp' || has(self.timestamp)", message = "offsetReset.to=timestamp needs offsetReset.timestamp")
@ValidationRule(value = "self.to != 'offset' || (has(self.offsets) && size(self.offsets) > 0)", message = "offsetReset.to=offset needs offsetReset.offsets")
public class OffsetReset {
    @JsonPropertyDescription("Any string of at most 253 characters; change it to request a new reset. A reset is applied once per id.")
    @Required
    @Size(max = 253)
    private String id;
    @JsonPropertyDescription("earliest, latest, timestamp or offset.")
    @Required
    @Size(max = 9)
    private OffsetResetTarget to;
    @JsonPropertyDescription("With to=timestamp: RFC 3339 time, e.g. 2026-11-25T10:00:00Z; each partition moves to the first record at or after it.")
    @Size(max = 64)
    private String timestamp;
    @JsonPropertyDescription("With to=offset: the offset of each partition to reset.")
    private List<PartitionOffset> offsets = new ArrayList<>();

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public OffsetResetTarget getTo() { return to; }
    public void setTo(OffsetResetTarget to) { this.to = to; }
    public String getTimestamp() { return timestamp; }
    public void setTimestamp(String timestamp) { this.timestamp = timestamp; }
    public List<PartitionOffset> getOffsets() { return offsets; }
    public void setOffsets(List<PartitionOffset> offsets) { this.offsets = offsets; }
}
