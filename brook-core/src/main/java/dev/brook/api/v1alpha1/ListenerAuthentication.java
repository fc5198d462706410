package dev.brook.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** How clients of a listener prove who they are. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.type == 'scram-sha-512' || !has(self.reauthenticationSeconds)",
        message = "reauthenticationSeconds applies to scram-sha-512 only")
@ValidationRule(value = "self.type == 'scram-sha-512' || !has(self.allowPlaintext)", message = "allowPlaintext applies to scram-sha-512 only")
public class ListenerAuthentication {
    /** The mechanisms. */
    public enum Type {
        /** Mutual TLS: a client certificate from the clients CA; the principal is User:<the certificate's CN>. */
        @JsonProperty("tls") TLS,
        /** SCRAM-SHA-512 over SASL; the principal is User:<user name>. */
        @JsonProperty("scram-sha-512") SCRAM_SHA_512
    }

    @JsonPropertyDescription("tls (client certificates from the clients CA; needs tls: true on the listener) or scram-sha-512 (user name "
            + "and password; over TLS unless allowPlaintext). Either way the principal is User:<user name> (a certificate's CN).")
    @Required
    @Size(max = 13)
    private Type type;

    @JsonPropertyDescription("scram-sha-512 only: accept SCRAM on a listener without TLS (passwords are not sent, but everything else "
            + "is readable on the network). Default false: such a listener is refused.")
    private Boolean allowPlaintext;

    @JsonPropertyDescription("scram-sha-512 only: how often a connection must log in again (Kafka's connections.max.reauth.ms), so a "
            + "changed or deleted password ends open connections that soon. 0 turns it off. Default 300.")
    @Min(0)
    @Max(86400)
    private Integer reauthenticationSeconds;

    public static final int DEFAULT_REAUTHENTICATION_SECONDS = 300;

    public Type getType() { return type; }
    public void setType(Type type) { this.type = type; }
    public Boolean getAllowPlaintext() { return allowPlaintext; }
    public void setAllowPlaintext(Boolean allowPlaintext) { this.allowPlaintext = allowPlaintext; }
    public Integer getReauthenticationSeconds() { return reauthenticationSeconds; }
    public void setReauthenticationSeconds(Integer reauthenticationSeconds) { this.reauthenticationSeconds = reauthenticationSeconds; }
}
