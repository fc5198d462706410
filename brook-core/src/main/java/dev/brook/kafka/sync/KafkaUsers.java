package dev.brook.kafka.sync;

import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.acl.AclBinding;

/**
 * What Kafka holds for users, read once per pass for the whole cluster: three requests (ACLs, SCRAM credentials,
 * quotas) whatever the number of users.
 *
 * @param aclsByPrincipal   every ACL binding by principal; empty when {@code authorizerEnabled} is false
 * @param authorizerEnabled the cluster has an authorizer (without one Kafka refuses every ACL request)
 * @param scramUsers        user names with a SCRAM-SHA-512 credential
 * @param quotasByUser      quota key to value of every user entity (user only, no client id)
 */
public record KafkaUsers(Map<String, Set<AclBinding>> aclsByPrincipal, boolean authorizerEnabled, Set<String> scramUsers,
                         Map<String, Map<String, Double>> quotasByUser) {
    public Set<AclBinding> acls(String principal) {
        return aclsByPrincipal.getOrDefault(principal, Set.of());
    }

    public Map<String, Double> quotas(String userName) {
        return quotasByUser.getOrDefault(userName, Map.of());
    }
}
