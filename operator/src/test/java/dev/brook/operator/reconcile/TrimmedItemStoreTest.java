package dev.brook.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrimmedItemStoreTest {
    @Test
    void storesObjectsWithoutManagedFieldsOrLastAppliedButWithEverythingElse() {
        ConfigMap map = new ConfigMapBuilder().withNewMetadata().withName("m").withNamespace("ns").withResourceVersion("7")
                .withAnnotations(Map.of(TrimmedItemStore.LAST_APPLIED, "{}", "kept", "yes"))
                .withManagedFields(new ManagedFieldsEntryBuilder().withManager("kubectl").build())
                .endMetadata().addToData("k", "v").build();
        TrimmedItemStore<ConfigMap> store = new TrimmedItemStore<>();
        store.put(store.getKey(map), map);

        ConfigMap stored = store.get("ns/m");
        assertThat(stored.getMetadata().getManagedFields()).isEmpty();
        assertThat(stored.getMetadata().getAnnotations()).containsExactly(Map.entry("kept", "yes"));
        assertThat(stored.getMetadata().getResourceVersion()).isEqualTo("7");
        assertThat(stored.getData()).containsEntry("k", "v");
    }

    @Test
    void isInstalledOnlyWhereAConfigurationRunsOneInformer() {
        assertThat(TrimmedItemStore.oneInformer(Set.of("JOSDK_ALL_NAMESPACES"))).isTrue();
        assertThat(TrimmedItemStore.oneInformer(Set.of("JOSDK_WATCH_CURRENT"))).isTrue();
        assertThat(TrimmedItemStore.oneInformer(Set.of("team-a"))).isTrue();
        // JOSDK would hand the one store to an informer per namespace; each relist would drop the other's objects.
        assertThat(TrimmedItemStore.oneInformer(Set.of("team-a", "team-b"))).isFalse();
    }
}
