package dev.brook.operator.bench;

import dev.brook.api.v1alpha1.Topic;
import dev.brook.operator.reconcile.TrimmedItemStore;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * What one Topic costs in an informer cache, as the API server sends it after {@code kubectl apply} and Brook's status
 * writes (managedFields of kubectl and brook-operator, the last-applied annotation), stored in fabric8's default way
 * and in a {@link TrimmedItemStore}. Prints JSON bytes and retained heap per Topic; never fails.
 * {@code ./mvnw -B -o -pl operator -am verify -Dbrook.bench=true -Dtest=InformerCacheFootprintBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 */
@EnabledIfSystemProperty(named = "brook.bench", matches = "true")
class InformerCacheFootprintBenchmark {
    private static final int TOPICS = Integer.getInteger("brook.bench.topics", 10_000);
    private static final KubernetesSerialization JSON = new KubernetesSerialization();

    @Test
    void heapPerCachedTopic() throws Exception {
        String sample = topicJson(1);
        Topic trimmedSample = JSON.unmarshal(sample, Topic.class);
        new TrimmedItemStore<Topic>().put("x", trimmedSample);
        System.out.printf("JSON per Topic: %d bytes as sent, %d bytes trimmed%n", sample.length(), JSON.asJson(trimmedSample).length());

        // Warm up the serializer's classes first, so both runs measure objects only.
        fill(() -> new io.fabric8.kubernetes.client.informers.cache.BasicItemStore<>(io.fabric8.kubernetes.client.informers.cache.Cache::metaNamespaceKeyFunc), 200);
        long full = retained(() -> new io.fabric8.kubernetes.client.informers.cache.BasicItemStore<>(io.fabric8.kubernetes.client.informers.cache.Cache::metaNamespaceKeyFunc));
        long trimmed = retained(TrimmedItemStore::new);
        System.out.printf("Heap per cached Topic (%d Topics): %d bytes with managedFields and last-applied, %d bytes trimmed (%.0f%%); "
                + "%d Topics: %.1f MiB -> %.1f MiB%n", TOPICS, full / TOPICS, trimmed / TOPICS, 100.0 * trimmed / full, TOPICS,
                full / 1048576.0, trimmed / 1048576.0);
    }

    private static long retained(Supplier<ItemStore<Topic>> stores) throws InterruptedException {
        long before = usedAfterGc();
        ItemStore<Topic> store = fill(stores, TOPICS);
        long after = usedAfterGc();
        if (store.size() != TOPICS) {
            throw new IllegalStateException("store lost topics");
        }
        return after - before;
    }

    private static ItemStore<Topic> fill(Supplier<ItemStore<Topic>> stores, int count) {
        ItemStore<Topic> store = stores.get();
        for (int i = 0; i < count; i++) {
            // Each from its own JSON, as each arrives from the API server: no strings shared between Topics.
            Topic topic = JSON.unmarshal(topicJson(i), Topic.class);
            store.put(store.getKey(topic), topic);
        }
        return store;
    }

    private static long usedAfterGc() throws InterruptedException {
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** A Topic as a real API server returns it: applied with kubectl, finalizer and status written by Brook. */
    static String topicJson(int i) {
        String name = "orders-" + i;
        String lastApplied = ("{\\\"apiVersion\\\":\\\"brook.dev/v1alpha1\\\",\\\"kind\\\":\\\"Topic\\\",\\\"metadata\\\":{\\\"annotations\\\":{},"
                + "\\\"name\\\":\\\"%s\\\",\\\"namespace\\\":\\\"bench\\\"},\\\"spec\\\":{\\\"cluster\\\":\\\"demo\\\",\\\"config\\\":{"
                + "\\\"cleanup.policy\\\":\\\"delete\\\",\\\"retention.ms\\\":\\\"604800000\\\"},\\\"partitions\\\":6,"
                + "\\\"replicationFactor\\\":3}}\\n").formatted(name);
        return """
                {"apiVersion":"brook.dev/v1alpha1","kind":"Topic","metadata":{
                 "annotations":{"kubectl.kubernetes.io/last-applied-configuration":"%s"},
                 "creationTimestamp":"2026-12-02T10:00:00Z","finalizers":["topics.brook.dev/finalizer"],"generation":1,
                 "managedFields":[
                  {"apiVersion":"brook.dev/v1alpha1","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:annotations":{".":{},
                   "f:kubectl.kubernetes.io/last-applied-configuration":{}}},"f:spec":{".":{},"f:cluster":{},"f:config":{".":{},
                   "f:cleanup.policy":{},"f:retention.ms":{}},"f:partitions":{},"f:replicationFactor":{}}},
                   "manager":"kubectl-client-side-apply","operation":"Update","time":"2026-12-02T10:00:00Z"},
                  {"apiVersion":"brook.dev/v1alpha1","fieldsType":"FieldsV1","fieldsV1":{"f:metadata":{"f:finalizers":{
                   "v:\\"topics.brook.dev/finalizer\\"":{}}}},"manager":"brook-operator","operation":"Apply","time":"2026-12-02T10:00:01Z"},
                  {"apiVersion":"brook.dev/v1alpha1","fieldsType":"FieldsV1","fieldsV1":{"f:status":{".":{},"f:conditions":{},
                   "f:observedGeneration":{},"f:partitions":{},"f:replicationFactor":{},"f:topicId":{},"f:topicName":{}}},
                   "manager":"brook-operator","operation":"Update","subresource":"status","time":"2026-12-02T10:00:02Z"}],
                 "name":"%s","namespace":"bench","resourceVersion":"%d","uid":"0b6f1c1e-5d2a-4d7e-9a59-%012d"},
                "spec":{"cluster":"demo","config":{"cleanup.policy":"delete","retention.ms":"604800000"},"partitions":6,
                 "replicationFactor":3,"deletionPolicy":"Delete"},
                "status":{"conditions":[{"type":"Ready","status":"True","reason":"Ready","message":"topic is in sync",
                 "lastTransitionTime":"2026-12-02T10:00:02Z","observedGeneration":1}],"observedGeneration":1,"topicName":"%s",
                 "topicId":"q1w2e3r4t5y6u7i8o9p0%02d","partitions":6,"replicationFactor":3}}
                """.formatted(lastApplied, name, 1000 + i, i, name, i % 100);
    }
}
