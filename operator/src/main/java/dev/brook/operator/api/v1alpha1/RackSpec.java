package dev.brook.operator.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Rack awareness: brokers take broker.rack from a node label and spread over its values. */
public class RackSpec {
    @JsonPropertyDescription("Node label whose value becomes broker.rack, e.g. topology.kubernetes.io/zone.")
    @Required
    private String topologyKey;

    public String getTopologyKey() { return topologyKey; }
    public void setTopologyKey(String topologyKey) { this.topologyKey = topologyKey; }
}
