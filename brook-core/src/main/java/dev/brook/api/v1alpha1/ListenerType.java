package dev.brook.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How clients reach a listener. */
public enum ListenerType {
    /** Inside the Kubernetes cluster, through the bootstrap Service and the pods' DNS names. */
    @JsonProperty("internal") INTERNAL,
    /** From outside, through one NodePort Service per broker plus a bootstrap NodePort Service. */
    @JsonProperty("nodeport") NODEPORT,
    /** From outside, through one LoadBalancer Service per broker plus a bootstrap LoadBalancer. */
    @JsonProperty("loadbalancer") LOADBALANCER
}
