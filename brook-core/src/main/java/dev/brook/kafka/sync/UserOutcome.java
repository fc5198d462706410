package dev.brook.kafka.sync;

import dev.brook.model.Refusal;
import java.util.List;

/**
 * What one pass did for one user.
 *
 * @param changes           what Brook changed in Kafka, one line each ("ACL added: ...", "SCRAM-SHA-512 credential set",
 *                          "quotas: producer_byte_rate=1048576"); empty when Kafka already matched
 * @param acls              ACLs of the principal in Kafka after the pass
 * @param credentialWritten the SCRAM credential was written with the request's password in this pass
 * @param refusal           why the user is not as asked (its changes that Kafka accepted stay), null when it is
 */
public record UserOutcome(String userName, List<String> changes, int acls, boolean credentialWritten, Refusal refusal) {
    public UserOutcome {
        changes = List.copyOf(changes);
    }

    public boolean isRefused() {
        return refusal != null;
    }

    public static UserOutcome refused(String userName, Refusal refusal) {
        return new UserOutcome(userName, List.of(), 0, false, refusal);
    }
}
