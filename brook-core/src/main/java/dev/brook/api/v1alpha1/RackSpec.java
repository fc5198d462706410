package dev.brook.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Rack awareness: brokers take broker.rack from a node label and spread over its values. */
public class RackSpec {
    @JsonPropertyDescription("Node label whose value becomes broker.rack, e.g. topology.kubernetes.io/zone "
            + "(a label key: an optional DNS-subdomain prefix and '/', then a name of at most 63 characters).")
    @Required
    @Size(max = 317)
    private String topologyKey;

    public String getTopologyKey() { return topologyKey; }
    public void setTopologyKey(String topologyKey) { this.topologyKey = topologyKey; }
}
