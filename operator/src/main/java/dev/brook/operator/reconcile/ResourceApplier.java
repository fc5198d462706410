package dev.brook.operator.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.inject.Singleton;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Writes desired Kubernetes objects. Each object carries a hash of what the operator wants
 * ({@code brook.dev/desired-hash}); when the live object has the same hash nothing is written, so a
 * reconcile that finds the world as it should be causes no API writes and no watch events. Real
 * clusters get server-side apply with one field manager; the mock API server (tests) a plain
 * create-or-update, since it cannot do server-side apply.
 */
@Singleton
public class ResourceApplier {
    public static final String DESIRED_HASH = "brook.dev/desired-hash";
    public static final String FIELD_MANAGER = "brook-operator";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What an apply did. */
    public enum Outcome { CREATED, UPDATED, UNCHANGED }

    private final KubernetesClient client;
    private final boolean serverSideApply;

    public ResourceApplier(KubernetesClient client,
            @ConfigProperty(name = "quarkus.operator-sdk.enable-ssa", defaultValue = "true") boolean serverSideApply) {
        this.client = client;
        this.serverSideApply = serverSideApply;
    }

    public Outcome apply(HasMetadata desired) {
        String hash = hashOf(desired);
        Map<String, String> annotations = new HashMap<>(desired.getMetadata().getAnnotations() == null ? Map.of()
                : desired.getMetadata().getAnnotations());
        annotations.put(DESIRED_HASH, hash);
        desired.getMetadata().setAnnotations(annotations);
        HasMetadata live = client.resource(desired).get();
        if (live != null && live.getMetadata().getAnnotations() != null
                && hash.equals(live.getMetadata().getAnnotations().get(DESIRED_HASH))) {
            return Outcome.UNCHANGED;
        }
        if (serverSideApply) {
            client.resource(desired).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        } else if (live == null) {
            client.resource(desired).create();
        } else {
            desired.getMetadata().setResourceVersion(live.getMetadata().getResourceVersion());
            client.resource(desired).update();
        }
        return live == null ? Outcome.CREATED : Outcome.UPDATED;
    }

    static String hashOf(HasMetadata desired) {
        try {
            byte[] json = JSON.writeValueAsBytes(desired);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json)).substring(0, 16);
        } catch (NoSuchAlgorithmException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

}
