package dev.brook.pki;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * PEM text for certificates, certificate chains, trust bundles and private keys.
 *
 * <p>Written the same way every time: 64-character Base64 lines, {@code \n} line ends, a final newline, so the same
 * certificates give the same text (and the same hash) on every platform. Private keys are written as unencrypted
 * PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}), the form both Kafka ({@code DefaultSslEngineFactory.PemStore}) and
 * ZooKeeper ({@code PemReader}) decode when no key password is set; PKCS#1 ({@code RSA PRIVATE KEY}) and SEC1
 * ({@code EC PRIVATE KEY}) keys match their patterns but fail to decode there. Reading accepts all three, unencrypted.
 */
public final class Pem {

    private static final Base64.Encoder BASE64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII));

    private Pem() {
    }

    public static String certificate(X509Certificate certificate) {
        try {
            return block("CERTIFICATE", certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("Cannot encode certificate " + certificate.getSubjectX500Principal(), e);
        }
    }

    /** Several certificates, in the order given (a chain: leaf first, then its issuer). */
    public static String certificates(List<X509Certificate> certificates) {
        StringBuilder text = new StringBuilder();
        certificates.forEach(certificate -> text.append(certificate(certificate)));
        return text.toString();
    }

    /** A private key as unencrypted PKCS#8. */
    public static String privateKey(PrivateKey key) {
        if (!"PKCS#8".equals(key.getFormat()) || key.getEncoded() == null) {
            throw new IllegalArgumentException("The " + key.getAlgorithm() + " key cannot be exported as PKCS#8");
        }
        return block("PRIVATE KEY", key.getEncoded());
    }

    /** One key store file: the private key, then the chain (leaf first). */
    public static String keyAndChain(PrivateKey key, List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("A key store needs at least the certificate of its key");
        }
        return privateKey(key) + certificates(chain);
    }

    /**
     * A trust bundle: CA certificates, duplicates (same certificate) dropped, in the order given. Refuses two different
     * keys under one subject: ZooKeeper's PEM trust store names entries by subject, so it would silently keep only the
     * last one. (The same key under one subject, an old and a renewed CA certificate, is harmless and allowed.)
     */
    public static String trustBundle(Collection<X509Certificate> cas) {
        Map<String, X509Certificate> byFingerprint = new LinkedHashMap<>();
        Map<String, CertificateInfo> bySubject = new HashMap<>();
        for (X509Certificate ca : cas) {
            CertificateInfo info = CertificateInfo.of(ca);
            if (!info.isCa()) {
                throw new IllegalArgumentException("Not a CA certificate, refused in a trust bundle: " + info.subject());
            }
            CertificateInfo sameSubject = bySubject.putIfAbsent(ca.getSubjectX500Principal().getName(
                    javax.security.auth.x500.X500Principal.CANONICAL), info);
            if (sameSubject != null && !sameSubject.publicKeyFingerprint().equals(info.publicKeyFingerprint())) {
                throw new IllegalArgumentException("Two CAs with different keys share the subject " + info.subject()
                        + "; ZooKeeper would trust only one of them. Give the new CA a subject of its own.");
            }
            byFingerprint.putIfAbsent(info.fingerprint(), ca);
        }
        if (byFingerprint.isEmpty()) {
            throw new IllegalArgumentException("A trust bundle needs at least one CA certificate");
        }
        return certificates(new ArrayList<>(byFingerprint.values()));
    }

    /** Exactly one certificate. */
    public static X509Certificate readCertificate(String pem) {
        List<X509Certificate> certificates = readCertificates(pem);
        if (certificates.size() != 1) {
            throw new IllegalArgumentException("Expected one certificate in the PEM text, found " + certificates.size());
        }
        return certificates.get(0);
    }

    /** Every certificate in the text, in order; other blocks (keys) are skipped. At least one is required. */
    public static List<X509Certificate> readCertificates(String pem) {
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (Object object : objects(pem)) {
            if (object instanceof X509CertificateHolder holder) {
                try {
                    certificates.add(converter.getCertificate(holder));
                } catch (CertificateException e) {
                    throw new IllegalArgumentException("Cannot read a certificate from the PEM text", e);
                }
            }
        }
        if (certificates.isEmpty()) {
            throw new IllegalArgumentException("No certificate in the PEM text");
        }
        return certificates;
    }

    /** The one private key in the text (PKCS#8, PKCS#1 RSA or SEC1 EC, unencrypted); certificates are skipped. */
    public static PrivateKey readPrivateKey(String pem) {
        List<PrivateKey> keys = new ArrayList<>();
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        for (Object object : objects(pem)) {
            try {
                if (object instanceof PrivateKeyInfo info) {
                    keys.add(converter.getPrivateKey(info));
                } else if (object instanceof PEMKeyPair pair) {
                    // The private part only: a SEC1 EC key need not carry its public key.
                    keys.add(converter.getPrivateKey(pair.getPrivateKeyInfo()));
                } else if (object instanceof PEMEncryptedKeyPair || object instanceof PKCS8EncryptedPrivateKeyInfo) {
                    throw new IllegalArgumentException("Encrypted private keys are not supported; Kafka and ZooKeeper "
                            + "read Brook's keys unencrypted from Secrets");
                }
            } catch (org.bouncycastle.openssl.PEMException e) {
                throw new IllegalArgumentException("Cannot read a private key from the PEM text", e);
            }
        }
        if (keys.size() != 1) {
            throw new IllegalArgumentException("Expected one private key in the PEM text, found " + keys.size());
        }
        return keys.get(0);
    }

    private static List<Object> objects(String pem) {
        Objects.requireNonNull(pem, "pem");
        List<Object> objects = new ArrayList<>();
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                objects.add(object);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("Not valid PEM text: " + e.getMessage(), e);
        }
        return objects;
    }

    private static String block(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + BASE64.encodeToString(der) + "\n"
                + "-----END " + type + "-----\n";
    }
}
