package dev.brook.operator.reconcile;

import dev.brook.model.Drift;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Writes desired Kubernetes objects when the live object (from an informer cache, handed in by the
 * reconciler) does not hold them: {@link Drift} compares every field Brook sets with the live one, so a
 * reconcile that finds the world as it should be writes nothing (no watch event, no GitOps noise), and a
 * field someone changed by hand ({@code kubectl scale}, {@code kubectl edit}) is put back. Real clusters get
 * server-side apply with one field manager; the mock API server (tests) a plain create-or-replace, since
 * it cannot do server-side apply.
 */
@Singleton
public class ResourceApplier {
    public static final String FIELD_MANAGER = "brook-operator";

    /** What an apply did. */
    public enum Outcome { CREATED, UPDATED, UNCHANGED }

    /** The outcome, and for an update the field that differed (what was put back). */
    public record Applied(Outcome outcome, String difference) {
    }

    private final KubernetesClient client;
    private final boolean serverSideApply;

    public ResourceApplier(KubernetesClient client,
            @ConfigProperty(name = "quarkus.operator-sdk.enable-ssa", defaultValue = "true") boolean serverSideApply) {
        this.client = client;
        this.serverSideApply = serverSideApply;
    }

    /** Writes {@code desired} unless {@code live} (null when there is none) already holds it. */
    public Applied apply(HasMetadata desired, HasMetadata live) {
        Optional<String> difference = live == null ? Optional.empty() : Drift.between(desired, live);
        if (live != null && difference.isEmpty()) {
            return new Applied(Outcome.UNCHANGED, null);
        }
        if (serverSideApply) {
            client.resource(desired).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        } else if (live == null) {
            client.resource(desired).create();
        } else {
            // No resourceVersion: the cache may be a write behind; a replace of what Brook wants is right either way.
            desired.getMetadata().setResourceVersion(null);
            client.resource(desired).update();
        }
        return live == null ? new Applied(Outcome.CREATED, null) : new Applied(Outcome.UPDATED, difference.get());
    }
}
