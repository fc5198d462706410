package dev.brook.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** One broker as the operator last saw it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BrokerStatus {
    @JsonPropertyDescription("broker.id")
    private Integer id;
    @JsonPropertyDescription("Pod name.")
    private String pod;
    @JsonPropertyDescription("Pod ready and the broker registered in ZooKeeper.")
    private Boolean ready;
    @JsonPropertyDescription("broker.rack, when rack awareness is on.")
    private String rack;

    public BrokerStatus() {
    }

    public BrokerStatus(int id, String pod, boolean ready, String rack) {
        this.id = id;
        this.pod = pod;
        this.ready = ready;
        this.rack = rack;
    }

    public Integer getId() { return id; }
    public void setId(Integer id) { this.id = id; }
    public String getPod() { return pod; }
    public void setPod(String pod) { this.pod = pod; }
    public Boolean getReady() { return ready; }
    public void setReady(Boolean ready) { this.ready = ready; }
    public String getRack() { return rack; }
    public void setRack(String rack) { this.rack = rack; }

    @Override
    public boolean equals(Object o) {
        return o instanceof BrokerStatus b && Objects.equals(id, b.id) && Objects.equals(pod, b.pod)
                && Objects.equals(ready, b.ready) && Objects.equals(rack, b.rack);
    }

    @Override
    public int hashCode() { return Objects.hash(id, pod, ready, rack); }
}
