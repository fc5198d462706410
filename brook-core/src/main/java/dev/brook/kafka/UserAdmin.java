package dev.brook.kafka;

import dev.brook.kafka.sync.UserOutcome;
import dev.brook.kafka.sync.UserRequest;

/**
 * Users of one cluster: ACLs, SCRAM credentials and quotas. Each call is for one user, but calls made at about the
 * same time share one pass: one request per kind of write, SCRAM credentials before quotas (in ZooKeeper mode both
 * live in the user's znode: concurrent writes can lose one), planned from what Kafka holds (read whole, three
 * requests for the cluster, at most once per sweep interval). Passes of one cluster run one after another.
 */
public interface UserAdmin {
    /**
     * Makes Kafka hold what {@code request} asks and says what changed; a failed request is a refused outcome
     * (KafkaError), not an exception.
     */
    UserOutcome sync(UserRequest request);

    /** Admin requests made so far. */
    long requests();

    /** Passes run so far (each serves every request queued when it started). */
    long passes();
}
