package dev.brook.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.api.v1alpha1.User;
import dev.brook.api.v1alpha1.UserAuthentication;
import dev.brook.api.v1alpha1.UserStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserClaimsTest {
    private static User managing(String name, String userName, String created) {
        User u = UserCredentialsTest.user(name, UserAuthentication.Type.SCRAM_SHA_512);
        u.getSpec().setUserName(userName);
        u.getMetadata().setCreationTimestamp(created);
        return u;
    }

    @Test
    void theUserThatManagesANameKeepsItAndTheOtherIsRefused() {
        User first = managing("first", "alice", "2026-12-02T10:00:00Z");
        User second = managing("second", "alice", "2026-12-01T10:00:00Z");
        UserStatus status = new UserStatus();
        status.setUserName("alice");
        first.setStatus(status);
        assertThat(UserClaims.conflict(first, List.of(first, second))).isEmpty();
        assertThat(UserClaims.conflict(second, List.of(first, second))).get().extracting(Refusal::reason).isEqualTo(Reason.UserNameConflict);
        assertThat(UserClaims.indexKey(first)).isEqualTo(UserClaims.indexKey("ns1", "alpha", "alice"));
    }

    @Test
    void aManagedNameCannotBeRenamed() {
        User u = managing("first", "alice", "2026-12-02T10:00:00Z");
        assertThat(UserClaims.renamed(u)).isEmpty();
        UserStatus status = new UserStatus();
        status.setUserName("alice");
        u.setStatus(status);
        assertThat(UserClaims.renamed(u)).isEmpty();
        u.getSpec().setUserName("bob");
        assertThat(UserClaims.renamed(u)).get().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(Reason.NotSupported);
            assertThat(r.message()).contains("manages Kafka user 'alice'", "create a new User for 'bob'");
        });
    }
}
