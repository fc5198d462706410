package dev.brook.operator.reconcile;

import dev.brook.api.v1alpha1.Topic;
import dev.brook.kafka.KafkaConnections;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns what Kafka answered for a cluster's topics into reconciles of the Topic resources that manage them: a
 * reconcile hands work to the cluster's batched requests and returns, and the answer comes back here. Each reconcile
 * says which resource keeps which Kafka topic of which cluster ({@link #track}); a result for that topic, or a change
 * a periodic read of the cluster found in Kafka, triggers that resource.
 */
final class TopicResultEvents extends AbstractEventSource<Void, Topic> implements KafkaConnections.TopicEvents {
    /** bootstrap servers -> Kafka topic -> the resources that keep it (one, unless a name is claimed twice). */
    private final Map<String, Map<String, Set<ResourceID>>> keepers = new ConcurrentHashMap<>();

    TopicResultEvents() {
        super(Void.class, "topic-results");
    }

    /** The resource keeps {@code topic} on the cluster at {@code bootstrapServers}: its results trigger it. */
    void track(String bootstrapServers, String topic, ResourceID resource) {
        keepers.computeIfAbsent(bootstrapServers, b -> new ConcurrentHashMap<>())
                .computeIfAbsent(topic, t -> ConcurrentHashMap.newKeySet()).add(resource);
    }

    /** The resource is gone: nothing triggers it any more. */
    void untrack(ResourceID resource) {
        keepers.values().forEach(byTopic -> byTopic.values().removeIf(ids -> ids.remove(resource) && ids.isEmpty()));
    }

    @Override
    public void topicsChanged(String bootstrapServers, Set<String> topics) {
        Map<String, Set<ResourceID>> byTopic = keepers.get(bootstrapServers);
        if (byTopic == null || !isRunning()) {
            return;
        }
        for (String topic : topics) {
            for (ResourceID id : byTopic.getOrDefault(topic, Set.of())) {
                getEventHandler().handleEvent(new Event(id));
            }
        }
    }

    @Override
    public void allTopicsChanged(String bootstrapServers) {
        Map<String, Set<ResourceID>> byTopic = keepers.get(bootstrapServers);
        if (byTopic == null || !isRunning()) {
            return;
        }
        List<ResourceID> all = byTopic.values().stream().flatMap(Set::stream).distinct().toList();
        all.forEach(id -> getEventHandler().handleEvent(new Event(id)));
    }

    @Override
    public Set<Void> getSecondaryResources(Topic primary) {
        return Set.of();
    }
}
