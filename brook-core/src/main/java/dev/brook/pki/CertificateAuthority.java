package dev.brook.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * A certificate authority: its self-signed certificate and its private key.
 *
 * <p>Created with {@link #create}, renewed with {@link #renew} (same subject, same key, new serial and validity: every
 * certificate it signed stays valid and every trust store that held the old certificate still verifies them), or
 * loaded with {@link #fromPem}. Replacing the key is not done here but planned by {@link CaPlan}, because clients must
 * trust the new key before anything is signed with it.
 */
public final class CertificateAuthority {

    private final X509Certificate certificate;
    private final PrivateKey privateKey;

    private CertificateAuthority(X509Certificate certificate, PrivateKey privateKey) {
        this.certificate = certificate;
        this.privateKey = privateKey;
    }

    /**
     * A new self-signed CA with a new key: BasicConstraints CA with path length 0 (it signs leaves only), KeyUsage
     * keyCertSign and cRLSign, a SubjectKeyIdentifier.
     *
     * <p>A CA that replaces another one (a key replacement) needs a subject of its own: ZooKeeper's PEM trust store
     * keeps one certificate per subject, so the old and the new CA could not be trusted together otherwise.
     */
    public static CertificateAuthority create(Subject subject, Validity validity, KeyAlgorithm algorithm) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(validity, "validity");
        KeyPair keys = algorithm.generateKeyPair();
        return new CertificateAuthority(selfSigned(subject.x500Name(), keys.getPublic(), keys.getPrivate(), validity),
                keys.getPrivate());
    }

    /** A new CA with the default key ({@link KeyAlgorithm#DEFAULT}). */
    public static CertificateAuthority create(Subject subject, Validity validity) {
        return create(subject, validity, KeyAlgorithm.DEFAULT);
    }

    /**
     * This CA with a new certificate for the same subject and key: a new serial and the given validity. Certificates
     * signed before stay valid (their AuthorityKeyIdentifier names the key, not the serial).
     */
    public CertificateAuthority renew(Validity validity) {
        X500Name subject = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        return new CertificateAuthority(selfSigned(subject, certificate.getPublicKey(), privateKey, validity), privateKey);
    }

    /**
     * A CA from its PEM certificate and PEM private key (PKCS#8; PKCS#1 RSA and SEC1 EC keys are read too). Refuses a
     * certificate that is not a CA and a key that does not belong to the certificate.
     */
    public static CertificateAuthority fromPem(String certificatePem, String privateKeyPem) {
        X509Certificate certificate = Pem.readCertificate(certificatePem);
        PrivateKey key = Pem.readPrivateKey(privateKeyPem);
        if (certificate.getBasicConstraints() < 0) {
            throw new IllegalArgumentException("Not a CA certificate (no BasicConstraints CA=true): "
                    + certificate.getSubjectX500Principal().getName());
        }
        boolean[] keyUsage = certificate.getKeyUsage();
        if (keyUsage != null && !keyUsage[5]) {
            throw new IllegalArgumentException("The CA certificate may not sign certificates (no keyCertSign): "
                    + certificate.getSubjectX500Principal().getName());
        }
        if (!belongTogether(key, certificate.getPublicKey())) {
            throw new IllegalArgumentException("The private key does not belong to the CA certificate "
                    + certificate.getSubjectX500Principal().getName());
        }
        return new CertificateAuthority(certificate, key);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public CertificateInfo info() {
        return CertificateInfo.of(certificate);
    }

    public String certificatePem() {
        return Pem.certificate(certificate);
    }

    /** The private key as unencrypted PKCS#8 PEM: keep it in a Secret only the operator reads. */
    public String privateKeyPem() {
        return Pem.privateKey(privateKey);
    }

    @Override
    public String toString() {
        return "CertificateAuthority[" + certificate.getSubjectX500Principal().getName() + ", serial "
                + certificate.getSerialNumber().toString(16) + "]";
    }

    private static X509Certificate selfSigned(X500Name subject, PublicKey publicKey, PrivateKey privateKey,
                                              Validity validity) {
        var builder = CertificateSigner.builder(subject, subject, validity, publicKey);
        CertificateSigner.addExtension(builder, Extension.basicConstraints, true, new BasicConstraints(0));
        CertificateSigner.addExtension(builder, Extension.keyUsage, true,
                new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        CertificateSigner.addExtension(builder, Extension.subjectKeyIdentifier, false,
                CertificateSigner.subjectKeyIdentifier(publicKey));
        return CertificateSigner.sign(builder, privateKey);
    }

    /** Sign a probe with the private key and verify it with the public key: works for RSA and EC alike. */
    private static boolean belongTogether(PrivateKey privateKey, PublicKey publicKey) {
        if (!privateKey.getAlgorithm().equals(publicKey.getAlgorithm())) {
            return false;
        }
        try {
            String algorithm = KeyAlgorithm.signatureAlgorithmFor(privateKey);
            byte[] probe = "brook key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
