package dev.brook.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** Prometheus metrics of the ZooKeeper and broker pods. */
public class MetricsSpec {
    @JsonPropertyDescription("Expose the agent's Prometheus metrics port with scrape annotations. Default true.")
    @Default("true")
    private Boolean enabled = true;

    public Boolean getEnabled() { return enabled; }
    public void setEnabled(Boolean enabled) { this.enabled = enabled; }
}
