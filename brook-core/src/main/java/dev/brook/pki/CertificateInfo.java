package dev.brook.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.security.auth.x500.X500Principal;

/**
 * The facts of one certificate that Brook decides on, read once: names, validity, fingerprints, purpose.
 *
 * <p>Two fingerprints, both SHA-256 in lower-case hex: {@link #fingerprint()} of the whole certificate (changes with
 * every issuance and renewal) and {@link #publicKeyFingerprint()} of its SubjectPublicKeyInfo (the same for a CA
 * renewed with its key, different after a key replacement).
 */
public final class CertificateInfo {

    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final int DNS_NAME = 2;
    private static final int IP_ADDRESS = 7;

    private final X509Certificate certificate;
    private final List<String> dnsNames;
    private final List<String> ipAddresses;
    private final String fingerprint;
    private final String publicKeyFingerprint;

    private CertificateInfo(X509Certificate certificate) {
        this.certificate = certificate;
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> name : names) {
                    int type = (Integer) name.get(0);
                    if (type == DNS_NAME) {
                        dns.add(((String) name.get(1)).toLowerCase(java.util.Locale.ROOT));
                    } else if (type == IP_ADDRESS) {
                        ips.add(SubjectAlternativeNames.ipAddress((String) name.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            throw new IllegalArgumentException("Cannot read the subject alternative names of "
                    + certificate.getSubjectX500Principal(), e);
        }
        this.dnsNames = List.copyOf(dns);
        this.ipAddresses = List.copyOf(ips);
        try {
            this.fingerprint = sha256(certificate.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("Cannot encode certificate " + certificate.getSubjectX500Principal(), e);
        }
        this.publicKeyFingerprint = sha256(certificate.getPublicKey().getEncoded());
    }

    public static CertificateInfo of(X509Certificate certificate) {
        return new CertificateInfo(Objects.requireNonNull(certificate, "certificate"));
    }

    /** The facts of the first certificate in a PEM text (a leaf's chain file starts with the leaf). */
    public static CertificateInfo fromPem(String pem) {
        return of(Pem.readCertificates(pem).get(0));
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** RFC 2253, as Kafka prints principals: {@code CN=broker-0,O=brook}. */
    public String subject() {
        return certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
    }

    public String issuer() {
        return certificate.getIssuerX500Principal().getName(X500Principal.RFC2253);
    }

    public BigInteger serialNumber() {
        return certificate.getSerialNumber();
    }

    public Instant notBefore() {
        return certificate.getNotBefore().toInstant();
    }

    public Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }

    public Validity validity() {
        return new Validity(notBefore(), notAfter());
    }

    /** Lower case, in certificate order. */
    public List<String> dnsNames() {
        return dnsNames;
    }

    /** In Java's spelling ({@code 10.0.0.1}, {@code 0:0:0:0:0:0:0:1}), in certificate order. */
    public List<String> ipAddresses() {
        return ipAddresses;
    }

    public String fingerprint() {
        return fingerprint;
    }

    public String publicKeyFingerprint() {
        return publicKeyFingerprint;
    }

    public boolean isCa() {
        return certificate.getBasicConstraints() >= 0;
    }

    /** serverAuth / clientAuth from the ExtendedKeyUsage, or empty when it names neither (or is missing). */
    public Optional<Usage> usage() {
        try {
            List<String> purposes = certificate.getExtendedKeyUsage();
            if (purposes == null) {
                return Optional.empty();
            }
            return Optional.ofNullable(Usage.of(purposes.contains(SERVER_AUTH), purposes.contains(CLIENT_AUTH)));
        } catch (CertificateParsingException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code ca} signed this certificate: its subject is this certificate's issuer and its key verifies the signature. */
    public boolean issuedBy(X509Certificate ca) {
        if (!ca.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            return false;
        }
        try {
            certificate.verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    public boolean issuedBy(CertificateInfo ca) {
        return issuedBy(ca.certificate);
    }

    /** Whether {@code instant} lies inside the certificate's validity. */
    public boolean validAt(Instant instant) {
        return !instant.isBefore(notBefore()) && !instant.isAfter(notAfter());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CertificateInfo info && info.fingerprint.equals(fingerprint);
    }

    @Override
    public int hashCode() {
        return fingerprint.hashCode();
    }

    @Override
    public String toString() {
        return "CertificateInfo[" + subject() + ", issuer " + issuer() + ", serial " + serialNumber().toString(16)
                + ", " + notBefore() + " .. " + notAfter() + ", sha256 " + fingerprint + "]";
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no SHA-256", e);
        }
    }
}
