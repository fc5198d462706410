package dev.brook.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

/** TLS and the certificate authorities of a cluster. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class SecuritySpec {
    @JsonPropertyDescription("TLS between Brook's own pods: brokers replicate over mutual TLS, brokers reach ZooKeeper over mutual TLS "
            + "on a TLS-only client port, the ZooKeeper quorum runs over TLS, and only the brokers may change their znodes. Default "
            + "true. A running cluster created without it cannot be switched yet: set false to keep such a cluster as it is.")
    @Default("true")
    private Boolean internalTls;

    @JsonPropertyDescription("The cluster CA: signs the certificates of the ZooKeeper and broker pods and of the operator.")
    private CertificateAuthoritySpec clusterCa;

    @JsonPropertyDescription("The clients CA: signs the certificates clients present on listeners that authenticate them by TLS.")
    private CertificateAuthoritySpec clientsCa;

    @JsonPropertyDescription("Kafka's ACL authorizer and the super users. Without it every client may do anything.")
    private AuthorizationSpec authorization;

    public AuthorizationSpec getAuthorization() { return authorization; }
    public void setAuthorization(AuthorizationSpec authorization) { this.authorization = authorization; }
    public Boolean getInternalTls() { return internalTls; }
    public void setInternalTls(Boolean internalTls) { this.internalTls = internalTls; }
    public CertificateAuthoritySpec getClusterCa() { return clusterCa; }
    public void setClusterCa(CertificateAuthoritySpec clusterCa) { this.clusterCa = clusterCa; }
    public CertificateAuthoritySpec getClientsCa() { return clientsCa; }
    public void setClientsCa(CertificateAuthoritySpec clientsCa) { this.clientsCa = clientsCa; }
}
