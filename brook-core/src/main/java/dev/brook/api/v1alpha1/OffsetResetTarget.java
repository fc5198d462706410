package dev.brook.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where an offset reset moves the group's committed offsets. */
public enum OffsetResetTarget {
    @JsonProperty("earliest") EARLIEST,
    @JsonProperty("latest") LATEST,
    @JsonProperty("timestamp") TIMESTAMP,
    @JsonProperty("offset") OFFSET
}
