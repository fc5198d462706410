package dev.brook.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Kafka's answer for a topic of a cluster triggers the resources that keep that topic there, and no other. */
class TopicResultEventsTest {
    private static final String KAFKA = "kafka-0.kafka:9092";
    private static final String OTHER = "other-0.other:9092";

    @Test
    void aResultTriggersItsKeepersOnly() {
        List<ResourceID> triggered = new CopyOnWriteArrayList<>();
        TopicResultEvents events = new TopicResultEvents();
        events.setEventHandler(event -> triggered.add(((Event) event).getRelatedCustomResourceID()));
        events.start();
        ResourceID orders = new ResourceID("orders", "team-a");
        ResourceID payments = new ResourceID("payments", "team-a");
        ResourceID ordersElsewhere = new ResourceID("orders", "team-b");
        events.track(KAFKA, "orders", orders);
        events.track(KAFKA, "payments", payments);
        events.track(OTHER, "orders", ordersElsewhere);

        events.topicsChanged(KAFKA, Set.of("orders", "not-kept"));
        assertThat(triggered).containsExactly(orders);

        triggered.clear();
        events.allTopicsChanged(KAFKA);
        assertThat(triggered).containsExactlyInAnyOrder(orders, payments);

        triggered.clear();
        events.untrack(orders);
        events.topicsChanged(KAFKA, Set.of("orders"));
        events.topicsChanged(OTHER, Set.of("orders"));
        assertThat(triggered).as("a deleted resource is not triggered; the other cluster's keeper is").containsExactly(ordersElsewhere);
    }
}
