package dev.brook.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.ListenerCertificate;
import dev.brook.api.v1alpha1.ListenerSpec;
import dev.brook.api.v1alpha1.ListenerType;
import dev.brook.contract.TlsFiles;
import dev.brook.pki.CertificateAuthority;
import dev.brook.pki.CertificateInfo;
import dev.brook.pki.Pem;
import dev.brook.pki.Subject;
import dev.brook.pki.Validity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ListenerKeyStoresTest {
    private static Cluster withOwnCertificate(String keyName) {
        ListenerSpec listener = new ListenerSpec("partner", 9094, ListenerType.INTERNAL);
        listener.setTls(true);
        ListenerCertificate own = new ListenerCertificate();
        own.setSecretName("partner-cert");
        own.setKey(keyName);
        listener.setCertificate(own);
        Cluster c = ClusterFixtures.cluster();
        c.getSpec().getBrokers().setListeners(List.of(new ListenerSpec("plain", 9092, ListenerType.INTERNAL), listener));
        return c;
    }

    @Test
    void theUsersChainAndKeyBecomeTheListenersKeyStoreAndEveryProblemSaysWhatToFix() {
        CertificateAuthority issuer = CertificateAuthority.create(Subject.of("partner"),
                Validity.of(Instant.parse("2026-12-01T00:00:00Z"), Duration.ofDays(90)));
        byte[] chain = issuer.certificatePem().getBytes(StandardCharsets.UTF_8);
        byte[] key = issuer.privateKeyPem().getBytes(StandardCharsets.UTF_8);

        assertThat(ListenerKeyStores.of(withOwnCertificate(null), name -> null).problem())
                .isEqualTo("spec.brokers.listeners[partner].certificate: Secret partner-cert does not exist; create it or remove the "
                        + "certificate (nothing was changed)");
        assertThat(ListenerKeyStores.of(withOwnCertificate("private.pem"), name -> Map.of("tls.crt", chain, "tls.key", key)).problem())
                .endsWith("must hold the certificate chain under tls.crt and its key under private.pem");
        assertThat(ListenerKeyStores.of(withOwnCertificate(null), name -> Map.of("tls.crt", chain, "tls.key", "not a key".getBytes(
                StandardCharsets.UTF_8))).problem()).contains("tls.crt and tls.key must be PEM");

        ListenerKeyStores usable = ListenerKeyStores.of(withOwnCertificate(null), name -> Map.of("tls.crt", chain, "tls.key", key));
        assertThat(usable.problem()).isNull();
        assertThat(usable.keyStores()).containsOnlyKeys(TlsFiles.listenerKeyStore("PARTNER"));
        String pem = new String(usable.keyStores().get(TlsFiles.listenerKeyStore("PARTNER")), StandardCharsets.UTF_8);
        assertThat(CertificateInfo.of(Pem.readCertificates(pem).get(0)).subject()).isEqualTo(issuer.info().subject());
        assertThat(Pem.readPrivateKey(pem)).isNotNull();

        // Listeners without their own certificate (or without TLS) need nothing from the user.
        assertThat(ListenerKeyStores.of(ClusterFixtures.cluster(), name -> null)).satisfies(k -> {
            assertThat(k.problem()).isNull();
            assertThat(k.keyStores()).isEmpty();
        });
    }
}
