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

    /** The index key of a Kafka user name on a cluster (for a User being deleted: the name its status says it manages). */
    public static String indexKey(String namespace, String cluster, String userName) {
        return KafkaNameClaims.key(namespace, cluster, userName);
    }

    /**
     * NotSupported when the User already manages a Kafka user and its spec now names another: renaming would leave the
     * old user's credential and ACLs behind (and a certificate for the old name valid).
     */
    public static Optional<Refusal> renamed(User user) {
        String managed = user.getStatus() == null ? null : user.getStatus().getUserName();
        if (managed == null || managed.equals(user.kafkaUserName())) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(Reason.NotSupported, "spec.userName cannot change: this resource manages Kafka user '" + managed
                + "'. Set spec.userName back to '" + managed + "', or create a new User for '" + user.kafkaUserName()
                + "' (and delete this one to remove '" + managed + "')"));
    }

    public static Optional<Refusal> conflict(User user, List<User> sameNamespace) {
        return CLAIMS.otherOwner(user, sameNamespace)
                .map(owner -> new Refusal(Reason.UserNameConflict, "Kafka user '" + user.kafkaUserName() + "' on cluster "
                        + user.getSpec().getCluster() + " is already managed by User " + owner.getMetadata().getName()
                        + "; delete this resource or give it another spec.userName"));
    }
}
