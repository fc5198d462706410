package dev.brook.model;

import io.fabric8.kubernetes.api.model.Quantity;
import java.util.Objects;

/**
 * What a change of {@code spec.*.storage} means for volumes that exist. A StatefulSet's volume claim
 * templates cannot change, so Brook keeps them and works on the claims: a larger size is applied by
 * patching every claim (the storage class must allow expansion); a smaller size or another class would
 * need new volumes and the data copied, which Brook does not do: refused, nothing changes.
 *
 * <p>The size Brook last grew the claims to is kept on the StatefulSet ({@link #SIZE_ANNOTATION}), so
 * the decision is made against what the volumes were given, not against the (unchangeable) template.
 */
public final class VolumeResize {
    /** StatefulSet annotation: the storage size the claims were last grown to (absent: the template's). */
    public static final String SIZE_ANNOTATION = "brook.dev/volume-size";

    public enum Kind { NONE, GROW, REFUSE }

    public record Decision(Kind kind, String message) {
    }

    private VolumeResize() {
    }

    /**
     * @param field     {@code spec.brokers.storage} or {@code spec.zookeeper.storage}
     * @param wantSize  the spec's size
     * @param wantClass the spec's storage class (null: the cluster default)
     * @param liveSize  the size the volumes were given
     * @param liveClass the class of the StatefulSet's claim template
     */
    public static Decision decide(String field, Quantity wantSize, String wantClass, Quantity liveSize, String liveClass) {
        if (!Objects.equals(wantClass, liveClass)) {
            return new Decision(Kind.REFUSE, field + ".storageClassName " + show(wantClass) + " differs from the volumes' class "
                    + show(liveClass) + ": existing volumes cannot move to another class without copying their data, which Brook does not do. "
                    + "Set it back to " + show(liveClass));
        }
        int order = Quantity.getAmountInBytes(wantSize).compareTo(Quantity.getAmountInBytes(liveSize));
        if (order < 0) {
            return new Decision(Kind.REFUSE, field + ".size " + wantSize + " is smaller than the volumes' " + liveSize
                    + ": Kubernetes volumes cannot shrink. Set it back to " + liveSize + " or larger");
        }
        return order > 0 ? new Decision(Kind.GROW, field + ".size " + liveSize + " -> " + wantSize) : new Decision(Kind.NONE, null);
    }

    /** True when {@code claimSize} is below {@code size} (the claim still needs the patch). */
    public static boolean below(Quantity claimSize, Quantity size) {
        return claimSize == null || Quantity.getAmountInBytes(claimSize).compareTo(Quantity.getAmountInBytes(size)) < 0;
    }

    private static String show(String storageClass) {
        return storageClass == null ? "(the cluster default)" : "'" + storageClass + "'";
    }
}
