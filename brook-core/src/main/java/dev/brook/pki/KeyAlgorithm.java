package dev.brook.pki;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;

/** The key of a new CA or leaf certificate, and the signature algorithm that goes with it. */
public enum KeyAlgorithm {
    /** NIST P-256 with SHA256withECDSA: small, fast, accepted by every TLS stack Brook talks to. The default. */
    EC_P256("EC", 256, "SHA256withECDSA"),
    RSA_2048("RSA", 2048, "SHA256withRSA"),
    RSA_3072("RSA", 3072, "SHA256withRSA"),
    RSA_4096("RSA", 4096, "SHA256withRSA");

    public static final KeyAlgorithm DEFAULT = EC_P256;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String jcaName;
    private final int size;
    private final String signatureAlgorithm;

    KeyAlgorithm(String jcaName, int size, String signatureAlgorithm) {
        this.jcaName = jcaName;
        this.size = size;
        this.signatureAlgorithm = signatureAlgorithm;
    }

    /** "EC" or "RSA", as {@link Key#getAlgorithm()} reports it. */
    public String jcaName() {
        return jcaName;
    }

    /** Key size in bits (the curve size for EC). */
    public int size() {
        return size;
    }

    public boolean isRsa() {
        return "RSA".equals(jcaName);
    }

    /** The algorithm a key of this kind signs certificates with. */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    public KeyPair generateKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(jcaName);
            if (isRsa()) {
                generator.initialize(size, RANDOM);
            } else {
                generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JDK cannot generate " + this + " keys", e);
        }
    }

    /**
     * The signature algorithm for certificates signed with {@code signingKey}: what matters is the CA's key, not the
     * key being certified. A CA loaded from PEM may have a key Brook would not generate (e.g. EC P-384); it still
     * signs with SHA-256.
     */
    static String signatureAlgorithmFor(Key signingKey) {
        return switch (signingKey.getAlgorithm()) {
            case "EC" -> EC_P256.signatureAlgorithm;
            case "RSA" -> RSA_2048.signatureAlgorithm;
            default -> throw new IllegalArgumentException(
                    "A CA key must be EC or RSA, not " + signingKey.getAlgorithm());
        };
    }
}
