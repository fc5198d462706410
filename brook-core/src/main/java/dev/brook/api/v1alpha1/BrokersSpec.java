package dev.brook.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The Kafka brokers. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class BrokersSpec {
    public static final int DEFAULT_REPLICAS = 3;

    @JsonPropertyDescription("Number of brokers. Default 3.")
    @Min(1)
    @Max(100)
    @Default("3")
    private Integer replicas = DEFAULT_REPLICAS;

    @JsonPropertyDescription("Volume of each broker pod (holds the partition logs).")
    private StorageSpec storage;

    @JsonPropertyDescription("CPU and memory requests and limits of each broker pod.")
    private ResourceRequirements resources;

    @JsonPropertyDescription("JVM settings of each broker pod.")
    private JvmOptions jvmOptions;

    @JsonPropertyDescription("Kafka broker settings (server.properties keys; values as strings, at most 4096 characters each; "
            + "at most 500 keys). Keys Brook owns (broker.id, zookeeper.connect, listeners, advertised.listeners, log.dirs, ...) are refused.")
    @Size(max = 500)
    private Map<String, @Size(max = 4096) String> config = new TreeMap<>();

    @JsonPropertyDescription("Rack awareness from a node label.")
    private RackSpec rack;

    @JsonPropertyDescription("At most this many brokers restart at once in a rolling restart, and only when no partition would go below "
            + "its min.insync.replicas: with spec.brokers.rack, brokers of one rack at a time; without, brokers that share no partition. "
            + "The controller still restarts last and alone; ZooKeeper one server at a time. Default 1 (one broker at a time).")
    @Min(1)
    @Max(100)
    @Default("1")
    private Integer maxParallelRestarts = 1;

    @JsonPropertyDescription("How partitions follow the brokers when replicas changes: moved automatically (default) and throttled.")
    private RebalanceSpec rebalance;

    @JsonPropertyDescription("Client listeners (at most 16). Default: one internal listener 'plain' on port 9092.")
    @Size(max = 16)
    @ValidationRule(value = "self.all(l, self.exists_one(m, m.name == l.name))", message = "listener names must be unique")
    @ValidationRule(value = "self.all(l, self.exists_one(m, m.port == l.port))", message = "listener ports must be unique")
    private List<ListenerSpec> listeners = new ArrayList<>();

    public Integer getReplicas() { return replicas; }
    public void setReplicas(Integer replicas) { this.replicas = replicas; }
    public StorageSpec getStorage() { return storage; }
    public void setStorage(StorageSpec storage) { this.storage = storage; }
    public ResourceRequirements getResources() { return resources; }
    public void setResources(ResourceRequirements resources) { this.resources = resources; }
    public JvmOptions getJvmOptions() { return jvmOptions; }
    public void setJvmOptions(JvmOptions jvmOptions) { this.jvmOptions = jvmOptions; }
    public Map<String, String> getConfig() { return config; }
    public void setConfig(Map<String, String> config) { this.config = config; }
    public RackSpec getRack() { return rack; }
    public void setRack(RackSpec rack) { this.rack = rack; }
    public List<ListenerSpec> getListeners() { return listeners; }
    public void setListeners(List<ListenerSpec> listeners) { this.listeners = listeners; }
    public RebalanceSpec getRebalance() { return rebalance; }
    public void setRebalance(RebalanceSpec rebalance) { this.rebalance = rebalance; }
    public Integer getMaxParallelRestarts() { return maxParallelRestarts; }
    public void setMaxParallelRestarts(Integer maxParallelRestarts) { this.maxParallelRestarts = maxParallelRestarts; }
}
