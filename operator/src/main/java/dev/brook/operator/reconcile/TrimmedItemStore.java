package dev.brook.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.informers.cache.Cache;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.config.ControllerConfigurationOverrider;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The store behind an informer's cache, keeping each object without {@code metadata.managedFields} and without
 * kubectl's {@code last-applied-configuration} annotation. Both are bookkeeping of the API server and of kubectl that
 * the operator never reads, and at 10,000 Topics they are most of what the caches hold: every field appears again
 * in managedFields, and the annotation repeats the whole object as JSON.
 * <p>
 * Writes do not need them: server-side apply sends the desired object built fresh (never a cached one), status
 * patches carry only the status, and the mock server's create-or-replace sends the desired object too. The objects
 * are trimmed in place as the informer stores them; the informer's event for that change carries the same trimmed
 * object. Indexers see the same objects, so the Topic and User claim indexes work as before.
 * <p>
 * One store serves one informer. JOSDK hands the single store of a configuration to every informer it starts for
 * that configuration, one per watched namespace; a shared store would be wrong (each informer's relist removes the
 * objects of the other namespaces as deleted). So a trimmed store is installed only where a configuration runs one
 * informer: one namespace watched (the chart's default, the release namespace) or all namespaces
 * ({@code clusterWide}). A list of several namespaces keeps fabric8's default store, and full objects.
 */
public final class TrimmedItemStore<R extends HasMetadata> implements ItemStore<R> {
    public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";

    private final Map<String, R> items = new ConcurrentHashMap<>();

    /**
     * Objects per page of the controller's initial list and relists. fabric8 holds a whole list response, untrimmed,
     * before the store sees any item: 10,000 Topics in one response are ~70 MiB of heap at once (see
     * InformerCacheFootprintBenchmark), 500 are ~3.5 MiB.
     */
    static final long LIST_PAGE_SIZE = 500;

    /** Gives the controller's own informer a trimmed store when it runs one informer, and lists in pages. */
    public static <P extends HasMetadata> void installOn(ControllerConfigurationOverrider<P> overrider) {
        overrider.withInformerListLimit(LIST_PAGE_SIZE);
        // build() only reads here; QOSDK builds the overridden configuration again after this callback.
        if (oneInformer(overrider.build().getInformerConfig().getNamespaces())) {
            overrider.withItemStore(new TrimmedItemStore<>());
        }
    }

    /**
     * A store for a secondary informer of this controller (which watches the controller's namespaces): trimmed when
     * that is one informer, else null, which leaves fabric8's default store.
     */
    public static <R extends HasMetadata> TrimmedItemStore<R> forSecondaryOf(ControllerConfiguration<?> controller) {
        return oneInformer(controller.getInformerConfig().getNamespaces()) ? new TrimmedItemStore<>() : null;
    }

    /** One informer per configuration: a single namespace, or JOSDK's all-namespaces or current-namespace marker. */
    static boolean oneInformer(Set<String> namespaces) {
        return namespaces != null && namespaces.size() == 1;
    }

    /** Removes what the operator never reads; the rest of the object is left as the API server sent it. */
    static void trim(HasMetadata object) {
        ObjectMeta metadata = object.getMetadata();
        if (metadata == null) {
            return;
        }
        if (metadata.getManagedFields() != null && !metadata.getManagedFields().isEmpty()) {
            // An empty list, as for an object that has none: nothing that reads the cache meets a null.
            metadata.setManagedFields(new ArrayList<>(0));
        }
        Map<String, String> annotations = metadata.getAnnotations();
        if (annotations != null && annotations.containsKey(LAST_APPLIED)) {
            // A copy, not remove(): the map the object came with need not be modifiable.
            Map<String, String> kept = new LinkedHashMap<>(annotations);
            kept.remove(LAST_APPLIED);
            metadata.setAnnotations(kept);
        }
    }

    @Override
    public String getKey(R object) {
        return Cache.metaNamespaceKeyFunc(object);
    }

    @Override
    public R put(String key, R object) {
        trim(object);
        return items.put(key, object);
    }

    @Override
    public R remove(String key) {
        return items.remove(key);
    }

    @Override
    public Stream<String> keySet() {
        return items.keySet().stream();
    }

    @Override
    public Stream<R> values() {
        return items.values().stream();
    }

    @Override
    public int size() {
        return items.size();
    }

    @Override
    public R get(String key) {
        return items.get(key);
    }

    /**
     * The store holds every object the informer has listed or watched (trimmed, not left out), so the informer may
     * hold back its first add events until the initial list is complete, as with fabric8's default store: a
     * reconcile then never sees a half-filled claims index.
     */
    @Override
    public boolean isFullState() {
        return true;
    }
}
