package dev.brook.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x509.Extension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CertificateAuthorityTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Validity FIVE_YEARS = Validity.of(T0, Duration.ofDays(5 * 365));

    @ParameterizedTest
    @EnumSource(value = KeyAlgorithm.class, names = {"EC_P256", "RSA_2048"})
    void aNewCaIsASelfSignedCaThatSignsOnlyLeaves(KeyAlgorithm algorithm) throws Exception {
        CertificateAuthority ca = CertificateAuthority.create(Subject.of("brook-cluster-ca"), FIVE_YEARS, algorithm);
        CertificateInfo info = ca.info();

        assertThat(info.subject()).isEqualTo("CN=brook-cluster-ca");
        assertThat(info.issuer()).isEqualTo(info.subject());
        assertThat(info.isCa()).isTrue();
        assertThat(ca.certificate().getBasicConstraints()).as("path length 0").isZero();
        assertThat(ca.certificate().getCriticalExtensionOIDs())
                .contains(Extension.basicConstraints.getId(), Extension.keyUsage.getId());
        boolean[] keyUsage = ca.certificate().getKeyUsage();
        assertThat(keyUsage[5]).as("keyCertSign").isTrue();
        assertThat(keyUsage[6]).as("cRLSign").isTrue();
        assertThat(keyUsage[0]).as("digitalSignature").isFalse();
        assertThat(ca.certificate().getExtensionValue(Extension.subjectKeyIdentifier.getId())).isNotNull();
        assertThat(info.notBefore()).isEqualTo(T0);
        assertThat(info.notAfter()).isEqualTo(T0.plus(Duration.ofDays(5 * 365)));
        assertThat(info.issuedBy(ca.certificate())).isTrue();
        assertThat(ca.certificate().getSigAlgName()).isEqualToIgnoringCase(algorithm.signatureAlgorithm());
        assertThat(ca.privateKey().getAlgorithm()).isEqualTo(algorithm.jcaName());
        assertThat(ca.certificate().getSerialNumber().signum()).isPositive();
    }

    @Test
    void twoCasHaveDifferentKeysAndSerials() {
        CertificateAuthority a = CertificateAuthority.create(Subject.of("ca"), FIVE_YEARS);
        CertificateAuthority b = CertificateAuthority.create(Subject.of("ca"), FIVE_YEARS);

        assertThat(a.info().publicKeyFingerprint()).isNotEqualTo(b.info().publicKeyFingerprint());
        assertThat(a.info().serialNumber()).isNotEqualTo(b.info().serialNumber());
    }

    @Test
    void renewalKeepsSubjectAndKeyAndChangesSerialAndValidity() {
        CertificateAuthority ca = CertificateAuthority.create(Subject.of("brook-cluster-ca").withOrganization("brook"),
                FIVE_YEARS);
        Validity later = Validity.of(T0.plus(Duration.ofDays(4 * 365)), Duration.ofDays(5 * 365));

        CertificateAuthority renewed = ca.renew(later);

        assertThat(renewed.info().subject()).isEqualTo(ca.info().subject());
        assertThat(renewed.certificate().getSubjectX500Principal().getEncoded())
                .isEqualTo(ca.certificate().getSubjectX500Principal().getEncoded());
        assertThat(renewed.info().publicKeyFingerprint()).isEqualTo(ca.info().publicKeyFingerprint());
        assertThat(renewed.privateKey()).isSameAs(ca.privateKey());
        assertThat(renewed.info().fingerprint()).isNotEqualTo(ca.info().fingerprint());
        assertThat(renewed.info().serialNumber()).isNotEqualTo(ca.info().serialNumber());
        assertThat(renewed.info().validity()).isEqualTo(later);
        assertThat(renewed.certificate().getExtensionValue(Extension.subjectKeyIdentifier.getId()))
                .isEqualTo(ca.certificate().getExtensionValue(Extension.subjectKeyIdentifier.getId()));
        assertThat(renewed.info().isCa()).isTrue();
    }

    @Test
    void aRenewedCaStillVerifiesLeavesTheOldCertificateSigned() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create(Subject.of("brook-cluster-ca"), FIVE_YEARS);
        Leaf leaf = Leaf.issue(ca, LeafRequest.builder("broker-0").dnsNames("broker-0.brokers")
                .validity(Validity.of(T0.plus(Duration.ofDays(4 * 365)), Duration.ofDays(2 * 365))).build());
        CertificateAuthority renewed = ca.renew(Validity.of(T0.plus(Duration.ofDays(4 * 365)), Duration.ofDays(5 * 365)));
        Instant afterTheOldCaExpired = T0.plus(Duration.ofDays(5 * 365 + 30));

        Chains.validate(List.of(leaf.certificate()), List.of(renewed.certificate()), afterTheOldCaExpired);
        // The chain a pod sends still carries the old, now expired, CA certificate: only a candidate, the anchor decides.
        Chains.build(leaf.certificate(), List.of(ca.certificate()), List.of(renewed.certificate()), afterTheOldCaExpired);
        assertThat(leaf.info().issuedBy(renewed.certificate())).isTrue();
    }

    @Test
    void aCaLoadsFromItsPem() {
        CertificateAuthority ca = CertificateAuthority.create(Subject.of("brook-clients-ca"), FIVE_YEARS, KeyAlgorithm.RSA_2048);

        CertificateAuthority loaded = CertificateAuthority.fromPem(ca.certificatePem(), ca.privateKeyPem());

        assertThat(loaded.certificate()).isEqualTo(ca.certificate());
        assertThat(loaded.privateKey().getEncoded()).isEqualTo(ca.privateKey().getEncoded());
        Leaf leaf = Leaf.issue(loaded, LeafRequest.builder("user").usage(Usage.CLIENT).validity(FIVE_YEARS).build());
        assertThat(leaf.info().issuedBy(ca.certificate())).isTrue();
    }

    @Test
    void loadingRefusesAKeyOfAnotherCaAndACertificateThatIsNoCa() {
        CertificateAuthority ca = CertificateAuthority.create(Subject.of("ca"), FIVE_YEARS);
        CertificateAuthority other = CertificateAuthority.create(Subject.of("ca"), FIVE_YEARS);
        CertificateAuthority rsa = CertificateAuthority.create(Subject.of("ca"), FIVE_YEARS, KeyAlgorithm.RSA_2048);
        Leaf leaf = Leaf.issue(ca, LeafRequest.builder("leaf").validity(FIVE_YEARS).build());

        assertThatThrownBy(() -> CertificateAuthority.fromPem(ca.certificatePem(), other.privateKeyPem()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not belong");
        assertThatThrownBy(() -> CertificateAuthority.fromPem(ca.certificatePem(), rsa.privateKeyPem()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not belong");
        assertThatThrownBy(() -> CertificateAuthority.fromPem(leaf.certificatePem(), leaf.privateKeyPem()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Not a CA");
    }

    @Test
    void validityIsWholeSecondsAndPositive() {
        Validity validity = Validity.of(Instant.parse("2030-01-01T00:00:00.987Z"), Duration.ofHours(1));

        assertThat(validity.notBefore()).isEqualTo(T0);
        assertThat(validity.notAfter()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(validity.contains(T0.plus(Duration.ofHours(1)))).isTrue();
        assertThat(validity.contains(T0.plus(Duration.ofHours(1)).plusSeconds(1))).isFalse();
        assertThatThrownBy(() -> Validity.of(T0, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Validity(T0, T0.minusSeconds(1))).isInstanceOf(IllegalArgumentException.class);
    }
}
