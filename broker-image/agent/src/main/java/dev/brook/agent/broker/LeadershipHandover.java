package dev.brook.agent.broker;

import java.lang.reflect.Method;
import java.time.Duration;
import kafka.server.KafkaServer;
import org.apache.kafka.metadata.BrokerState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a stopping broker's leadership over before it stops serving. Kafka's own shutdown runs the controlled
 * shutdown (the controller moves every partition this broker leads) and closes the broker's connections right
 * after; clients that are just then asking this broker for the new leaders (a metadata request, a produce retried
 * against stale metadata) lose the answer with the connection and wait out a back-off: on 2 cores that was 1.1-1.3 s
 * of stalled acks=all sends at every broker restart (bench/rolling). Here the controlled shutdown runs first, on its
 * own, and the broker keeps answering for {@link #GRACE}: a produce gets NOT_LEADER_OR_FOLLOWER with the new leader
 * (KIP-951), a metadata request the current leaders. Then Kafka's shutdown finds nothing left to move and stops.
 *
 * <p>Kafka 3.9 does not expose the controlled shutdown on its own (it is the private {@code controlledShutdown()} of
 * {@code KafkaServer}, which Brook pins); if it cannot be called, the broker stops the stock way.
 */
final class LeadershipHandover {
    /** Long enough for clients to follow a leader change (milliseconds on a quiet machine), short beside a restart. */
    static final Duration GRACE = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(LeadershipHandover.class);

    private LeadershipHandover() {
    }

    /** Runs the controlled shutdown and keeps serving for {@link #GRACE}; false when the broker stops the stock way. */
    static boolean handOver(KafkaServer kafka, String pod) {
        if (kafka.brokerState() != BrokerState.RUNNING) {
            return false; // not serving yet (or already stopping): nothing to hand over
        }
        Method controlledShutdown;
        try {
            controlledShutdown = KafkaServer.class.getDeclaredMethod("controlledShutdown");
            controlledShutdown.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("{}: cannot hand leadership over before stopping ({}); Kafka's own controlled shutdown does it", pod, e.toString());
            return false;
        }
        long start = System.nanoTime();
        try {
            controlledShutdown.invoke(kafka);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("{}: handing leadership over failed ({}); Kafka's own controlled shutdown retries it", pod, e.toString());
            return false;
        }
        LOG.info("{}: leadership handed over in {} ms (controlled shutdown); answering clients {} ms more before stopping",
                pod, (System.nanoTime() - start) / 1_000_000, GRACE.toMillis());
        try {
            Thread.sleep(GRACE.toMillis()); // not a synchronisation: the time clients get to follow the new leaders
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return true;
    }
}
