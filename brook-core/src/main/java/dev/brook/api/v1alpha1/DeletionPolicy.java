package dev.brook.api.v1alpha1;

/** What happens to the Kafka-side object when its resource is deleted. */
public enum DeletionPolicy {
    /** Delete the Kafka-side object (topic, or the group's committed offsets). */
    Delete,
    /** Leave the Kafka-side object as it is. */
    Retain
}
