package dev.brook.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.ResourceRequirements;

/** The ZooKeeper ensemble. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ZookeeperSpec {
    public static final int DEFAULT_REPLICAS = 3;

    @JsonPropertyDescription("Ensemble size: 1, 3, 5 or 7 (odd, so a majority survives a failure). Default 3.")
    @Min(1)
    @Max(7)
    @Default("3")
    @ValidationRule(value = "self % 2 == 1", message = "zookeeper.replicas must be odd (1, 3, 5 or 7)")
    private Integer replicas = DEFAULT_REPLICAS;

    @JsonPropertyDescription("Volume of each ZooKeeper pod.")
    private StorageSpec storage;

    @JsonPropertyDescription("CPU and memory requests and limits of each ZooKeeper pod.")
    private ResourceRequirements resources;

    @JsonPropertyDescription("JVM settings of each ZooKeeper pod.")
    private JvmOptions jvmOptions;

    public Integer getReplicas() { return replicas; }
    public void setReplicas(Integer replicas) { this.replicas = replicas; }
    public StorageSpec getStorage() { return storage; }
    public void setStorage(StorageSpec storage) { this.storage = storage; }
    public ResourceRequirements getResources() { return resources; }
    public void setResources(ResourceRequirements resources) { this.resources = resources; }
    public JvmOptions getJvmOptions() { return jvmOptions; }
    public void setJvmOptions(JvmOptions jvmOptions) { this.jvmOptions = jvmOptions; }
}
