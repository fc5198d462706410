package dev.brook.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;

/** A Kafka user on a Brook Cluster: how it logs in, what it may do, how fast. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UserSpec {
    /**
     * User names Brook accepts: they become a certificate's CN and a SCRAM user name, and Kafka's principal
     * {@code User:<name>} on every listener, so no ',' '=' ';' or spaces (X.509 and SCRAM escape those differently).
     */
    public static final String USER_NAME_PATTERN = "^[a-zA-Z0-9][a-zA-Z0-9._@-]{0,63}$";

    @JsonPropertyDescription("Name of the Cluster (same namespace) this user belongs to.")
    @Required
    @Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
    @Size(max = 63)
    private String cluster;

    @JsonPropertyDescription("Kafka user name, the principal is User:<userName> whether the user logs in with a certificate or a "
            + "password. Defaults to metadata.name. 1-64 of [a-zA-Z0-9._@-], starting with a letter or digit.")
    @Pattern(USER_NAME_PATTERN)
    @Size(max = 64)
    private String userName;

    @JsonPropertyDescription("How the user logs in: tls (a certificate from the clients CA) or scram-sha-512 (a password).")
    @Required
    private UserAuthentication authentication;

    @JsonPropertyDescription("What the user may do (needs spec.security.authorization on the Cluster). Authoritative: ACLs of this "
            + "principal that are not listed here are removed from Kafka. At most 200.")
    @Size(max = 200)
    private List<AclRule> acls = new ArrayList<>();

    @JsonPropertyDescription("Kafka's client quotas for this user; an omitted field means no limit.")
    private UserQuotas quotas;

    @JsonPropertyDescription("Delete (default): deleting this resource removes the user's credentials, ACLs and quotas from Kafka. "
            + "Retain: they stay.")
    @Default("Delete")
    private DeletionPolicy deletionPolicy = DeletionPolicy.Delete;

    public String getCluster() { return cluster; }
    public void setCluster(String cluster) { this.cluster = cluster; }
    public String getUserName() { return userName; }
    public void setUserName(String userName) { this.userName = userName; }
    public UserAuthentication getAuthentication() { return authentication; }
    public void setAuthentication(UserAuthentication authentication) { this.authentication = authentication; }
    public List<AclRule> getAcls() { return acls; }
    public void setAcls(List<AclRule> acls) { this.acls = acls; }
    public UserQuotas getQuotas() { return quotas; }
    public void setQuotas(UserQuotas quotas) { this.quotas = quotas; }
    public DeletionPolicy getDeletionPolicy() { return deletionPolicy; }
    public void setDeletionPolicy(DeletionPolicy deletionPolicy) { this.deletionPolicy = deletionPolicy; }
}
