package dev.brook.operator.reconcile.cluster;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.Condition;
import dev.brook.api.v1alpha1.StorageSpec;
import dev.brook.model.BrookLabels;
import dev.brook.model.ClusterConditions;
import dev.brook.model.ClusterRoll;
import dev.brook.model.VolumePlan;
import dev.brook.model.VolumeResize;
import dev.brook.operator.reconcile.EventRecorder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The cluster's volume claims. Growth carries out a {@link VolumePlan}: every claim of the component below the
 * size is patched (all or none: refused when any claim's class does not allow expansion), and the StatefulSet
 * records the size the claims were given; claims are read only while there is claim work. Deletion follows
 * {@code deleteClaim}: claims are not owned by the Cluster, so they go only when the spec says so.
 */
@Singleton
public class VolumeClaims {
    private static final Logger LOG = Logger.getLogger(VolumeClaims.class);
    private final KubernetesClient client;
    private final EventRecorder events;

    /**
     * @param statefulSet what to apply (live claim templates, the recorded size)
     * @param refusal     why the spec's storage cannot be taken (for Ready), or null
     * @param growing     claims whose capacity has not reached the size yet
     */
    public record Result(StatefulSet statefulSet, String refusal, List<String> growing) {
    }

    public VolumeClaims(KubernetesClient client, EventRecorder events) {
        this.client = client;
        this.events = events;
    }

    Result apply(ClusterObservation observed, VolumePlan plan, BrookLabels.Component component, String field) {
        if (plan.decision().kind() == VolumeResize.Kind.REFUSE) {
            return new Result(plan.recording(plan.liveSize()), plan.decision().message(), List.of());
        }
        if (plan.growTo() == null) {
            return new Result(plan.recording(plan.liveSize()), null, List.of());
        }
        List<PersistentVolumeClaim> claims = claims(observed.cluster(), component);
        Optional<String> refused = grow(observed, claims, field, plan.growTo(), plan.liveSize());
        if (refused.isPresent()) {
            return new Result(plan.recording(plan.liveSize()), refused.get(), List.of());
        }
        return new Result(plan.recording(plan.growTo()), null, VolumePlan.stillGrowing(claims, plan.growTo()));
    }

    /** The component's claims (made by the StatefulSet controller from the template, so they carry its labels). */
    List<PersistentVolumeClaim> claims(Cluster cluster, BrookLabels.Component component) {
        return client.persistentVolumeClaims().inNamespace(cluster.getMetadata().getNamespace())
                .withLabel(BrookLabels.CLUSTER, cluster.getMetadata().getName())
                .withLabel(BrookLabels.COMPONENT, component.value()).list().getItems();
    }

    private Optional<String> grow(ClusterObservation observed, List<PersistentVolumeClaim> claims, String field, Quantity size,
            Quantity liveSize) {
        List<PersistentVolumeClaim> below = VolumePlan.below(claims, size);
        for (String storageClass : below.stream().map(c -> c.getSpec().getStorageClassName()).distinct().toList()) {
            Optional<Boolean> expandable = allowsExpansion(storageClass);
            if (expandable.isPresent() && !expandable.get()) {
                return Optional.of(field + ".size " + size + " needs the volumes to grow, but StorageClass '" + storageClass
                        + "' does not allow volume expansion (allowVolumeExpansion is not true); the volumes stay at " + liveSize
                        + ". Set the size back to " + liveSize + ", or have the class allow expansion");
            }
        }
        for (PersistentVolumeClaim claim : below) {
            try {
                client.persistentVolumeClaims().inNamespace(claim.getMetadata().getNamespace()).withName(claim.getMetadata().getName())
                        .edit(c -> {
                            c.getSpec().getResources().getRequests().put("storage", size);
                            return c;
                        });
                LOG.infof("cluster %s: volume claim %s grown %s -> %s", observed.ref(), claim.getMetadata().getName(),
                        claim.getSpec().getResources().getRequests().get("storage"), size);
                events.normal(observed.cluster(), "VolumeExpanding", "volume claim " + claim.getMetadata().getName() + " -> " + size);
            } catch (KubernetesClientException e) {
                // The API server's own resize admission has the last word (e.g. the class could not be read).
                return Optional.of(field + ".size " + size + ": Kubernetes refused to grow volume claim " + claim.getMetadata().getName()
                        + " (" + e.getStatus().getMessage() + "); the volumes stay at " + liveSize);
            }
        }
        return Optional.empty();
    }

    /** The class's allowVolumeExpansion; empty when it cannot be read (no RBAC, no class): the patch decides then. */
    private Optional<Boolean> allowsExpansion(String storageClass) {
        if (storageClass == null) {
            return Optional.empty();
        }
        try {
            StorageClass sc = client.storage().v1().storageClasses().withName(storageClass).get();
            return sc == null ? Optional.empty() : Optional.of(Boolean.TRUE.equals(sc.getAllowVolumeExpansion()));
        } catch (KubernetesClientException e) {
            return Optional.empty();
        }
    }

    /** The {@code VolumeExpansion} condition: growing claims listed, Done once they have grown; null to leave it as it is. */
    public static Condition condition(List<String> growing, boolean present) {
        String type = ClusterConditions.Type.VolumeExpansion.name();
        if (growing.isEmpty()) {
            return present ? new Condition(type, Condition.FALSE, ClusterConditions.Reason.Done.name(), "every volume has its requested size")
                    : null;
        }
        return new Condition(type, Condition.TRUE, ClusterConditions.Reason.Expanding.name(), "growing: " + ClusterRoll.shortList(growing));
    }

    /** Deletes the component's claims when {@code deleteClaim} is true; otherwise says they are kept. */
    public void deleteIfAsked(Cluster cluster, BrookLabels.Component component, StorageSpec storage) {
        String ref = cluster.getMetadata().getNamespace() + "/" + cluster.getMetadata().getName();
        boolean delete = storage != null && Boolean.TRUE.equals(storage.getDeleteClaim());
        List<PersistentVolumeClaim> claims = claims(cluster, component);
        if (claims.isEmpty()) {
            return;
        }
        if (delete) {
            claims.forEach(c -> client.resource(c).delete());
            LOG.infof("cluster %s: deleted %d %s volume claim(s) (deleteClaim: true)", ref, claims.size(), component.value());
        } else {
            LOG.infof("cluster %s: kept %d %s volume claim(s) (deleteClaim: false); delete them by hand to free the data", ref,
                    claims.size(), component.value());
        }
    }
}
