package dev.brook.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Who may do what in the cluster: Kafka's ACL authorizer. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class AuthorizationSpec {
    /** The authorizers. */
    public enum Type {
        /** Kafka's ACL authorizer for ZooKeeper mode (kafka.security.authorizer.AclAuthorizer): ACLs live in ZooKeeper. */
        @JsonProperty("simple") SIMPLE
    }

    @JsonPropertyDescription("simple: Kafka's ACL authorizer; what is not allowed by an ACL is refused.")
    @Required
    private Type type;

    @JsonPropertyDescription("Principals allowed everything, e.g. User:admin. Brook's own brokers and operator are super users without "
            + "being listed. Each looks like User:<name> (no ';'). A client of a listener without authentication is User:ANONYMOUS.")
    @Size(max = 64)
    private List<String> superUsers;

    public Type getType() { return type; }
    public void setType(Type type) { this.type = type; }
    public List<String> getSuperUsers() { return superUsers; }
    public void setSuperUsers(List<String> superUsers) { this.superUsers = superUsers; }
}
