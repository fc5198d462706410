package dev.brook.kafka;

/** A Kafka-side request failed; the message says which request and Kafka's reason. */
public class KafkaOperationException extends RuntimeException {
    public KafkaOperationException(String message, Throwable cause) {
        super(message, cause);
    }

    public KafkaOperationException(String message) {
        super(message);
    }
}
