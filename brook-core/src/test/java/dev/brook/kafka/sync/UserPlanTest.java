package dev.brook.kafka.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

class UserPlanTest {
    private static final AclBinding READ_A = acl("alice", "a", AclOperation.READ);
    private static final AclBinding WRITE_A = acl("alice", "a", AclOperation.WRITE);
    private static final AclBinding BOB_READ = acl("bob", "a", AclOperation.READ);

    private static AclBinding acl(String user, String topic, AclOperation op) {
        return new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                new AccessControlEntry("User:" + user, "*", op, AclPermissionType.ALLOW));
    }

    private static KafkaUsers kafka(Map<String, Set<AclBinding>> acls, Set<String> scram, Map<String, Map<String, Double>> quotas) {
        return new KafkaUsers(acls, true, scram, quotas);
    }

    @Test
    void aUserAsKafkaHoldsItGetsNoWrite() {
        UserRequest alice = new UserRequest("alice", Set.of(READ_A), "pw", true, Map.of("producer_byte_rate", 1024.0), false);
        UserPlan.Writes w = UserPlan.plan(alice, kafka(Map.of("User:alice", Set.of(READ_A)), Set.of("alice"),
                Map.of("alice", Map.of("producer_byte_rate", 1024.0))));
        assertThat(w.create()).isEmpty();
        assertThat(w.delete()).isEmpty();
        assertThat(w.credential()).isEqualTo(UserPlan.Credential.KEEP);
        assertThat(w.changesQuotas()).isFalse();
        assertThat(w.describe()).isEmpty();
        assertThat(w.aclsAfter()).isEqualTo(1);
    }

    @Test
    void specAclsAreAuthoritativeForTheManagedPrincipalOnly() {
        UserRequest alice = new UserRequest("alice", Set.of(WRITE_A), null, false, Map.of(), false);
        UserPlan.Writes w = UserPlan.plan(alice, kafka(Map.of("User:alice", Set.of(READ_A), "User:bob", Set.of(BOB_READ)), Set.of(), Map.of()));
        assertThat(w.create()).containsExactly(WRITE_A);
        assertThat(w.delete()).containsExactly(READ_A);
        assertThat(w.describe()).containsExactly("ACL added: ALLOW WRITE topic:a", "ACL removed: ALLOW READ topic:a");
    }

    @Test
    void theCredentialIsWrittenWhenKafkaLacksItOrThePasswordChangedAndDeletedForAUserWithoutOne() {
        KafkaUsers has = kafka(Map.of(), Set.of("alice"), Map.of());
        KafkaUsers lacks = kafka(Map.of(), Set.of(), Map.of());
        assertThat(UserPlan.plan(new UserRequest("alice", Set.of(), "pw", true, Map.of(), false), has).credential())
                .isEqualTo(UserPlan.Credential.KEEP);
        assertThat(UserPlan.plan(new UserRequest("alice", Set.of(), "pw", false, Map.of(), false), has).credential())
                .as("password changed").isEqualTo(UserPlan.Credential.UPSERT);
        assertThat(UserPlan.plan(new UserRequest("alice", Set.of(), "pw", true, Map.of(), false), lacks).credential())
                .as("deleted by hand in Kafka").isEqualTo(UserPlan.Credential.UPSERT);
        assertThat(UserPlan.plan(new UserRequest("alice", Set.of(), null, false, Map.of(), false), has).credential())
                .as("a TLS user").isEqualTo(UserPlan.Credential.DELETE);
        assertThat(UserPlan.plan(new UserRequest("alice", Set.of(), null, false, Map.of(), false), lacks).credential())
                .isEqualTo(UserPlan.Credential.KEEP);
    }

    @Test
    void quotasAreSetAndRemovedKeyByKey() {
        UserRequest alice = new UserRequest("alice", Set.of(), null, false, Map.of("producer_byte_rate", 2048.0, "request_percentage", 50.0), false);
        UserPlan.Writes w = UserPlan.plan(alice, kafka(Map.of(), Set.of(), Map.of("alice",
                Map.of("producer_byte_rate", 1024.0, "request_percentage", 50.0, "consumer_byte_rate", 4096.0))));
        assertThat(w.quotaSet()).containsExactly(Map.entry("producer_byte_rate", 2048.0));
        assertThat(w.quotaRemove()).containsExactly("consumer_byte_rate");
        assertThat(w.describe()).containsExactly("quotas: producer_byte_rate=2048, consumer_byte_rate removed");
    }

    @Test
    void aRemovalTakesEverything() {
        UserPlan.Writes w = UserPlan.plan(UserRequest.removal("alice"), kafka(Map.of("User:alice", Set.of(READ_A, WRITE_A)), Set.of("alice"),
                Map.of("alice", Map.of("producer_byte_rate", 1024.0))));
        assertThat(w.delete()).containsExactlyInAnyOrder(READ_A, WRITE_A);
        assertThat(w.credential()).isEqualTo(UserPlan.Credential.DELETE);
        assertThat(w.quotaRemove()).containsExactly("producer_byte_rate");
        assertThat(w.aclsAfter()).isZero();
    }

    @Test
    void withoutAnAuthorizerAclsAreRefusedButTheCredentialIsStillWritten() {
        KafkaUsers noAuthorizer = new KafkaUsers(Map.of(), false, Set.of(), Map.of());
        UserPlan.Writes w = UserPlan.plan(new UserRequest("alice", Set.of(READ_A), "pw", false, Map.of(), false), noAuthorizer);
        assertThat(w.create()).isEmpty();
        assertThat(w.refusal().message()).contains("spec.security.authorization");
        assertThat(w.credential()).isEqualTo(UserPlan.Credential.UPSERT);
        assertThat(UserPlan.plan(new UserRequest("bob", Set.of(), "pw", false, Map.of(), false), noAuthorizer).refusal()).isNull();
    }

    @Test
    void aBatchIsPlannedUserByUserInOrder() {
        List<UserPlan.Writes> plan = UserPlan.plan(List.of(new UserRequest("alice", Set.of(READ_A), null, false, Map.of(), false),
                new UserRequest("bob", Set.of(BOB_READ), null, false, Map.of(), false)), kafka(Map.of("User:bob", Set.of(BOB_READ)), Set.of(), Map.of()));
        assertThat(plan).extracting(w -> w.request().userName()).containsExactly("alice", "bob");
        assertThat(plan.get(0).create()).containsExactly(READ_A);
        assertThat(plan.get(1).create()).isEmpty();
    }
}
