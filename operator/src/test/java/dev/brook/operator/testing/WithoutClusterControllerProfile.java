package dev.brook.operator.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * For Topic and ConsumerGroup tests against a local Kafka cluster that no kubelet runs: the cluster
 * controller watches another namespace only, so the test's own status.bootstrapServers stays put.
 */
public class WithoutClusterControllerProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.operator-sdk.controllers.cluster.namespaces", "cluster-controller-elsewhere");
    }
}
