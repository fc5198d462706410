package dev.brook.kafka.sync;

import dev.brook.model.Reason;
import dev.brook.model.Refusal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.kafka.common.acl.AclBinding;

/**
 * The writes one pass makes for a batch of users, from what each asks and what Kafka holds ({@link KafkaUsers}).
 * Spec ACLs are authoritative for a managed principal (missing ones are created, others deleted); a SCRAM credential is
 * written when Kafka lacks it or the password changed, deleted when the user has none; quotas are set and removed key
 * by key. A user whose Kafka state matches gets no write. Pure.
 */
public final class UserPlan {
    /** What happens to a user's SCRAM credential. */
    public enum Credential { KEEP, UPSERT, DELETE }

    /**
     * The writes of one user.
     *
     * @param quotaSet    quota keys to set (new or changed values)
     * @param quotaRemove quota keys to remove
     * @param aclsAfter   the principal's ACLs once the writes succeed
     * @param refusal     what cannot be done on this cluster (the rest is still written), else null
     */
    public record Writes(UserRequest request, List<AclBinding> create, List<AclBinding> delete, Credential credential,
                         Map<String, Double> quotaSet, Set<String> quotaRemove, int aclsAfter, Refusal refusal) {
        public boolean changesQuotas() {
            return !quotaSet.isEmpty() || !quotaRemove.isEmpty();
        }

        /** One line per change, for logs, Events and {@code brook local}'s output. */
        public List<String> describe() {
            List<String> lines = new ArrayList<>();
            create.forEach(b -> lines.add("ACL added: " + UserPlan.describe(b)));
            delete.forEach(b -> lines.add("ACL removed: " + UserPlan.describe(b)));
            if (credential == Credential.UPSERT) {
                lines.add("SCRAM-SHA-512 credential set");
            } else if (credential == Credential.DELETE) {
                lines.add("SCRAM-SHA-512 credential deleted");
            }
            if (changesQuotas()) {
                List<String> parts = new ArrayList<>();
                quotaSet.forEach((k, v) -> parts.add(k + "=" + format(v)));
                quotaRemove.forEach(k -> parts.add(k + " removed"));
                lines.add("quotas: " + String.join(", ", parts));
            }
            return lines;
        }
    }

    private UserPlan() {
    }

    public static List<Writes> plan(List<UserRequest> batch, KafkaUsers kafka) {
        List<Writes> out = new ArrayList<>(batch.size());
        for (UserRequest request : batch) {
            out.add(plan(request, kafka));
        }
        return out;
    }

    static Writes plan(UserRequest request, KafkaUsers kafka) {
        Refusal refusal = null;
        List<AclBinding> create = new ArrayList<>();
        List<AclBinding> delete = new ArrayList<>();
        Set<AclBinding> current = kafka.acls(request.principal());
        if (!kafka.authorizerEnabled()) {
            if (!request.acls().isEmpty()) {
                refusal = new Refusal(Reason.ClusterMismatch, "the Cluster has no authorizer, so Kafka keeps no ACLs: set "
                        + "spec.security.authorization on the Cluster, or remove spec.acls");
            }
        } else {
            request.acls().stream().filter(b -> !current.contains(b)).sorted(UserPlan::compare).forEach(create::add);
            current.stream().filter(b -> !request.acls().contains(b)).sorted(UserPlan::compare).forEach(delete::add);
        }
        boolean hasCredential = kafka.scramUsers().contains(request.userName());
        Credential credential = Credential.KEEP;
        if (request.password() == null) {
            if (hasCredential) {
                credential = Credential.DELETE;
            }
        } else if (!hasCredential || !request.credentialCurrent()) {
            credential = Credential.UPSERT;
        }
        Map<String, Double> currentQuotas = kafka.quotas(request.userName());
        Map<String, Double> quotaSet = new TreeMap<>();
        request.quotas().forEach((k, v) -> {
            if (!Objects.equals(currentQuotas.get(k), v)) {
                quotaSet.put(k, v);
            }
        });
        Set<String> quotaRemove = new TreeSet<>(currentQuotas.keySet());
        quotaRemove.removeAll(request.quotas().keySet());
        int aclsAfter = kafka.authorizerEnabled() ? request.acls().size() : 0;
        return new Writes(request, create, delete, credential, quotaSet, quotaRemove, aclsAfter, refusal);
    }

    /** An ACL as a user reads it: {@code ALLOW READ topic:orders (prefixed) from *}. */
    public static String describe(AclBinding b) {
        var p = b.pattern();
        var e = b.entry();
        return e.permissionType() + " " + e.operation() + " " + p.resourceType().name().toLowerCase(java.util.Locale.ROOT) + ":" + p.name()
                + (p.patternType() == org.apache.kafka.common.resource.PatternType.PREFIXED ? " (prefix)" : "")
                + ("*".equals(e.host()) ? "" : " from " + e.host());
    }

    private static int compare(AclBinding a, AclBinding b) {
        return describe(a).compareTo(describe(b));
    }

    private static String format(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
