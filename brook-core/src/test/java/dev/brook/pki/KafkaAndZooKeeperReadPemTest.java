package dev.brook.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.SSLEngine;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.SslConfigs;
import org.apache.kafka.common.security.ssl.DefaultSslEngineFactory;
import org.apache.zookeeper.common.X509Util;
import org.apache.zookeeper.util.PemReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * The files Brook writes, read by Kafka 3.9's and ZooKeeper 3.8's own PEM readers (the jars the broker image runs):
 * {@code DefaultSslEngineFactory} with {@code ssl.keystore.type=PEM} and ZooKeeper's {@code X509Util} / {@code PemReader}.
 */
class KafkaAndZooKeeperReadPemTest {

    private static final Instant NOW = Instant.now();
    private static final Validity VALIDITY = Validity.of(NOW.minusSeconds(60), Duration.ofDays(1));
    private static CertificateAuthority clusterCa;
    private static CertificateAuthority clientsCa;

    @TempDir
    Path directory;

    @BeforeAll
    static void cas() {
        clusterCa = CertificateAuthority.create(Subject.of("brook-cluster-ca"), VALIDITY);
        clientsCa = CertificateAuthority.create(Subject.of("brook-clients-ca"), VALIDITY);
    }

    @ParameterizedTest
    @EnumSource(value = KeyAlgorithm.class, names = {"EC_P256", "RSA_2048"})
    void kafkaLoadsTheKeyStoreAndTrustBundleFiles(KeyAlgorithm algorithm) throws Exception {
        Leaf broker = Leaf.issue(clusterCa, LeafRequest.builder("broker-0").dnsNames("broker-0.brokers")
                .keyAlgorithm(algorithm).validity(VALIDITY).build());
        Path keyStore = Files.writeString(directory.resolve("broker.pem"), broker.keyStorePem());
        Path trustStore = Files.writeString(directory.resolve("ca.pem"),
                Pem.trustBundle(List.of(clusterCa.certificate(), clientsCa.certificate())));

        DefaultSslEngineFactory kafka = kafkaSsl(Map.of(
                SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PEM",
                SslConfigs.SSL_KEYSTORE_LOCATION_CONFIG, keyStore.toString(),
                SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM",
                SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, trustStore.toString()));

        assertThat(kafka.keystore().getCertificateChain("kafka")).containsExactly(broker.certificate(), clusterCa.certificate());
        assertThat(kafka.keystore().getKey("kafka", null).getEncoded()).isEqualTo(broker.privateKey().getEncoded());
        assertThat(certificates(kafka.truststore())).containsExactlyInAnyOrder(clusterCa.certificate(), clientsCa.certificate());
        SSLEngine engine = kafka.createServerSslEngine("127.0.0.1", 9093);
        assertThat(engine.getNeedClientAuth() || engine.getWantClientAuth() || !engine.getUseClientMode()).isTrue();
        kafka.close();
    }

    @Test
    void kafkaClientsLoadTheSamePemInline() throws Exception {
        Leaf user = Leaf.issue(clientsCa, LeafRequest.builder("alice").usage(Usage.CLIENT).validity(VALIDITY).build());

        DefaultSslEngineFactory kafka = kafkaSsl(Map.of(
                SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PEM",
                SslConfigs.SSL_KEYSTORE_KEY_CONFIG, user.privateKeyPem(),
                SslConfigs.SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG, user.chainPem(),
                SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, "PEM",
                SslConfigs.SSL_TRUSTSTORE_CERTIFICATES_CONFIG, Pem.trustBundle(List.of(clusterCa.certificate()))));

        assertThat(kafka.keystore().getCertificateChain("kafka")).containsExactly(user.certificate(), clientsCa.certificate());
        assertThat(certificates(kafka.truststore())).containsExactly(clusterCa.certificate());
        assertThat(kafka.createClientSslEngine("broker-0.brokers", 9093, "https").getUseClientMode()).isTrue();
        kafka.close();
    }

    @ParameterizedTest
    @EnumSource(value = KeyAlgorithm.class, names = {"EC_P256", "RSA_2048"})
    void zooKeeperLoadsTheKeyStoreAndTrustBundleFiles(KeyAlgorithm algorithm) throws Exception {
        Leaf node = Leaf.issue(clusterCa, LeafRequest.builder("zookeeper-0").dnsNames("*.zookeeper-nodes")
                .keyAlgorithm(algorithm).validity(VALIDITY).build());
        Path keyStore = Files.writeString(directory.resolve("zookeeper.pem"), node.keyStorePem());
        Path trustStore = Files.writeString(directory.resolve("ca.pem"),
                Pem.trustBundle(List.of(clusterCa.certificate(), clientsCa.certificate())));

        // What ssl.keyStore.location + ssl.keyStore.type=PEM without ssl.keyStore.password ends in: ZooKeeper reads
        // an unset password as "" (X509Util.getPasswordFromConfigPropertyOrFile), and "" means an unencrypted key.
        KeyStore keys = X509Util.loadKeyStore(keyStore.toString(), "", "PEM");
        KeyStore trust = X509Util.loadTrustStore(trustStore.toString(), "", "PEM");

        assertThat(keys.getCertificateChain("key")).containsExactly(node.certificate(), clusterCa.certificate());
        assertThat(keys.getKey("key", new char[0]).getEncoded()).isEqualTo(node.privateKey().getEncoded());
        assertThat(certificates(trust)).containsExactlyInAnyOrder(clusterCa.certificate(), clientsCa.certificate());
        var keyManager = X509Util.createKeyManager(keyStore.toString(), "", "PEM");
        String alias = keyManager.chooseServerAlias(algorithm.jcaName(), null, null);
        assertThat(keyManager.getCertificateChain(alias)).containsExactly(node.certificate(), clusterCa.certificate());
    }

    @Test
    void zooKeeperKeepsOneTrustedCertificatePerSubjectWhichIsWhyBundlesRefuseTwoKeysUnderOneName() throws Exception {
        CertificateAuthority sameName = CertificateAuthority.create(Subject.of("brook-cluster-ca"), VALIDITY);
        String bothUnderOneName = Pem.certificates(List.of(clusterCa.certificate(), sameName.certificate()));
        CertificateAuthority ownName = CertificateAuthority.create(Subject.of("brook-cluster-ca-2"), VALIDITY);

        KeyStore collapsed = PemReader.loadTrustStore(Files.writeString(directory.resolve("same.pem"), bothUnderOneName).toFile());
        KeyStore both = PemReader.loadTrustStore(Files.writeString(directory.resolve("own.pem"),
                Pem.trustBundle(List.of(clusterCa.certificate(), ownName.certificate()))).toFile());

        assertThat(collapsed.size()).as("the second CA replaced the first").isEqualTo(1);
        assertThat(both.size()).isEqualTo(2);
    }

    @Test
    void zooKeeperAndKafkaReadTheKeyButNotASec1Key() throws Exception {
        Leaf node = Leaf.issue(clusterCa, LeafRequest.builder("zookeeper-0").validity(VALIDITY).build());
        String sec1 = TraditionalKeys.pem(new java.security.KeyPair(node.certificate().getPublicKey(), node.privateKey()));
        assertThat(TraditionalKeys.same(Pem.readPrivateKey(sec1), node.privateKey())).as("Brook reads it").isTrue();

        assertThat(PemReader.loadPrivateKey(node.privateKeyPem(), Optional.empty()).getEncoded())
                .isEqualTo(node.privateKey().getEncoded());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PemReader.loadPrivateKey(sec1, Optional.empty()))
                .as("\"EC PRIVATE KEY\" matches ZooKeeper's pattern but is no PKCS#8")
                .isInstanceOf(java.security.GeneralSecurityException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> kafkaSsl(Map.of(
                        SslConfigs.SSL_KEYSTORE_TYPE_CONFIG, "PEM",
                        SslConfigs.SSL_KEYSTORE_KEY_CONFIG, sec1,
                        SslConfigs.SSL_KEYSTORE_CERTIFICATE_CHAIN_CONFIG, node.chainPem())))
                .as("nor for Kafka").isInstanceOf(org.apache.kafka.common.errors.InvalidConfigurationException.class);
    }

    private static DefaultSslEngineFactory kafkaSsl(Map<String, String> settings) {
        Map<String, Object> configs = new HashMap<>(new ConfigDef().withClientSslSupport().parse(settings));
        DefaultSslEngineFactory factory = new DefaultSslEngineFactory();
        factory.configure(configs);
        return factory;
    }

    private static List<X509Certificate> certificates(KeyStore store) throws Exception {
        List<X509Certificate> certificates = new java.util.ArrayList<>();
        for (String alias : Collections.list(store.aliases())) {
            certificates.add((X509Certificate) store.getCertificate(alias));
        }
        return certificates;
    }
}
