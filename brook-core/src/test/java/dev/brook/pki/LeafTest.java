package dev.brook.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class LeafTest {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Validity YEAR = Validity.of(T0, Duration.ofDays(365));
    private static CertificateAuthority ca;

    @BeforeAll
    static void ca() {
        ca = CertificateAuthority.create(Subject.of("brook-cluster-ca"), Validity.of(T0, Duration.ofDays(5 * 365)));
    }

    @Test
    void aLeafCarriesItsNamesAndChainsToItsCa() throws Exception {
        LeafRequest request = LeafRequest.builder(Subject.of("broker-0").withOrganization("brook").withOrganizationalUnit("kafka"))
                .dnsNames("broker-0.brokers.ns.svc.cluster.local", "*.brokers.ns.svc.cluster.local", "LOCALHOST")
                .ipAddresses("127.0.0.1", "::1", "10.0.0.7")
                .usage(Usage.SERVER_AND_CLIENT)
                .validity(YEAR)
                .build();

        Leaf leaf = Leaf.issue(ca, request);
        CertificateInfo info = leaf.info();

        assertThat(info.subject()).isEqualTo("CN=broker-0,OU=kafka,O=brook");
        assertThat(info.issuer()).isEqualTo("CN=brook-cluster-ca");
        assertThat(info.dnsNames()).containsExactly("broker-0.brokers.ns.svc.cluster.local",
                "*.brokers.ns.svc.cluster.local", "localhost");
        assertThat(info.ipAddresses()).containsExactly("127.0.0.1", "0:0:0:0:0:0:0:1", "10.0.0.7");
        assertThat(info.validity()).isEqualTo(YEAR);
        assertThat(info.isCa()).isFalse();
        assertThat(info.usage()).contains(Usage.SERVER_AND_CLIENT);
        assertThat(info.issuedBy(ca.certificate())).isTrue();
        assertThat(leaf.chain()).containsExactly(leaf.certificate(), ca.certificate());
        Chains.validate(List.of(leaf.certificate()), List.of(ca.certificate()), T0.plus(Duration.ofDays(1)));
        assertThat(Chains.valid(List.of(leaf.certificate()), List.of(ca.certificate()), T0.plus(Duration.ofDays(366))))
                .as("expired").isFalse();
    }

    @Test
    void keyIdentifiersLinkTheLeafToTheCaKeyOnly() throws Exception {
        Leaf leaf = Leaf.issue(ca, LeafRequest.builder("zookeeper-0").validity(YEAR).build());

        AuthorityKeyIdentifier authority = AuthorityKeyIdentifier.getInstance(ASN1OctetString.getInstance(
                leaf.certificate().getExtensionValue(Extension.authorityKeyIdentifier.getId())).getOctets());
        SubjectKeyIdentifier caKey = SubjectKeyIdentifier.getInstance(ASN1OctetString.getInstance(
                ca.certificate().getExtensionValue(Extension.subjectKeyIdentifier.getId())).getOctets());
        assertThat(authority.getKeyIdentifier()).isEqualTo(caKey.getKeyIdentifier());
        assertThat(authority.getAuthorityCertSerialNumber()).as("no issuer serial: renewals keep working").isNull();
        assertThat(authority.getAuthorityCertIssuer()).isNull();
        assertThat(leaf.certificate().getExtensionValue(Extension.subjectKeyIdentifier.getId())).isNotNull();
    }

    @ParameterizedTest
    @EnumSource(KeyAlgorithm.class)
    void keyUsageFollowsTheKeyAlgorithm(KeyAlgorithm algorithm) {
        Leaf leaf = Leaf.issue(ca, LeafRequest.builder("leaf").keyAlgorithm(algorithm).validity(YEAR).build());

        boolean[] keyUsage = leaf.certificate().getKeyUsage();
        assertThat(keyUsage[0]).as("digitalSignature").isTrue();
        assertThat(keyUsage[2]).as("keyEncipherment").isEqualTo(algorithm.isRsa());
        assertThat(keyUsage[5]).as("keyCertSign").isFalse();
        assertThat(leaf.privateKey().getAlgorithm()).isEqualTo(algorithm.jcaName());
        assertThat(leaf.certificate().getSigAlgName()).as("signed with the CA's key").isEqualToIgnoringCase("SHA256withECDSA");
    }

    @Test
    void anRsaCaSignsWithRsa() {
        CertificateAuthority rsa = CertificateAuthority.create(Subject.of("rsa-ca"), YEAR, KeyAlgorithm.RSA_2048);

        Leaf leaf = Leaf.issue(rsa, LeafRequest.builder("leaf").validity(YEAR).build());

        assertThat(leaf.certificate().getSigAlgName()).isEqualToIgnoringCase("SHA256withRSA");
        assertThat(leaf.privateKey().getAlgorithm()).isEqualTo("EC");
        assertThat(leaf.info().issuedBy(rsa.certificate())).isTrue();
        assertThat(leaf.info().issuedBy(ca.certificate())).isFalse();
    }

    @Test
    void everyIssuanceHasAFreshKey() {
        LeafRequest request = LeafRequest.builder("broker-0").validity(YEAR).build();

        Leaf first = Leaf.issue(ca, request);
        Leaf second = Leaf.issue(ca, request);

        assertThat(first.info().publicKeyFingerprint()).isNotEqualTo(second.info().publicKeyFingerprint());
        assertThat(first.info().serialNumber()).isNotEqualTo(second.info().serialNumber());
        assertThat(first.info().subject()).isEqualTo(second.info().subject());
    }

    @Test
    void theJdkTrustManagerHonoursTheUsages() throws Exception {
        // The JDK checks validity against its own clock here, so these certificates are valid now.
        Instant now = Instant.now();
        CertificateAuthority current = CertificateAuthority.create(Subject.of("ca"), Validity.of(now.minusSeconds(60), Duration.ofDays(30)));
        Validity validity = Validity.of(now.minusSeconds(60), Duration.ofDays(1));
        X509Certificate[] server = Leaf.issue(current, LeafRequest.builder("server").usage(Usage.SERVER).validity(validity).build())
                .chain().toArray(new X509Certificate[0]);
        X509Certificate[] client = Leaf.issue(current, LeafRequest.builder("client").usage(Usage.CLIENT).validity(validity).build())
                .chain().toArray(new X509Certificate[0]);
        X509Certificate[] both = Leaf.issue(current, LeafRequest.builder("both").validity(validity).build())
                .chain().toArray(new X509Certificate[0]);
        KeyStore trust = Pkcs12.trustStore(List.of(current.certificate())).load();
        TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(trust);
        X509TrustManager trustManager = (X509TrustManager) factory.getTrustManagers()[0];

        trustManager.checkServerTrusted(server, "ECDHE_ECDSA");
        trustManager.checkClientTrusted(client, "ECDHE_ECDSA");
        trustManager.checkServerTrusted(both, "ECDHE_ECDSA");
        trustManager.checkClientTrusted(both, "ECDHE_ECDSA");
        assertThatThrownBy(() -> trustManager.checkClientTrusted(server, "ECDHE_ECDSA")).isInstanceOf(CertificateException.class);
        assertThatThrownBy(() -> trustManager.checkServerTrusted(client, "ECDHE_ECDSA")).isInstanceOf(CertificateException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"under_score.example", "a.*.example", "*", "**.example", "-leading.example", "dot..example", "spa ce"})
    void refusesNamesThatAreNoHostNames(String name) {
        assertThatThrownBy(() -> LeafRequest.builder("leaf").dnsNames(name).validity(YEAR).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "256.1.1.1", "1.2.3", "fe80::1::2"})
    void refusesAddressesThatAreNoIpLiterals(String address) {
        assertThatThrownBy(() -> LeafRequest.builder("leaf").ipAddresses(address).validity(YEAR).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(address);
    }

    @Test
    void namesAreDeduplicatedAndAddressesSpelledOneWay() {
        LeafRequest request = LeafRequest.builder("leaf")
                .dnsNames("Broker-0.Example", "broker-0.example.")
                .ipAddresses("::1", "0:0:0:0:0:0:0:1", "127.0.0.1")
                .validity(YEAR).build();

        assertThat(request.dnsNames()).containsExactly("broker-0.example");
        assertThat(request.ipAddresses()).containsExactly("0:0:0:0:0:0:0:1", "127.0.0.1");
    }

    @Test
    void subjectsAreTakenLiterallyAndBounded() {
        Leaf leaf = Leaf.issue(ca, LeafRequest.builder(Subject.of("user, with=comma+plus").withOrganization("O"))
                .usage(Usage.CLIENT).validity(YEAR).build());

        assertThat(leaf.info().subject()).isEqualTo("CN=user\\, with\\=comma\\+plus,O=O");
        assertThat(Subject.of("user, with=comma+plus").withOrganization("O")
                .matches(leaf.certificate().getSubjectX500Principal())).isTrue();
        assertThatThrownBy(() -> Subject.of("x".repeat(65))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Subject.of(" ")).isInstanceOf(IllegalArgumentException.class);
    }
}
