package dev.brook.operator.reconcile;

import dev.brook.kafka.KafkaConnections;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** One set of Kafka connections for the whole operator, closed on shutdown. */
public class KafkaConnectionsProducer {
    @Produces
    @Singleton
    KafkaConnections connections(@ConfigProperty(name = "brook.kafka.request-timeout", defaultValue = "PT10S") Duration timeout,
            @ConfigProperty(name = "brook.user.resync-interval", defaultValue = "PT2M") Duration userResync,
            @ConfigProperty(name = "brook.topic.resync-interval", defaultValue = "PT2M") Duration topicResync) {
        // The users' state is read whole from Kafka at most once per resync interval, every topic of a cluster once per
        // its own: drift made by hand is seen within it, and put back at the resources' next reconcile.
        return new KafkaConnections(timeout, userResync, topicResync);
    }

    void close(@Disposes KafkaConnections connections) {
        connections.close();
    }
}
