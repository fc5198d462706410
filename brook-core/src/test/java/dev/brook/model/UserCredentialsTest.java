package dev.brook.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.api.v1alpha1.AclResource;
import dev.brook.api.v1alpha1.AclRule;
import dev.brook.api.v1alpha1.ListenerAuthentication;
import dev.brook.api.v1alpha1.User;
import dev.brook.api.v1alpha1.UserAuthentication;
import dev.brook.api.v1alpha1.UserSpec;
import dev.brook.pki.CertificateAuthority;
import dev.brook.pki.CertificateInfo;
import dev.brook.pki.KeyAlgorithm;
import dev.brook.pki.Pem;
import dev.brook.pki.Subject;
import dev.brook.pki.Validity;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class UserCredentialsTest {
    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
    private static final CertificateAuthority CLIENTS_CA = CertificateAuthority.create(Subject.of("clients-ca"),
            Validity.of(NOW.minus(Duration.ofDays(1)), Duration.ofDays(730)));
    private static final CertificateAuthority OTHER_CA = CertificateAuthority.create(Subject.of("other-ca"),
            Validity.of(NOW.minus(Duration.ofDays(1)), Duration.ofDays(730)));
    private static final ClusterTls.CaSettings SETTINGS = new ClusterTls.CaSettings(Duration.ofDays(365), Duration.ofDays(30),
            KeyAlgorithm.DEFAULT, null, null);
    private static final List<UserListener> LISTENERS = List.of(
            new UserListener("plain", "alpha-bootstrap.ns1.svc:9092", false, null),
            new UserListener("mtls", "alpha-bootstrap.ns1.svc:9093", true, ListenerAuthentication.Type.TLS),
            new UserListener("scram", "alpha-bootstrap.ns1.svc:9094", true, ListenerAuthentication.Type.SCRAM_SHA_512));
    private static final String CLUSTER_BUNDLE = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

    static User user(String name, UserAuthentication.Type type) {
        User u = new User();
        u.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("ns1").withUid("u-1").build());
        UserSpec spec = new UserSpec();
        spec.setCluster("alpha");
        UserAuthentication a = new UserAuthentication();
        a.setType(type);
        spec.setAuthentication(a);
        spec.setAcls(new java.util.ArrayList<>(List.of(new AclRule(new AclResource(AclResource.Type.TOPIC, "orders",
                AclResource.PatternType.LITERAL), List.of(AclRule.Operation.Read)))));
        u.setSpec(spec);
        return u;
    }

    private static UserCredentials.Result plan(User user, CertificateAuthority signer, List<X509Certificate> trusted, String password,
            Map<String, byte[]> current, Instant now) {
        return UserCredentials.plan(new UserCredentials.Inputs(user, SETTINGS, signer, trusted, CLUSTER_BUNDLE, LISTENERS, password,
                current, now, "/etc/brook/user"));
    }

    @Test
    void aTlsUserGetsACertificateForItsNameFromTheClientsCaAsPemAndPkcs12AndConfigsForTheMtlsListener() throws Exception {
        User alice = user("alice", UserAuthentication.Type.TLS);
        UserCredentials.Result r = plan(alice, CLIENTS_CA, List.of(CLIENTS_CA.certificate()), null, Map.of(), NOW);
        X509Certificate cert = Pem.readCertificates(text(r.data().get(UserCredentials.USER_CERT))).get(0);
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=alice");
        assertThat(cert.getIssuerX500Principal()).isEqualTo(CLIENTS_CA.certificate().getSubjectX500Principal());
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.2");
        KeyStore p12 = KeyStore.getInstance("PKCS12");
        p12.load(new java.io.ByteArrayInputStream(r.data().get(UserCredentials.USER_P12)),
                text(r.data().get(UserCredentials.USER_P12_PASSWORD)).toCharArray());
        assertThat(((X509Certificate) p12.getCertificate(p12.aliases().nextElement())).getSubjectX500Principal()).isEqualTo(cert.getSubjectX500Principal());
        assertThat(r.listener().name()).isEqualTo("mtls");
        Properties java = new Properties();
        java.load(new StringReader(text(r.data().get(UserCredentials.JAVA_CONFIG))));
        assertThat(java).containsEntry("bootstrap.servers", "alpha-bootstrap.ns1.svc:9093").containsEntry("security.protocol", "SSL")
                .containsEntry("ssl.keystore.location", "/etc/brook/user/user.p12")
                .containsEntry("ssl.keystore.password", text(r.data().get(UserCredentials.USER_P12_PASSWORD)))
                .containsEntry("ssl.truststore.location", "/etc/brook/user/ca.crt");
        assertThat(text(r.data().get(UserCredentials.LIBRDKAFKA_CONFIG))).contains("security.protocol=ssl",
                "ssl.ca.location=/etc/brook/user/ca.crt", "ssl.certificate.location=/etc/brook/user/user.crt",
                "ssl.key.location=/etc/brook/user/user.key");
        assertThat(r.data()).containsKeys("bootstrap.plain", "bootstrap.mtls", "bootstrap.scram").doesNotContainKey(UserCredentials.PASSWORD);
        assertThat(r.changes()).containsExactly("certificate issued");
    }

    @Test
    void planningAgainChangesNothingUntilTheRenewalWindowOrAnUntrustedIssuer() {
        User alice = user("alice", UserAuthentication.Type.TLS);
        UserCredentials.Result first = plan(alice, CLIENTS_CA, List.of(CLIENTS_CA.certificate()), null, Map.of(), NOW);
        UserCredentials.Result again = plan(alice, CLIENTS_CA, List.of(CLIENTS_CA.certificate()), null, first.data(), NOW.plus(Duration.ofDays(10)));
        assertThat(again.changes()).isEmpty();
        assertThat(again.data()).allSatisfy((k, v) -> assertThat(v).as(k).isEqualTo(first.data().get(k)));
        assertThat(again.nextCheck()).isEqualTo(first.certificate().notAfter().minus(Duration.ofDays(30)));

        UserCredentials.Result renewed = plan(alice, CLIENTS_CA, List.of(CLIENTS_CA.certificate()), null, first.data(),
                first.certificate().notAfter().minus(Duration.ofDays(29)));
        assertThat(renewed.changes()).singleElement().asString().startsWith("certificate issued again");

        UserCredentials.Result moved = plan(alice, OTHER_CA, List.of(OTHER_CA.certificate()), null, first.data(), NOW);
        assertThat(CertificateInfo.of(Pem.readCertificates(text(moved.data().get(UserCredentials.USER_CERT))).get(0)).issuer())
                .contains("other-ca");
    }

    @Test
    void aScramUserKeepsItsGeneratedPasswordTakesAGivenOneAndGetsConfigsForTheScramListener() throws Exception {
        User bob = user("bob", UserAuthentication.Type.SCRAM_SHA_512);
        UserCredentials.Result first = plan(bob, null, List.of(), null, Map.of(), NOW);
        assertThat(first.password()).hasSize(32);
        assertThat(first.changes()).containsExactly("password generated");
        assertThat(text(first.data().get(UserCredentials.JAAS))).isEqualTo(
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"bob\" password=\"" + first.password() + "\";");
        Properties java = new Properties();
        java.load(new StringReader(text(first.data().get(UserCredentials.JAVA_CONFIG))));
        assertThat(java).containsEntry("security.protocol", "SASL_SSL").containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("bootstrap.servers", "alpha-bootstrap.ns1.svc:9094")
                .containsEntry("sasl.jaas.config", text(first.data().get(UserCredentials.JAAS)));
        assertThat(text(first.data().get(UserCredentials.LIBRDKAFKA_CONFIG))).contains("sasl.mechanisms=SCRAM-SHA-512", "sasl.username=bob",
                "sasl.password=" + first.password());
        assertThat(first.data()).doesNotContainKeys(UserCredentials.USER_CERT, UserCredentials.USER_KEY);

        UserCredentials.Result kept = plan(bob, null, List.of(), null, first.data(), NOW);
        assertThat(kept.password()).isEqualTo(first.password());
        assertThat(kept.changes()).isEmpty();

        UserCredentials.Result given = plan(bob, null, List.of(), "a \"quoted\" \\ password", first.data(), NOW);
        assertThat(given.changes()).containsExactly("password changed in spec.authentication.password's Secret");
        Properties escaped = new Properties();
        escaped.load(new StringReader(text(given.data().get(UserCredentials.JAVA_CONFIG))));
        assertThat(escaped.getProperty("sasl.jaas.config")).endsWith("password=\"a \\\"quoted\\\" \\\\ password\";");
    }

    @Test
    void withoutAListenerForTheUsersMechanismThereAreNoClientConfigs() {
        UserCredentials.Result r = UserCredentials.plan(new UserCredentials.Inputs(user("bob", UserAuthentication.Type.SCRAM_SHA_512), SETTINGS,
                null, List.of(), CLUSTER_BUNDLE, List.of(LISTENERS.get(0), LISTENERS.get(1)), null, Map.of(), NOW, "/x"));
        assertThat(r.listener()).isNull();
        assertThat(r.data()).doesNotContainKeys(UserCredentials.JAVA_CONFIG, UserCredentials.LIBRDKAFKA_CONFIG);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
