package dev.brook.model;

import dev.brook.api.v1alpha1.User;
import java.util.List;
import java.util.Optional;

/**
 * Which User resource owns a Kafka user name when several name the same one on the same cluster
 * ({@link KafkaNameClaims}): the others get UserNameConflict and change nothing in Kafka, so two resources never
 * fight over one principal's ACLs and password.
 */
public final class UserClaims {
    private static final KafkaNameClaims<User> CLAIMS = new KafkaNameClaims<>(u -> u.getSpec() == null ? null : u.getSpec().getCluster(),
            User::kafkaUserName, u -> u.getStatus() == null ? null : u.getStatus().getUserName());

    private UserClaims() {
    }

    /** The index key of {@code user}'s claim: resources with the same key claim the same Kafka name ({@link #conflict}). */
    public static String indexKey(User user) {
        return CLAIMS.key(user);
    }

    public static Optional<Refusal> conflict(User user, List<User> sameNamespace) {
        return CLAIMS.otherOwner(user, sameNamespace)
                .map(owner -> new Refusal(Reason.UserNameConflict, "Kafka user '" + user.kafkaUserName() + "' on cluster "
                        + user.getSpec().getCluster() + " is already managed by User " + owner.getMetadata().getName()
                        + "; delete this resource or give it another spec.userName"));
    }
}
