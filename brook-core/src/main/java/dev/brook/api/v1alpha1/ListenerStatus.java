package dev.brook.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** Where clients of one listener connect. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ListenerStatus {
    @JsonPropertyDescription("Listener name.")
    private String name;
    @JsonPropertyDescription("internal, nodeport or loadbalancer.")
    private String type;
    @JsonPropertyDescription("bootstrap.servers for this listener (comma-separated host:port).")
    private String bootstrapServers;

    public ListenerStatus() {
    }

    public ListenerStatus(String name, String type, String bootstrapServers) {
        this.name = name;
        this.type = type;
        this.bootstrapServers = bootstrapServers;
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getType() { return type; }
    public void setType(String type) { this.type = type; }
    public String getBootstrapServers() { return bootstrapServers; }
    public void setBootstrapServers(String bootstrapServers) { this.bootstrapServers = bootstrapServers; }

    @Override
    public boolean equals(Object o) {
        return o instanceof ListenerStatus l && Objects.equals(name, l.name) && Objects.equals(type, l.type)
                && Objects.equals(bootstrapServers, l.bootstrapServers);
    }

    @Override
    public int hashCode() { return Objects.hash(name, type, bootstrapServers); }
}
