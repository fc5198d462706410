package dev.brook.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What the operator set up for a user. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class UserStatus extends BrookStatus {
    @JsonPropertyDescription("The Kafka user name this resource manages.")
    private String userName;
    @JsonPropertyDescription("The principal Kafka sees (User:<userName>) on every listener; ACLs and quotas are for it.")
    private String principal;
    @JsonPropertyDescription("The Secret with the user's credentials, the CA bundle and client configurations.")
    private String secret;
    @JsonPropertyDescription("tls users: when the user's certificate expires (Brook issues a new one before).")
    private String certificateNotAfter;
    @JsonPropertyDescription("scram-sha-512 users: a salted slow hash of the password Kafka has, so Brook writes the credential "
            + "only when the password changes (never the password itself).")
    private String credentialFingerprint;
    @JsonPropertyDescription("ACLs of the principal in Kafka.")
    private Integer acls;

    public String getUserName() { return userName; }
    public void setUserName(String userName) { this.userName = userName; }
    public String getPrincipal() { return principal; }
    public void setPrincipal(String principal) { this.principal = principal; }
    public String getSecret() { return secret; }
    public void setSecret(String secret) { this.secret = secret; }
    public String getCertificateNotAfter() { return certificateNotAfter; }
    public void setCertificateNotAfter(String certificateNotAfter) { this.certificateNotAfter = certificateNotAfter; }
    public String getCredentialFingerprint() { return credentialFingerprint; }
    public void setCredentialFingerprint(String credentialFingerprint) { this.credentialFingerprint = credentialFingerprint; }
    public Integer getAcls() { return acls; }
    public void setAcls(Integer acls) { this.acls = acls; }
}
