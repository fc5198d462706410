package dev.brook.pki;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CredentialFingerprintTest {
    @Test
    void aFingerprintMatchesItsPasswordOnlyAndIsSaltedAndHoldsNoPassword() {
        String fingerprint = CredentialFingerprint.of("s3cret-password");
        assertThat(fingerprint).startsWith("pbkdf2-sha512:").doesNotContain("s3cret");
        assertThat(CredentialFingerprint.matches("s3cret-password", fingerprint)).isTrue();
        assertThat(CredentialFingerprint.matches("s3cret-passwore", fingerprint)).isFalse();
        assertThat(CredentialFingerprint.of("s3cret-password")).as("fresh salt").isNotEqualTo(fingerprint);
    }

    @Test
    void missingOrForeignFingerprintsNeverMatch() {
        assertThat(CredentialFingerprint.matches("pw", null)).isFalse();
        assertThat(CredentialFingerprint.matches(null, CredentialFingerprint.of("pw"))).isFalse();
        assertThat(CredentialFingerprint.matches("pw", "sha256:abc")).isFalse();
        assertThat(CredentialFingerprint.matches("pw", "pbkdf2-sha512:99999999:AAAA:AAAA")).isFalse();
        assertThat(CredentialFingerprint.matches("pw", "pbkdf2-sha512:10:!!:AAAA")).isFalse();
    }
}
