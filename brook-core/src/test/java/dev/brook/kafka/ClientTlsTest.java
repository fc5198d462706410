package dev.brook.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.pki.CertificateAuthority;
import dev.brook.pki.Leaf;
import dev.brook.pki.LeafRequest;
import dev.brook.pki.Subject;
import dev.brook.pki.Usage;
import dev.brook.pki.Validity;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ClientTlsTest {
    @Test
    void aBrookKeyStoreSplitsIntoKafkasInlinePemKeyAndChain() {
        Instant now = Instant.now();
        CertificateAuthority ca = CertificateAuthority.create(Subject.of("test-ca"), Validity.of(now, Duration.ofDays(10)));
        Leaf leaf = Leaf.issue(ca, LeafRequest.builder("brook-operator").usage(Usage.CLIENT).validity(Validity.of(now, Duration.ofDays(5))).build());
        ClientTls tls = ClientTls.of(ca.certificatePem(), leaf.keyStorePem());
        assertThat(tls.privateKey()).startsWith("-----BEGIN PRIVATE KEY-----").doesNotContain("CERTIFICATE");
        assertThat(tls.certificateChain()).startsWith("-----BEGIN CERTIFICATE-----").doesNotContain("PRIVATE KEY");
        assertThat(tls.properties()).containsEntry("security.protocol", "SSL").containsEntry("ssl.keystore.type", "PEM")
                .containsEntry("ssl.truststore.type", "PEM").containsEntry("ssl.truststore.certificates", ca.certificatePem());
        assertThat(ClientTls.of(ca.certificatePem(), null).properties()).doesNotContainKey("ssl.keystore.key");
        assertThat(tls.fingerprint()).isEqualTo(ClientTls.of(ca.certificatePem(), leaf.keyStorePem()).fingerprint())
                .isNotEqualTo(ClientTls.of(ca.certificatePem(), null).fingerprint());
    }
}
