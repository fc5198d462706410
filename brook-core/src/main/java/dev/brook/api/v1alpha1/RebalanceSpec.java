package dev.brook.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;

/** How partitions follow the brokers when spec.brokers.replicas changes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RebalanceSpec {
    public static final long DEFAULT_THROTTLE_BYTES_PER_SECOND = 50L * 1024 * 1024;

    @JsonPropertyDescription("Move partition replicas with Kafka's reassignment API: onto added brokers once they are ready, and off "
            + "brokers that a lower spec.brokers.replicas removes, before they are removed. false: added brokers get only new "
            + "partitions, and a scale-down waits until you have moved every replica off the removed brokers. Default true.")
    @Default("true")
    private Boolean automatic = true;

    @JsonPropertyDescription("Replication rate limit for the moves, in bytes per second per broker (leader and follower side), set "
            + "while partitions move and removed afterwards. Default 52428800 (50 MiB/s).")
    @Min(1024)
    @Default("52428800")
    private Long throttleBytesPerSecond = DEFAULT_THROTTLE_BYTES_PER_SECOND;

    public Boolean getAutomatic() { return automatic; }
    public void setAutomatic(Boolean automatic) { this.automatic = automatic; }
    public Long getThrottleBytesPerSecond() { return throttleBytesPerSecond; }
    public void setThrottleBytesPerSecond(Long throttleBytesPerSecond) { this.throttleBytesPerSecond = throttleBytesPerSecond; }
}
