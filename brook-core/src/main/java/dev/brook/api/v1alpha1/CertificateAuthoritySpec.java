package dev.brook.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** A certificate authority Brook runs for a cluster (or takes from a Secret the user names). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class CertificateAuthoritySpec {
    public static final int DEFAULT_VALIDITY_DAYS = 365;
    public static final int DEFAULT_RENEWAL_DAYS = 30;

    @JsonPropertyDescription("Validity of the CA certificate and of the certificates it signs, in days. Default 365.")
    @Min(2)
    @Max(3650)
    @Default("365")
    private Integer validityDays;

    @JsonPropertyDescription("How many days before expiry a certificate is renewed. Default 30; less than validityDays.")
    @Min(1)
    @Max(3649)
    @Default("30")
    private Integer renewalDays;

    @JsonPropertyDescription("Key algorithm of the CA and of the certificates it signs: EC_P256 (default), RSA_2048, RSA_3072 or RSA_4096. "
            + "A change applies at the next key replacement.")
    @Default("EC_P256")
    private KeyAlgorithmType keyAlgorithm;

    @JsonPropertyDescription("Set to a new value to replace the CA's key: the new CA is trusted everywhere first, then signs new "
            + "certificates, then the old CA is dropped; no broker restarts. Applied once per value.")
    @Pattern("^[A-Za-z0-9][A-Za-z0-9._-]*$")
    @Size(max = 63)
    private String replaceKey;

    @JsonPropertyDescription("A CA you provide instead: the name of a Secret in the Cluster's namespace with ca.crt and ca.key (PEM). "
            + "Brook signs with it and never renews or replaces it; the Certificates condition warns before it expires.")
    @Pattern("^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")
    @Size(max = 253)
    private String secretName;

    public Integer getValidityDays() { return validityDays; }
    public void setValidityDays(Integer validityDays) { this.validityDays = validityDays; }
    public Integer getRenewalDays() { return renewalDays; }
    public void setRenewalDays(Integer renewalDays) { this.renewalDays = renewalDays; }
    public KeyAlgorithmType getKeyAlgorithm() { return keyAlgorithm; }
    public void setKeyAlgorithm(KeyAlgorithmType keyAlgorithm) { this.keyAlgorithm = keyAlgorithm; }
    public String getReplaceKey() { return replaceKey; }
    public void setReplaceKey(String replaceKey) { this.replaceKey = replaceKey; }
    public String getSecretName() { return secretName; }
    public void setSecretName(String secretName) { this.secretName = secretName; }
}
