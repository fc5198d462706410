package dev.brook.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** How a user logs in. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.type == 'scram-sha-512' || !has(self.password)", message = "password applies to scram-sha-512 only")
public class UserAuthentication {
    /** The mechanisms a user can have; each matches a listener's {@link ListenerAuthentication.Type}. */
    public enum Type {
        /** A certificate from the Cluster's clients CA, CN = the user name. */
        @JsonProperty("tls") TLS,
        /** A SCRAM-SHA-512 credential in Kafka. */
        @JsonProperty("scram-sha-512") SCRAM_SHA_512;

        /** As users write it in the spec. */
        public String specName() {
            return this == TLS ? "tls" : "scram-sha-512";
        }
    }

    @JsonPropertyDescription("tls: Brook issues a certificate (CN = userName) from the clients CA into the user's Secret. "
            + "scram-sha-512: Brook sets a SCRAM credential in Kafka, with a generated password (in the user's Secret) or yours.")
    @Required
    @Size(max = 13)
    private Type type;

    @JsonPropertyDescription("scram-sha-512 only: take the password from your own Secret instead of generating one. Brook reads it on "
            + "every reconcile; change it there to rotate.")
    private PasswordSource password;

    public Type getType() { return type; }
    public void setType(Type type) { this.type = type; }
    public PasswordSource getPassword() { return password; }
    public void setPassword(PasswordSource password) { this.password = password; }
}
