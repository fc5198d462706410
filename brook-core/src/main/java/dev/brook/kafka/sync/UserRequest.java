package dev.brook.kafka.sync;

import dev.brook.api.v1alpha1.AclResource;
import dev.brook.api.v1alpha1.AclRule;
import dev.brook.api.v1alpha1.User;
import dev.brook.api.v1alpha1.UserQuotas;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * What Kafka should hold for one user name: its ACLs, its SCRAM-SHA-512 credential (or none), its quotas; or, for a
 * removal, nothing at all.
 *
 * @param password          the SCRAM password, null for a user without a SCRAM credential (a TLS user: any credential
 *                          Kafka has for the name is deleted)
 * @param credentialCurrent the caller checked that the credential Kafka was last given is this password (its
 *                          fingerprint matched), so it is written only when Kafka lacks it
 * @param quotas            Kafka's quota keys to values; keys not listed are removed
 * @param removal           Brook stops managing the name and removes everything (a deleted User with policy Delete)
 */
public record UserRequest(String userName, Set<AclBinding> acls, String password, boolean credentialCurrent,
                          Map<String, Double> quotas, boolean removal) {
    public static final String PRODUCER_BYTE_RATE = "producer_byte_rate";
    public static final String CONSUMER_BYTE_RATE = "consumer_byte_rate";
    public static final String REQUEST_PERCENTAGE = "request_percentage";
    public static final String CONTROLLER_MUTATION_RATE = "controller_mutation_rate";

    public UserRequest {
        acls = Set.copyOf(acls);
        quotas = Map.copyOf(quotas);
    }

    public String principal() {
        return "User:" + userName;
    }

    /** The desired state of {@code user} (validated before: {@link dev.brook.model.UserValidation}). */
    public static UserRequest of(User user, String password, boolean credentialCurrent) {
        return new UserRequest(user.kafkaUserName(), acls(user), password, credentialCurrent, quotas(user.getSpec().getQuotas()), false);
    }

    /** Everything of {@code userName} removed: ACLs, SCRAM credential, quotas. */
    public static UserRequest removal(String userName) {
        return new UserRequest(userName, Set.of(), null, false, Map.of(), true);
    }

    /** Kafka's quota entity of a user (all its client ids). */
    public ClientQuotaEntity quotaEntity() {
        return new ClientQuotaEntity(Map.of(ClientQuotaEntity.USER, userName));
    }

    /** One ACL binding per rule and operation, for the user's principal. */
    public static Set<AclBinding> acls(User user) {
        Set<AclBinding> out = new LinkedHashSet<>();
        for (AclRule rule : user.getSpec().getAcls() == null ? java.util.List.<AclRule>of() : user.getSpec().getAcls()) {
            ResourcePattern pattern = pattern(rule.getResource());
            AclPermissionType permission = rule.getType() == AclRule.Permission.DENY ? AclPermissionType.DENY : AclPermissionType.ALLOW;
            String host = rule.getHost() == null ? "*" : rule.getHost();
            for (AclRule.Operation operation : rule.getOperations()) {
                out.add(new AclBinding(pattern, new AccessControlEntry(user.principal(), host, operation(operation), permission)));
            }
        }
        return out;
    }

    static ResourcePattern pattern(AclResource resource) {
        PatternType patternType = resource.getPatternType() == AclResource.PatternType.PREFIX ? PatternType.PREFIXED : PatternType.LITERAL;
        return switch (resource.getType()) {
            case TOPIC -> new ResourcePattern(ResourceType.TOPIC, resource.getName(), patternType);
            case GROUP -> new ResourcePattern(ResourceType.GROUP, resource.getName(), patternType);
            case TRANSACTIONAL_ID -> new ResourcePattern(ResourceType.TRANSACTIONAL_ID, resource.getName(), patternType);
            case CLUSTER -> new ResourcePattern(ResourceType.CLUSTER, AclResource.CLUSTER_NAME, PatternType.LITERAL);
        };
    }

    static AclOperation operation(AclRule.Operation operation) {
        return switch (operation) {
            case Read -> AclOperation.READ;
            case Write -> AclOperation.WRITE;
            case Create -> AclOperation.CREATE;
            case Delete -> AclOperation.DELETE;
            case Alter -> AclOperation.ALTER;
            case Describe -> AclOperation.DESCRIBE;
            case ClusterAction -> AclOperation.CLUSTER_ACTION;
            case DescribeConfigs -> AclOperation.DESCRIBE_CONFIGS;
            case AlterConfigs -> AclOperation.ALTER_CONFIGS;
            case IdempotentWrite -> AclOperation.IDEMPOTENT_WRITE;
            case All -> AclOperation.ALL;
        };
    }

    static Map<String, Double> quotas(UserQuotas quotas) {
        Map<String, Double> out = new TreeMap<>();
        if (quotas == null) {
            return out;
        }
        if (quotas.getProducerByteRate() != null) {
            out.put(PRODUCER_BYTE_RATE, quotas.getProducerByteRate().doubleValue());
        }
        if (quotas.getConsumerByteRate() != null) {
            out.put(CONSUMER_BYTE_RATE, quotas.getConsumerByteRate().doubleValue());
        }
        if (quotas.getRequestPercentage() != null) {
            out.put(REQUEST_PERCENTAGE, quotas.getRequestPercentage().doubleValue());
        }
        if (quotas.getControllerMutationRate() != null) {
            out.put(CONTROLLER_MUTATION_RATE, quotas.getControllerMutationRate().doubleValue());
        }
        return out;
    }
}
