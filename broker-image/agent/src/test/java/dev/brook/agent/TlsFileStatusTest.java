package dev.brook.agent;

import dev.brook.contract.ExitCode;
import dev.brook.contract.StatusFields;
import dev.brook.pki.CertificateAuthority;
import dev.brook.pki.KeyAlgorithm;
import dev.brook.pki.Leaf;
import dev.brook.pki.LeafRequest;
import dev.brook.pki.Pem;
import dev.brook.pki.Subject;
import dev.brook.pki.Validity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The TLS status fields and the start check, on certificates made by brook-core's PKI (the operator's). */
class TlsFileStatusTest {
    private static final Validity VALIDITY = Validity.of(Instant.parse("2026-01-01T00:00:00Z"), Duration.ofDays(3650));
    private static CertificateAuthority oldCa;
    private static CertificateAuthority newCa;
    private static Leaf leaf;

    @TempDir
    Path dir;

    @BeforeAll
    static void certificates() {
        oldCa = CertificateAuthority.create(Subject.of("brook-cluster-ca"), VALIDITY);
        newCa = CertificateAuthority.create(Subject.of("brook-cluster-ca-2"), VALIDITY, KeyAlgorithm.RSA_2048);
        leaf = Leaf.issue(newCa, LeafRequest.builder("c1-broker").dnsNames("c1-broker-0.c1-broker.ns.svc").validity(VALIDITY).build());
    }

    @Test
    void statusNamesTheCertificateItsExpiryTheCaKeyThatSignedItAndEveryTrustedCa() throws Exception {
        Files.writeString(dir.resolve("c1-broker-0.pem"), leaf.keyStorePem());
        Files.writeString(dir.resolve("cluster-ca.pem"), Pem.trustBundle(List.of(oldCa.certificate(), newCa.certificate())));

        Map<String, Object> status = TlsFileStatus.read(dir, "c1-broker-0");

        assertThat(status).containsEntry(StatusFields.TLS_CERTIFICATE, leaf.info().fingerprint())
                .containsEntry(StatusFields.TLS_NOT_AFTER, "2035-12-30T00:00:00Z")
                .containsEntry(StatusFields.TLS_ISSUER_KEY, newCa.info().publicKeyFingerprint())
                .containsEntry(StatusFields.TLS_TRUSTED, String.join(",",
                        Stream.of(oldCa.info().fingerprint(), newCa.info().fingerprint()).sorted().toList()))
                .doesNotContainKey(StatusFields.TLS_ERROR);
    }

    @Test
    void aBundleWithoutTheSigningCaGivesAnEmptyIssuerKeyEvenUnderTheSameSubject() throws Exception {
        CertificateAuthority impostor = CertificateAuthority.create(Subject.of("brook-cluster-ca-2"), VALIDITY);
        Files.writeString(dir.resolve("c1-broker-0.pem"), leaf.keyStorePem());
        Files.writeString(dir.resolve("cluster-ca.pem"), Pem.trustBundle(List.of(oldCa.certificate(), impostor.certificate())));

        assertThat(TlsFileStatus.read(dir, "c1-broker-0")).containsEntry(StatusFields.TLS_ISSUER_KEY, "")
                .containsEntry(StatusFields.TLS_CERTIFICATE, leaf.info().fingerprint());
    }

    @Test
    void unreadableFilesGiveEmptyFieldsAndOneErrorLine() throws Exception {
        Map<String, Object> status = TlsFileStatus.read(dir, "c1-broker-0");
        assertThat(status).containsEntry(StatusFields.TLS_CERTIFICATE, "").containsEntry(StatusFields.TLS_TRUSTED, "");
        assertThat(status.get(StatusFields.TLS_ERROR).toString()).contains("c1-broker-0.pem").doesNotContain("\n");
    }

    @Test
    void startRefusesMissingFilesKeyStoresWithoutAKeyAndBundlesWithoutCertificates() throws Exception {
        List<String> needed = List.of("c1-broker-0.pem", "cluster-ca.pem");
        assertThatThrownBy(() -> TlsFileStatus.requireFiles(dir, needed, "broker-inputs.properties"))
                .isInstanceOfSatisfying(AgentFailure.class, f -> assertThat(f.exitCode()).isEqualTo(ExitCode.INVALID_INPUT))
                .hasMessageStartingWith("TLS file " + dir.resolve("c1-broker-0.pem") + " is missing (broker-inputs.properties asks for TLS");
        Files.writeString(dir.resolve("c1-broker-0.pem"), leaf.chainPem());
        Files.writeString(dir.resolve("cluster-ca.pem"), newCa.certificatePem());
        assertThatThrownBy(() -> TlsFileStatus.requireFiles(dir, needed, "broker-inputs.properties"))
                .hasMessageContaining("holds 0 unencrypted PKCS#8 private keys");
        Files.writeString(dir.resolve("c1-broker-0.pem"), leaf.keyStorePem());
        Files.writeString(dir.resolve("cluster-ca.pem"), "not PEM\n");
        assertThatThrownBy(() -> TlsFileStatus.requireFiles(dir, needed, "broker-inputs.properties"))
                .hasMessageContaining("cluster-ca.pem holds no certificate");
        Files.writeString(dir.resolve("cluster-ca.pem"), newCa.certificatePem());
        TlsFileStatus.requireFiles(dir, needed, "broker-inputs.properties");
    }
}
