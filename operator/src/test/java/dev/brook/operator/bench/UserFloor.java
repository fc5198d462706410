package dev.brook.operator.bench;

import dev.brook.pki.Passwords;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * Kafka's floor for N users: the writes Kafka needs and nothing else, from a plain Admin client. Per batch of
 * {@value #BATCH} users one {@code alterUserScramCredentials} (SCRAM-SHA-512 upserts, 4096 iterations, a generated
 * 32-character password each, as the operator makes) and one {@code createAcls} (their 3 ACLs each) in flight
 * together, batches one after another. No reads, no Kubernetes.
 */
final class UserFloor {
    static final int BATCH = 100;

    /** One floor arm: wall time and Admin requests. */
    record Result(long millis, int requests) {
    }

    private UserFloor() {
    }

    /** The 3 ACLs of user {@code userName} ({@code resource} names its topic and its group), as the benchmark's Users declare them. */
    static List<AclBinding> acls(String userName, String resource) {
        String principal = "User:" + userName;
        ResourcePattern topic = new ResourcePattern(ResourceType.TOPIC, resource, PatternType.LITERAL);
        ResourcePattern group = new ResourcePattern(ResourceType.GROUP, resource, PatternType.LITERAL);
        return List.of(
                new AclBinding(topic, new AccessControlEntry(principal, "*", AclOperation.WRITE, AclPermissionType.ALLOW)),
                new AclBinding(topic, new AccessControlEntry(principal, "*", AclOperation.DESCRIBE, AclPermissionType.ALLOW)),
                new AclBinding(group, new AccessControlEntry(principal, "*", AclOperation.READ, AclPermissionType.ALLOW)));
    }

    /** Writes users {@code names(arm, 0..n-1)} and their ACLs; throws if Kafka refuses any. */
    static Result run(Admin admin, String arm, int n) throws Exception {
        long t0 = System.nanoTime();
        int requests = 0;
        for (int from = 0; from < n; from += BATCH) {
            List<UserScramCredentialAlteration> credentials = new ArrayList<>();
            List<AclBinding> acls = new ArrayList<>();
            for (int i = from; i < Math.min(n, from + BATCH); i++) {
                String user = UserScaleBenchmark.userName(arm, i);
                credentials.add(new UserScramCredentialUpsertion(user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096),
                        Passwords.generate(Passwords.DEFAULT_LENGTH)));
                acls.addAll(acls(user, UserScaleBenchmark.resourceName(arm, i)));
            }
            KafkaFuture<Void> scram = admin.alterUserScramCredentials(credentials).all();
            KafkaFuture<Void> created = admin.createAcls(acls).all();
            requests += 2;
            KafkaFuture.allOf(scram, created).get(5, TimeUnit.MINUTES);
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf(Locale.ROOT, "[bench] floor %s: %d users in %d ms (%.1f users/s), %d requests%n", arm, n, millis,
                n * 1000.0 / millis, requests);
        return new Result(millis, requests);
    }
}
