package dev.brook.api.v1alpha1;

import io.fabric8.generator.annotation.ValidationRule;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/**
 * A client listener of the brokers. Brook adds its own replication listener for traffic between
 * brokers; these are for clients, over TLS or not.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "!has(self.authentication) || self.authentication.type != 'tls' || (has(self.tls) && self.tls)",
        message = "authentication tls needs a TLS listener: set tls: true")
@ValidationRule(value = "!has(self.authentication) || self.authentication.type != 'scram-sha-512' || (has(self.tls) && self.tls) "
        + "|| (has(self.authentication.allowPlaintext) && self.authentication.allowPlaintext)",
        message = "scram-sha-512 without TLS: set tls: true, or authentication.allowPlaintext: true if you mean it")
public class ListenerSpec {
    @JsonPropertyDescription("Listener name: lower-case letters, digits and '-', at most 25 characters; unique in the cluster. 'replication' is reserved.")
    @Required
    @Pattern("^[a-z][a-z0-9-]{0,24}$")
    @Size(max = 25)
    private String name;

    @JsonPropertyDescription("Container port of the listener (1024-65535; 9091, 9191 and 9404 are used by Brook).")
    @Required
    @Min(1024)
    @Max(65535)
    private Integer port;

    @JsonPropertyDescription("internal, nodeport or loadbalancer.")
    @Default("internal")
    private ListenerType type = ListenerType.INTERNAL;

    @JsonPropertyDescription("Serve this listener over TLS, with a certificate from the cluster CA (or the one in certificate). "
            + "Clients then need the CA certificate (Secret <cluster>-cluster-ca-cert). Default false.")
    @Default("false")
    private Boolean tls;

    @JsonPropertyDescription("Your own server certificate for this TLS listener, instead of one from the cluster CA.")
    private ListenerCertificate certificate;

    @JsonPropertyDescription("How clients prove who they are: tls (client certificates) or scram-sha-512. Without it clients are "
            + "anonymous (User:ANONYMOUS).")
    private ListenerAuthentication authentication;

    public ListenerAuthentication getAuthentication() { return authentication; }
    public void setAuthentication(ListenerAuthentication authentication) { this.authentication = authentication; }

    public ListenerSpec() {
    }

    public ListenerSpec(String name, int port, ListenerType type) {
        this.name = name;
        this.port = port;
        this.type = type;
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public Integer getPort() { return port; }
    public void setPort(Integer port) { this.port = port; }
    public ListenerType getType() { return type; }
    public void setType(ListenerType type) { this.type = type; }
    public Boolean getTls() { return tls; }
    public void setTls(Boolean tls) { this.tls = tls; }
    public ListenerCertificate getCertificate() { return certificate; }
    public void setCertificate(ListenerCertificate certificate) { this.certificate = certificate; }
}
