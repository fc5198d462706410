package dev.brook.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** Persistent storage of one ZooKeeper or broker pod (one PersistentVolumeClaim per pod). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class StorageSpec {
    /** Kubernetes quantity: digits with an optional binary or decimal suffix. */
    public static final String QUANTITY_PATTERN = "^[0-9]+(\\.[0-9]+)?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$";

    @JsonPropertyDescription("Size of each pod's volume, e.g. 10Gi. May grow later (when the storage class allows expansion), never shrink. Default: 10Gi for brokers, 1Gi for ZooKeeper.")
    @Pattern(QUANTITY_PATTERN)
    @Size(max = 64)
    private String size;

    @JsonPropertyDescription("Storage class of the volumes; the cluster default when absent. Cannot change after creation.")
    @Size(max = 253)
    private String storageClassName;

    @JsonPropertyDescription("Delete the PersistentVolumeClaims when the Cluster is deleted. Default false: data is kept.")
    @Default("false")
    private Boolean deleteClaim = false;

    public String getSize() { return size; }
    public void setSize(String size) { this.size = size; }
    public String getStorageClassName() { return storageClassName; }
    public void setStorageClassName(String storageClassName) { this.storageClassName = storageClassName; }
    public Boolean getDeleteClaim() { return deleteClaim; }
    public void setDeleteClaim(Boolean deleteClaim) { this.deleteClaim = deleteClaim; }
}
