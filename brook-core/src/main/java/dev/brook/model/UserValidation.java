package dev.brook.model;

import dev.brook.api.v1alpha1.AclResource;
import dev.brook.api.v1alpha1.AclRule;
import dev.brook.api.v1alpha1.User;
import dev.brook.api.v1alpha1.UserAuthentication;
import dev.brook.api.v1alpha1.UserSpec;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a User spec must satisfy beyond its schema: the schema's rules checked again (for {@code brook local}, which
 * has no API server), and which operations each resource type has in Kafka (an ACL for Write on a group would be
 * accepted by Kafka and never match anything).
 */
public final class UserValidation {
    /** Kafka's operations per resource type (its own table, AclEntry.supportedOperations). */
    static final Map<AclResource.Type, Set<AclRule.Operation>> OPERATIONS = Map.of(
            AclResource.Type.TOPIC, EnumSet.of(AclRule.Operation.Read, AclRule.Operation.Write, AclRule.Operation.Create,
                    AclRule.Operation.Delete, AclRule.Operation.Alter, AclRule.Operation.Describe, AclRule.Operation.DescribeConfigs,
                    AclRule.Operation.AlterConfigs, AclRule.Operation.All),
            AclResource.Type.GROUP, EnumSet.of(AclRule.Operation.Read, AclRule.Operation.Describe, AclRule.Operation.Delete,
                    AclRule.Operation.All),
            AclResource.Type.CLUSTER, EnumSet.of(AclRule.Operation.Create, AclRule.Operation.ClusterAction,
                    AclRule.Operation.DescribeConfigs, AclRule.Operation.AlterConfigs, AclRule.Operation.IdempotentWrite,
                    AclRule.Operation.Alter, AclRule.Operation.Describe, AclRule.Operation.All),
            AclResource.Type.TRANSACTIONAL_ID, EnumSet.of(AclRule.Operation.Describe, AclRule.Operation.Write, AclRule.Operation.All));

    private UserValidation() {
    }

    public static List<SpecProblem> problems(User user) {
        List<SpecProblem> problems = new ArrayList<>();
        UserSpec spec = user.getSpec();
        if (spec == null || spec.getCluster() == null || spec.getCluster().isBlank()) {
            problems.add(new SpecProblem("spec.cluster", "is required: name the Cluster (in the same namespace) of the user"));
            return problems;
        }
        String field = spec.getUserName() != null ? "spec.userName" : "metadata.name";
        if (!user.kafkaUserName().matches(UserSpec.USER_NAME_PATTERN)) {
            problems.add(new SpecProblem(field, "'" + user.kafkaUserName() + "' is not a valid user name; use 1 to 64 letters, digits, "
                    + "'.', '_', '@' and '-', starting with a letter or digit"));
        }
        UserAuthentication authentication = spec.getAuthentication();
        if (authentication == null || authentication.getType() == null) {
            problems.add(new SpecProblem("spec.authentication.type", "is required: tls or scram-sha-512"));
        } else if (authentication.getType() == UserAuthentication.Type.TLS && authentication.getPassword() != null) {
            problems.add(new SpecProblem("spec.authentication.password", "applies to scram-sha-512 only; remove it or change the type"));
        } else if (authentication.getPassword() != null && authentication.getPassword().getSecretName() == null) {
            problems.add(new SpecProblem("spec.authentication.password.secretName", "is required: name the Secret that holds the password"));
        }
        List<AclRule> acls = spec.getAcls() == null ? List.of() : spec.getAcls();
        for (int i = 0; i < acls.size(); i++) {
            AclRule rule = acls.get(i);
            String at = "spec.acls[" + i + "]";
            AclResource resource = rule.getResource();
            if (resource == null || resource.getType() == null) {
                problems.add(new SpecProblem(at + ".resource.type", "is required: topic, group, cluster or transactionalId"));
                continue;
            }
            if (resource.getType() != AclResource.Type.CLUSTER && (resource.getName() == null || resource.getName().isEmpty())) {
                problems.add(new SpecProblem(at + ".resource.name", "is required for " + typeName(resource.getType())));
            }
            if (resource.getType() == AclResource.Type.CLUSTER && resource.getName() != null
                    && !resource.getName().equals(AclResource.CLUSTER_NAME)) {
                problems.add(new SpecProblem(at + ".resource.name", "the cluster resource is called " + AclResource.CLUSTER_NAME
                        + "; leave the name out"));
            }
            if (rule.getOperations() == null || rule.getOperations().isEmpty()) {
                problems.add(new SpecProblem(at + ".operations", "name at least one operation"));
                continue;
            }
            Set<AclRule.Operation> allowed = OPERATIONS.get(resource.getType());
            for (AclRule.Operation operation : rule.getOperations()) {
                if (!allowed.contains(operation)) {
                    problems.add(new SpecProblem(at + ".operations", operation + " does not apply to " + typeName(resource.getType())
                            + "; Kafka has " + allowed + " for it"));
                }
            }
        }
        return problems;
    }

    private static String typeName(AclResource.Type type) {
        return switch (type) {
            case TOPIC -> "topic";
            case GROUP -> "group";
            case CLUSTER -> "cluster";
            case TRANSACTIONAL_ID -> "transactionalId";
        };
    }
}
