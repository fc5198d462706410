package dev.brook.pki;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A salted, slow hash of a password, kept where anyone who may read a resource's status can see it: it tells whether
 * the password Kafka has is still the one in the Secret (so the SCRAM credential is written only when it changed)
 * without storing the password, and costs a brute-force attacker as much per guess as Kafka's own stored SCRAM keys.
 * Format: {@code pbkdf2-sha512:<iterations>:<salt, base64>:<hash, base64>}.
 */
public final class CredentialFingerprint {
    private static final String PREFIX = "pbkdf2-sha512";
    private static final int ITERATIONS = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private CredentialFingerprint() {
    }

    /** A fingerprint of {@code password} with a fresh salt. */
    public static String of(String password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return PREFIX + ":" + ITERATIONS + ":" + Base64.getEncoder().encodeToString(salt) + ":"
                + Base64.getEncoder().encodeToString(hash(password, salt, ITERATIONS));
    }

    /** Whether {@code fingerprint} was made from {@code password}; false for null or a fingerprint in another format. */
    public static boolean matches(String password, String fingerprint) {
        if (password == null || fingerprint == null) {
            return false;
        }
        String[] parts = fingerprint.split(":");
        if (parts.length != 4 || !parts[0].equals(PREFIX)) {
            return false;
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            if (iterations < 1 || iterations > 1_000_000) {
                return false;
            }
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            return MessageDigest.isEqual(expected, hash(password, Base64.getDecoder().decode(parts[2]), iterations));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] hash(String password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA512 is part of every JDK", e);
        }
    }
}
