package dev.brook.model;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Which resource owns a Kafka-side name (a topic, a user) when several of the same kind name it on the same cluster:
 * the one that already manages it (its status records the name), else the oldest, then the first by name. Resources
 * being deleted claim nothing. Used by {@link TopicClaims} and {@link UserClaims}.
 */
final class KafkaNameClaims<T extends HasMetadata> {
    private final Function<T, String> cluster;
    private final Function<T, String> kafkaName;
    private final Function<T, String> managedName;

    /**
     * @param cluster     the resource's spec.cluster (null when it has no spec)
     * @param kafkaName   the Kafka name the resource asks for
     * @param managedName the Kafka name its status says it manages, or null
     */
    KafkaNameClaims(Function<T, String> cluster, Function<T, String> kafkaName, Function<T, String> managedName) {
        this.cluster = cluster;
        this.kafkaName = kafkaName;
        this.managedName = managedName;
    }

    Optional<T> ownerOf(T resource, List<T> sameNamespace) {
        String name = kafkaName.apply(resource);
        String onCluster = cluster.apply(resource);
        String self = resource.getMetadata().getName();
        return sameNamespace.stream()
                .filter(t -> t.getMetadata().getDeletionTimestamp() == null || t.getMetadata().getName().equals(self))
                .filter(t -> cluster.apply(t) != null && Objects.equals(onCluster, cluster.apply(t)))
                .filter(t -> name.equals(kafkaName.apply(t)))
                .min(Comparator.comparing((T t) -> !name.equals(managedName.apply(t)))
                        .thenComparing(t -> Objects.toString(t.getMetadata().getCreationTimestamp(), ""))
                        .thenComparing(t -> t.getMetadata().getName()));
    }

    /**
     * What the claimants of one Kafka name share ({@code namespace/cluster/name}), for an index of the resources: the
     * claims of a resource are then decided from its index entry, not from every resource of the namespace.
     */
    String key(T resource) {
        return key(resource.getMetadata().getNamespace(), cluster.apply(resource), kafkaName.apply(resource));
    }

    static String key(String namespace, String cluster, String kafkaName) {
        return namespace + "/" + cluster + "/" + kafkaName;
    }

    /** The owner when it is another resource than {@code resource}. */
    Optional<T> otherOwner(T resource, List<T> sameNamespace) {
        return ownerOf(resource, sameNamespace).filter(owner -> !owner.getMetadata().getName().equals(resource.getMetadata().getName()));
    }
}
