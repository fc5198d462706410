package dev.brook.operator.bench;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.Map;

/**
 * The operator as users run it, for benchmarks: the production intervals (topic and user resync 2 minutes,
 * group refresh 15 s) instead of the short ones of {@code %test}, and INFO logging. Both the plain
 * and the {@code %test.} keys are overridden so the test profile's values cannot win. No kubelet runs
 * the Cluster here, so the cluster controller watches another namespace and {@code KafkaTestCluster.register} writes
 * the Cluster's status.bootstrapServers.
 */
public final class BenchProfiles {
    private BenchProfiles() {
    }

    static Map<String, String> overrides(String groupRefresh) {
        Map<String, String> m = new HashMap<>();
        put(m, "brook.topic.resync-interval", "PT2M");
        put(m, "brook.group.refresh-interval", groupRefresh);
        put(m, "brook.user.resync-interval", "PT2M");
        put(m, "quarkus.log.category.\"dev.brook\".level", "INFO");
        // The mock API server logs every request at INFO; a real API server's logging is not the operator's cost.
        put(m, "quarkus.log.category.\"io.fabric8.mockwebserver\".level", "WARN");
        // A random HTTP port: other builds on this machine may hold 8081.
        put(m, "quarkus.http.test-port", "0");
        // No kubelet runs the Cluster here: its controller watches another namespace, and KafkaTestCluster.register writes the status.
        put(m, "quarkus.operator-sdk.controllers.cluster.namespaces", "cluster-controller-elsewhere");
        return m;
    }

    private static void put(Map<String, String> m, String key, String value) {
        m.put(key, value);
        m.put("%test." + key, value);
    }

    /**
     * The operator as the harness runs it (its own cluster controller, the test intervals), with INFO logging,
     * a quiet mock API server and a random HTTP port: bench/rolling.
     */
    public static class Quiet implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> m = new HashMap<>();
            put(m, "quarkus.log.category.\"dev.brook\".level", "INFO");
            put(m, "quarkus.log.category.\"io.fabric8.mockwebserver\".level", "WARN");
            put(m, "quarkus.http.test-port", "0");
            return m;
        }
    }

    /** Production defaults: topic resync PT2M, group refresh PT15S. */
    public static class Defaults implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return overrides("PT15S");
        }
    }
}
