package dev.brook.operator.reconcile.cluster;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The address a node is reached at (its ExternalIP, else its InternalIP), for nodeport listeners. Nodes are
 * cluster-scoped and Brook may only {@code get} them (chart option clusterReads), so there is no informer: an
 * answer is kept a minute, which is how long a changed node address takes to reach the brokers at most.
 */
@Singleton
public class NodeAddresses {
    private static final Duration KEEP = Duration.ofMinutes(1);
    private final KubernetesClient client;
    private final Clock clock;
    private final Map<String, Known> known = new ConcurrentHashMap<>();

    private record Known(Optional<String> address, Instant at) {
    }

    public NodeAddresses(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    Optional<String> of(String nodeName) {
        Instant now = clock.instant();
        Known k = known.get(nodeName);
        if (k != null && k.address().isPresent() && k.at().plus(KEEP).isAfter(now)) {
            return k.address();
        }
        Optional<String> address = read(nodeName);
        known.put(nodeName, new Known(address, now));
        return address;
    }

    private Optional<String> read(String nodeName) {
        try {
            Node node = client.nodes().withName(nodeName).get();
            if (node == null || node.getStatus() == null || node.getStatus().getAddresses() == null) {
                return Optional.empty();
            }
            List<NodeAddress> addresses = node.getStatus().getAddresses();
            return addresses.stream().filter(a -> "ExternalIP".equals(a.getType())).map(NodeAddress::getAddress).findFirst()
                    .or(() -> addresses.stream().filter(a -> "InternalIP".equals(a.getType())).map(NodeAddress::getAddress).findFirst());
        } catch (KubernetesClientException e) {
            // Reading nodes needs the chart's clusterReads option; without it nodeport listeners stay pending (and say why).
            return Optional.empty();
        }
    }
}
