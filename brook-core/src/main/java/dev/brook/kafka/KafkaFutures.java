package dev.brook.kafka;

import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Waits for an Admin result and turns every failure into a {@link KafkaOperationException} whose
 * message says which request failed and Kafka's reason, and whose cause is Kafka's own exception
 * (so callers can tell "does not exist" from real errors).
 */
final class KafkaFutures {
    private KafkaFutures() {
    }

    static <V> V get(Future<V> future, Duration timeout, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaOperationException(what + ": interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable root = rootCause(e);
            if (root instanceof KafkaOperationException already) {
                throw already; // a composed future that already says which request failed and why
            }
            if (root instanceof UnknownTopicOrPartitionException) {
                throw new KafkaOperationException(what + ": the topic does not exist", root);
            }
            throw new KafkaOperationException(what + ": " + reason(e), root);
        }
    }

    static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static String reason(Throwable e) {
        Throwable root = rootCause(e);
        if (root instanceof TimeoutException || root instanceof org.apache.kafka.common.errors.TimeoutException) {
            return root.getMessage() == null ? "Kafka did not answer in time" : "Kafka did not answer in time (" + root.getMessage() + ")";
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
