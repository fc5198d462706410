package dev.brook.model;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The volumes part of a StatefulSet Brook applies. Claim templates cannot change on a live StatefulSet, so
 * the desired one keeps the live templates, and a storage change becomes work on the claims
 * ({@link VolumeResize}): a larger size is given to every claim; anything else is refused. The size the
 * claims were last grown to is recorded on the StatefulSet ({@link VolumeResize#SIZE_ANNOTATION}).
 *
 * @param statefulSet the desired StatefulSet with the live claim templates (record the size with {@link #recording})
 * @param decision    what the spec's storage asks of the volumes
 * @param liveSize    the size the volumes were given
 * @param growTo      the size every claim must reach (growing now, or grown before: claims made since from the
 *                    old template need it too), or null when there is no claim work
 */
public record VolumePlan(StatefulSet statefulSet, VolumeResize.Decision decision, Quantity liveSize, Quantity growTo) {

    /**
     * @param field   {@code spec.brokers.storage} or {@code spec.zookeeper.storage}
     * @param desired the StatefulSet the model computed from the spec
     * @param live    the StatefulSet as it is, or null
     */
    public static VolumePlan of(String field, StatefulSet desired, StatefulSet live) {
        var want = desired.getSpec().getVolumeClaimTemplates();
        if (want == null || want.isEmpty()) {
            return new VolumePlan(desired, new VolumeResize.Decision(VolumeResize.Kind.NONE, null), null, null);
        }
        Quantity wantSize = want.get(0).getSpec().getResources().getRequests().get("storage");
        if (live == null || live.getSpec().getVolumeClaimTemplates() == null || live.getSpec().getVolumeClaimTemplates().isEmpty()) {
            return new VolumePlan(desired, new VolumeResize.Decision(VolumeResize.Kind.NONE, null), wantSize, null);
        }
        var have = live.getSpec().getVolumeClaimTemplates();
        Quantity templateSize = have.get(0).getSpec().getResources().getRequests().get("storage");
        String recorded = live.getMetadata().getAnnotations() == null ? null : live.getMetadata().getAnnotations().get(VolumeResize.SIZE_ANNOTATION);
        Quantity liveSize = recorded == null ? templateSize : new Quantity(recorded);
        VolumeResize.Decision decision = VolumeResize.decide(field, wantSize, want.get(0).getSpec().getStorageClassName(), liveSize,
                have.get(0).getSpec().getStorageClassName());
        desired.getSpec().setVolumeClaimTemplates(have);
        Quantity growTo = null;
        if (decision.kind() == VolumeResize.Kind.GROW) {
            growTo = wantSize;
        } else if (decision.kind() == VolumeResize.Kind.NONE && VolumeResize.below(templateSize, liveSize)) {
            growTo = liveSize;
        }
        return new VolumePlan(desired, decision, liveSize, growTo);
    }

    /** The StatefulSet recording {@code size} as the size the claims have been given. */
    public StatefulSet recording(Quantity size) {
        if (size != null) {
            Map<String, String> annotations = new HashMap<>(statefulSet.getMetadata().getAnnotations() == null ? Map.of()
                    : statefulSet.getMetadata().getAnnotations());
            annotations.put(VolumeResize.SIZE_ANNOTATION, size.toString());
            statefulSet.getMetadata().setAnnotations(annotations);
        }
        return statefulSet;
    }

    /** Claims whose requested size is below {@code size}. */
    public static List<PersistentVolumeClaim> below(List<PersistentVolumeClaim> claims, Quantity size) {
        return claims.stream().filter(c -> VolumeResize.below(c.getSpec().getResources().getRequests().get("storage"), size)).toList();
    }

    /** Claims whose capacity is still below the size (the storage driver, or a pending filesystem resize, is working). */
    public static List<String> stillGrowing(List<PersistentVolumeClaim> claims, Quantity size) {
        return claims.stream().filter(c -> VolumeResize.below(capacity(c), size)).map(c -> {
            boolean fsPending = c.getStatus() != null && c.getStatus().getConditions() != null && c.getStatus().getConditions().stream()
                    .anyMatch(k -> "FileSystemResizePending".equals(k.getType()) && "True".equals(k.getStatus()));
            Quantity capacity = capacity(c);
            return c.getMetadata().getName() + " (" + (capacity == null ? "no capacity yet" : capacity) + " of " + size
                    + (fsPending ? ", filesystem resize pending: some drivers finish it when the pod restarts" : "") + ")";
        }).toList();
    }

    private static Quantity capacity(PersistentVolumeClaim c) {
        return c.getStatus() == null || c.getStatus().getCapacity() == null ? null : c.getStatus().getCapacity().get("storage");
    }
}
