package dev.brook.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class Pkcs12Test {

    private static final Instant T0 = Instant.parse("2030-01-01T00:00:00Z");
    private static final Validity YEAR = Validity.of(T0, Duration.ofDays(365));
    private static CertificateAuthority ca;
    private static Leaf leaf;

    @BeforeAll
    static void certificates() {
        ca = CertificateAuthority.create(Subject.of("brook-clients-ca"), YEAR);
        leaf = Leaf.issue(ca, LeafRequest.builder("alice").usage(Usage.CLIENT).validity(YEAR).build());
    }

    @Test
    void aKeyStoreLoadsWithItsPasswordAndHoldsKeyAndChain() throws Exception {
        Pkcs12 store = leaf.pkcs12();

        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(new ByteArrayInputStream(store.bytes()), store.password().toCharArray());

        assertThat(Collections.list(keyStore.aliases())).containsExactly(Pkcs12.KEY_ALIAS);
        assertThat(keyStore.isKeyEntry(Pkcs12.KEY_ALIAS)).isTrue();
        assertThat(keyStore.getKey(Pkcs12.KEY_ALIAS, store.password().toCharArray()).getEncoded())
                .isEqualTo(leaf.privateKey().getEncoded());
        assertThat(keyStore.getCertificateChain(Pkcs12.KEY_ALIAS)).containsExactly(leaf.certificate(), ca.certificate());
    }

    @Test
    void aWrongPasswordIsRefused() {
        Pkcs12 store = leaf.pkcs12();

        assertThatThrownBy(() -> KeyStore.getInstance("PKCS12")
                .load(new ByteArrayInputStream(store.bytes()), "wrong-password".toCharArray()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void aTrustStoreHoldsTheCaCertificates() throws Exception {
        CertificateAuthority other = CertificateAuthority.create(Subject.of("brook-cluster-ca"), YEAR);
        Pkcs12 store = Pkcs12.trustStore(List.of(ca.certificate(), other.certificate()), "given-password");

        KeyStore trustStore = KeyStore.getInstance("PKCS12");
        trustStore.load(new ByteArrayInputStream(store.bytes()), "given-password".toCharArray());

        assertThat(Collections.list(trustStore.aliases())).containsExactlyInAnyOrder("ca-0", "ca-1");
        assertThat(trustStore.isCertificateEntry("ca-0")).isTrue();
        assertThat((X509Certificate) trustStore.getCertificate("ca-0")).isEqualTo(ca.certificate());
        assertThat((X509Certificate) trustStore.getCertificate("ca-1")).isEqualTo(other.certificate());
    }

    @Test
    void thePasswordNeverShowsInToStringAndTheBytesAreACopy() throws Exception {
        Pkcs12 store = Pkcs12.trustStore(List.of(ca.certificate()));

        assertThat(store.toString()).doesNotContain(store.password());
        store.bytes()[0] ^= 1;
        assertThat(store.load().size()).isEqualTo(1);
    }

    @Test
    void passwordsAreAlphanumericOfTheLengthAskedAndDiffer() {
        Set<String> passwords = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            String password = Passwords.generate(24);
            assertThat(password).hasSize(24).matches("[A-Za-z0-9]+");
            passwords.add(password);
        }
        assertThat(passwords).hasSize(100);
        assertThat(Passwords.generate(1)).hasSize(1);
        assertThat(leaf.pkcs12().password()).hasSize(Passwords.DEFAULT_LENGTH);
        assertThatThrownBy(() -> Passwords.generate(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
