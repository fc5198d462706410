package dev.brook.operator.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.CustomResource;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/**
 * Status writes are status-only patches, and only when something changed: a reconcile that finds
 * the world as it was writes nothing (no watch event, no GitOps noise).
 */
public final class StatusUpdates {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusUpdates() {
    }

    /** Puts {@code next} on the resource and asks for a status patch, or no update when equal. */
    public static <S, R extends CustomResource<?, S>> UpdateControl<R> patchIfChanged(R resource, S next) {
        if (sameJson(resource.getStatus(), next)) {
            return UpdateControl.noUpdate();
        }
        resource.setStatus(next);
        return UpdateControl.patchStatus(resource);
    }

    public static boolean sameJson(Object a, Object b) {
        JsonNode left = JSON.valueToTree(a);
        JsonNode right = JSON.valueToTree(b);
        return left.equals(right);
    }
}
