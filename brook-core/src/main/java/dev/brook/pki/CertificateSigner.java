package dev.brook.pki;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The parts every certificate Brook signs shares: a random serial, key identifiers, the signature. BouncyCastle
 * builds and encodes; the JDK's own providers sign and parse (no BouncyCastle provider is registered).
 */
final class CertificateSigner {

    private static final SecureRandom RANDOM = new SecureRandom();

    private CertificateSigner() {
    }

    static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, Validity validity, PublicKey publicKey) {
        return new JcaX509v3CertificateBuilder(issuer, newSerial(), Date.from(validity.notBefore()),
                Date.from(validity.notAfter()), subject, publicKey);
    }

    static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signingKey) {
        try {
            var signer = new JcaContentSignerBuilder(KeyAlgorithm.signatureAlgorithmFor(signingKey)).build(signingKey);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("Cannot sign a certificate with a " + signingKey.getAlgorithm() + " key", e);
        }
    }

    static SubjectKeyIdentifier subjectKeyIdentifier(PublicKey key) {
        return extensionUtils().createSubjectKeyIdentifier(key);
    }

    /**
     * The key identifier of the issuer only, never its name and serial number: a CA renewed with the same key gets a
     * new serial, and every certificate it signed before must still point at it.
     */
    static AuthorityKeyIdentifier authorityKeyIdentifier(PublicKey issuerKey) {
        return extensionUtils().createAuthorityKeyIdentifier(issuerKey);
    }

    static void addExtension(X509v3CertificateBuilder builder, org.bouncycastle.asn1.ASN1ObjectIdentifier oid,
                             boolean critical, org.bouncycastle.asn1.ASN1Encodable value) {
        try {
            builder.addExtension(oid, critical, value);
        } catch (CertIOException e) {
            throw new IllegalStateException("Cannot encode extension " + oid, e);
        }
    }

    /** 159 random bits, positive: unique per CA without any counter to store (RFC 5280 allows up to 20 octets). */
    private static BigInteger newSerial() {
        return new BigInteger(159, RANDOM).setBit(150);
    }

    private static JcaX509ExtensionUtils extensionUtils() {
        try {
            return new JcaX509ExtensionUtils();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no SHA-1 for key identifiers", e);
        }
    }
}
