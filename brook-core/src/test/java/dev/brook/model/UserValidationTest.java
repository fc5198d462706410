package dev.brook.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.api.v1alpha1.AclResource;
import dev.brook.api.v1alpha1.AclRule;
import dev.brook.api.v1alpha1.PasswordSource;
import dev.brook.api.v1alpha1.User;
import dev.brook.api.v1alpha1.UserAuthentication;
import java.util.List;
import org.junit.jupiter.api.Test;

class UserValidationTest {
    @Test
    void aValidUserHasNoProblems() {
        assertThat(UserValidation.problems(UserCredentialsTest.user("alice", UserAuthentication.Type.TLS))).isEmpty();
    }

    @Test
    void operationsThatDoNotApplyToTheResourceTypeAreNamed() {
        User u = UserCredentialsTest.user("alice", UserAuthentication.Type.TLS);
        u.getSpec().getAcls().add(new AclRule(new AclResource(AclResource.Type.GROUP, "g", AclResource.PatternType.LITERAL),
                List.of(AclRule.Operation.Write)));
        assertThat(UserValidation.problems(u)).singleElement().asString()
                .startsWith("spec.acls[1].operations: Write does not apply to group; Kafka has");
    }

    @Test
    void namesPasswordsAndResourceNamesAreChecked() {
        User u = UserCredentialsTest.user("alice", UserAuthentication.Type.TLS);
        u.getSpec().setUserName("CN=x,O=y");
        u.getSpec().getAuthentication().setPassword(new PasswordSource());
        u.getSpec().getAcls().add(new AclRule(new AclResource(AclResource.Type.CLUSTER, "other", AclResource.PatternType.LITERAL),
                List.of(AclRule.Operation.Alter)));
        u.getSpec().getAcls().add(new AclRule(new AclResource(AclResource.Type.TOPIC, null, AclResource.PatternType.LITERAL),
                List.of(AclRule.Operation.Read)));
        assertThat(UserValidation.problems(u)).extracting(SpecProblem::field).containsExactly("spec.userName",
                "spec.authentication.password", "spec.acls[1].resource.name", "spec.acls[2].resource.name");
    }
}
