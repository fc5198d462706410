package dev.brook.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringWriter;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PemTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Validity YEAR = Validity.of(T0, Duration.ofDays(365));
    private static CertificateAuthority ca;
    private static Leaf leaf;

    @BeforeAll
    static void certificates() {
        ca = CertificateAuthority.create(Subject.of("brook-cluster-ca"), YEAR);
        leaf = Leaf.issue(ca, LeafRequest.builder("broker-0").dnsNames("broker-0.brokers").validity(YEAR).build());
    }

    @Test
    void aCertificateRoundTrips() {
        String pem = Pem.certificate(leaf.certificate());

        assertThat(pem).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
        assertThat(pem.lines().filter(line -> !line.startsWith("-----"))).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(64));
        assertThat(pem).doesNotContain("\r");
        assertThat(Pem.readCertificate(pem)).isEqualTo(leaf.certificate());
        assertThat(Pem.certificate(Pem.readCertificate(pem))).as("same text every time").isEqualTo(pem);
    }

    @Test
    void aChainRoundTripsInOrder() {
        String pem = leaf.chainPem();

        assertThat(Pem.readCertificates(pem)).containsExactly(leaf.certificate(), ca.certificate());
        assertThatThrownBy(() -> Pem.readCertificate(pem)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("found 2");
    }

    @ParameterizedTest
    @EnumSource(value = KeyAlgorithm.class, names = {"EC_P256", "RSA_2048"})
    void aPrivateKeyRoundTripsAsUnencryptedPkcs8(KeyAlgorithm algorithm) {
        PrivateKey key = algorithm.generateKeyPair().getPrivate();

        String pem = Pem.privateKey(key);

        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("-----END PRIVATE KEY-----\n");
        assertThat(Pem.readPrivateKey(pem).getEncoded()).isEqualTo(key.getEncoded());
        assertThat(Pem.privateKey(Pem.readPrivateKey(pem))).isEqualTo(pem);
    }

    @ParameterizedTest
    @EnumSource(value = KeyAlgorithm.class, names = {"EC_P256", "RSA_2048"})
    void traditionalOpensslKeysAreReadToo(KeyAlgorithm algorithm) throws Exception {
        var keys = algorithm.generateKeyPair();
        String text = TraditionalKeys.pem(keys);
        assertThat(text).contains("BEGIN " + algorithm.jcaName() + " PRIVATE KEY");

        assertThat(TraditionalKeys.same(Pem.readPrivateKey(text), keys.getPrivate())).isTrue();
        assertThat(Pem.privateKey(Pem.readPrivateKey(text))).as("written back as PKCS#8").startsWith("-----BEGIN PRIVATE KEY-----");
    }

    @Test
    void encryptedKeysAreRefusedWithAReason() throws Exception {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(new JcaPKCS8Generator(leaf.privateKey(),
                    new JceOpenSSLPKCS8EncryptorBuilder(PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC)
                            .setPassword("secret".toCharArray()).build()));
        }
        assertThat(text.toString()).contains("BEGIN ENCRYPTED PRIVATE KEY");

        assertThatThrownBy(() -> Pem.readPrivateKey(text.toString())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Encrypted private keys are not supported");
    }

    @Test
    void aKeyStoreFileHoldsTheKeyThenTheChain() {
        String pem = leaf.keyStorePem();

        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Pem.readPrivateKey(pem).getEncoded()).isEqualTo(leaf.privateKey().getEncoded());
        assertThat(Pem.readCertificates(pem)).containsExactly(leaf.certificate(), ca.certificate());
        assertThat(CertificateInfo.fromPem(leaf.chainPem())).isEqualTo(leaf.info());
    }

    @Test
    void aTrustBundleHoldsSeveralCasOnceEach() {
        CertificateAuthority clients = CertificateAuthority.create(Subject.of("brook-clients-ca"), YEAR);
        CertificateAuthority renewed = ca.renew(Validity.of(T0.plus(Duration.ofDays(300)), Duration.ofDays(365)));

        String bundle = Pem.trustBundle(List.of(ca.certificate(), clients.certificate(), ca.certificate(), renewed.certificate()));

        assertThat(Pem.readCertificates(bundle)).containsExactly(ca.certificate(), clients.certificate(), renewed.certificate());
    }

    @Test
    void aTrustBundleRefusesLeavesAndTwoKeysUnderOneSubject() {
        CertificateAuthority sameName = CertificateAuthority.create(Subject.of("brook-cluster-ca"), YEAR);

        assertThatThrownBy(() -> Pem.trustBundle(List.of(ca.certificate(), sameName.certificate())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("share the subject CN=brook-cluster-ca");
        assertThatThrownBy(() -> Pem.trustBundle(List.of(leaf.certificate())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Not a CA");
        assertThatThrownBy(() -> Pem.trustBundle(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void garbageIsRefused() {
        assertThatThrownBy(() -> Pem.readCertificates("hello")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("No certificate");
        assertThatThrownBy(() -> Pem.readPrivateKey(leaf.chainPem())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("found 0");
        assertThatThrownBy(() -> Pem.readCertificates("-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pem.readPrivateKey(leaf.privateKeyPem() + leaf.privateKeyPem()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("found 2");
    }
}
