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

    /**
     * Ready=False with the refusal's reason and message, logged once per new reason or message (one line
     * with {@code kind namespace/name}), patched if changed, retried after {@code retry} when not null.
     */
    public static <S extends dev.brook.api.v1alpha1.BrookStatus, R extends CustomResource<?, S>> UpdateControl<R> notReady(
            R resource, S status, Conditions conditions, dev.brook.model.Refusal refusal, long generation,
            java.time.Duration retry, org.jboss.logging.Logger log) {
        var previous = Conditions.find(status.getConditions(), Conditions.READY);
        if (previous.isEmpty() || !(refusal.reason().name() + refusal.message()).equals(previous.get().getReason() + previous.get().getMessage())) {
            log.infof("%s %s/%s: not ready (%s): %s", resource.getKind().toLowerCase(java.util.Locale.ROOT),
                    resource.getMetadata().getNamespace(), resource.getMetadata().getName(), refusal.reason(), refusal.message());
        }
        status.setConditions(conditions.set(status.getConditions(), Conditions.notReady(refusal.reason().name(), refusal.message()),
                generation));
        UpdateControl<R> control = patchIfChanged(resource, status);
        return retry == null ? control : control.rescheduleAfter(retry);
    }

    public static boolean sameJson(Object a, Object b) {
        JsonNode left = JSON.valueToTree(a);
        JsonNode right = JSON.valueToTree(b);
        return left.equals(right);
    }
}
