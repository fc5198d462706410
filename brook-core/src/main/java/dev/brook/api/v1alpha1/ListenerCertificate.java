package dev.brook.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A server certificate the user provides for a TLS client listener, e.g. one issued by cert-manager. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ListenerCertificate {
    @JsonPropertyDescription("Secret in the Cluster's namespace with the certificate chain and its private key (PEM, e.g. a "
            + "kubernetes.io/tls Secret). Its names must cover the listener's addresses; Brook reloads it when it changes.")
    @Required
    @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
    @Size(max = 253)
    private String secretName;

    @JsonPropertyDescription("Key of the certificate chain in the Secret. Default tls.crt.")
    @Size(max = 253)
    private String certificate;

    @JsonPropertyDescription("Key of the private key in the Secret. Default tls.key.")
    @Size(max = 253)
    private String key;

    public String getSecretName() { return secretName; }
    public void setSecretName(String secretName) { this.secretName = secretName; }
    public String getCertificate() { return certificate; }
    public void setCertificate(String certificate) { this.certificate = certificate; }
    public String getKey() { return key; }
    public void setKey(String key) { this.key = key; }
}
