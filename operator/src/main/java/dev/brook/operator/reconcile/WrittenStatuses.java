package dev.brook.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The status each resource's last reconcile wrote, until the informer cache shows it.
 *
 * <p>JOSDK patches a status after {@code reconcile} returns and does not put the result in its cache, so the next
 * reconcile (a reschedule, an event from a pod) can start from the cached resource before the watch brings the patch
 * back, and decide again from the status before it: seen as a second {@code RebalanceFinished} Event, and for a few
 * seconds "reassignments Brook did not start" for the moves the reconcile before had just started. The operator is the
 * only writer of these statuses, so what it wrote last is the newer truth until the cache shows that very status (an
 * earlier write coming back first does not count). A write that failed or never shows is trusted for at most
 * {@link #TRUSTED_FOR}; meanwhile each reconcile that computes something else from it writes again ({@link #unchanged}).
 */
public final class WrittenStatuses<S> {
    static final Duration TRUSTED_FOR = Duration.ofSeconds(30);

    private record Written<S>(S status, long atNanos) {
    }

    private final ConcurrentHashMap<String, Written<S>> byUid = new ConcurrentHashMap<>();
    private final LongSupplier nanoTime;

    public WrittenStatuses() {
        this(System::nanoTime);
    }

    WrittenStatuses(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** The status to reconcile from: the one last written for {@code resource} while the cache does not show it yet, else {@code cached}. */
    public S freshest(HasMetadata resource, S cached) {
        String uid = resource.getMetadata().getUid();
        Written<S> written = uid == null ? null : byUid.get(uid);
        if (written == null) {
            return cached;
        }
        if (StatusUpdates.sameJson(written.status(), cached) || nanoTime.getAsLong() - written.atNanos() > TRUSTED_FOR.toNanos()) {
            byUid.remove(uid, written);
            return cached;
        }
        return written.status();
    }

    /** Remembers {@code status} as written for {@code resource} (call only when it is patched). */
    public void written(HasMetadata resource, S status) {
        String uid = resource.getMetadata().getUid();
        if (uid != null) {
            byUid.put(uid, new Written<>(status, nanoTime.getAsLong()));
        }
    }

    /**
     * Whether {@code next} needs no write: equal to the cached status and, while a written status is remembered, equal to
     * that one too (the server may hold it already, or the write may have failed).
     */
    public boolean unchanged(HasMetadata resource, S cached, S next) {
        if (!StatusUpdates.sameJson(cached, next)) {
            return false;
        }
        String uid = resource.getMetadata().getUid();
        Written<S> written = uid == null ? null : byUid.get(uid);
        return written == null || StatusUpdates.sameJson(written.status(), next);
    }

    public void forget(HasMetadata resource) {
        if (resource.getMetadata().getUid() != null) {
            byUid.remove(resource.getMetadata().getUid());
        }
    }

    /** As a new operator process starts: nothing remembered. */
    public void forgetAll() {
        byUid.clear();
    }
}
