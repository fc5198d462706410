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
            @ConfigProperty(name = "brook.user.resync-interval", defaultValue = "PT2M") Duration userResync) {
        // The users' state is read whole from Kafka at most once per resync interval: drift made by hand is seen within
        // it, and put back at the users' next reconcile.
        return new KafkaConnections(timeout, userResync);
    }

    void close(@Disposes KafkaConnections connections) {
        connections.close();
    }
}
