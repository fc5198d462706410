package dev.brook.pki;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * A leaf certificate with its private key and the CA certificate that signed it.
 *
 * @param certificate the leaf
 * @param privateKey its key, generated for this issuance only
 * @param issuer the CA certificate that signed it (the rest of the chain a peer is sent)
 */
public record Leaf(X509Certificate certificate, PrivateKey privateKey, X509Certificate issuer) {

    public Leaf {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(issuer, "issuer");
    }

    /**
     * Issues a certificate for {@code request}, signed by {@code ca}, with a fresh key pair: never CA, KeyUsage
     * digitalSignature (plus keyEncipherment for RSA keys), ExtendedKeyUsage serverAuth and/or clientAuth, DNS and IP
     * subject alternative names, Subject and Authority key identifiers.
     *
     * <p>The validity is the request's, even past the CA certificate's end: a CA is renewed with the same key before it
     * expires, and the renewed certificate verifies this leaf.
     */
    public static Leaf issue(CertificateAuthority ca, LeafRequest request) {
        Objects.requireNonNull(ca, "ca");
        Objects.requireNonNull(request, "request");
        KeyPair keys = request.keyAlgorithm().generateKeyPair();
        X500Name issuerName = X500Name.getInstance(ca.certificate().getSubjectX500Principal().getEncoded());
        var builder = CertificateSigner.builder(issuerName, request.subject().x500Name(), request.validity(),
                keys.getPublic());
        CertificateSigner.addExtension(builder, Extension.basicConstraints, true, new BasicConstraints(false));
        int keyUsage = KeyUsage.digitalSignature | (request.keyAlgorithm().isRsa() ? KeyUsage.keyEncipherment : 0);
        CertificateSigner.addExtension(builder, Extension.keyUsage, true, new KeyUsage(keyUsage));
        CertificateSigner.addExtension(builder, Extension.extendedKeyUsage, false,
                new ExtendedKeyUsage(request.usage().keyPurposes()));
        List<ASN1Encodable> names = new ArrayList<>();
        request.dnsNames().forEach(name -> names.add(new GeneralName(GeneralName.dNSName, name)));
        request.ipAddresses().forEach(address -> names.add(new GeneralName(GeneralName.iPAddress, address)));
        if (!names.isEmpty()) {
            CertificateSigner.addExtension(builder, Extension.subjectAlternativeName, false,
                    new DERSequence(names.toArray(new ASN1Encodable[0])));
        }
        CertificateSigner.addExtension(builder, Extension.subjectKeyIdentifier, false,
                CertificateSigner.subjectKeyIdentifier(keys.getPublic()));
        CertificateSigner.addExtension(builder, Extension.authorityKeyIdentifier, false,
                CertificateSigner.authorityKeyIdentifier(ca.certificate().getPublicKey()));
        X509Certificate certificate = CertificateSigner.sign(builder, ca.privateKey());
        return new Leaf(certificate, keys.getPrivate(), ca.certificate());
    }

    /** The leaf then its CA: what a TLS peer is sent. */
    public List<X509Certificate> chain() {
        return List.of(certificate, issuer);
    }

    public CertificateInfo info() {
        return CertificateInfo.of(certificate);
    }

    public String certificatePem() {
        return Pem.certificate(certificate);
    }

    public String chainPem() {
        return Pem.certificates(chain());
    }

    public String privateKeyPem() {
        return Pem.privateKey(privateKey);
    }

    /**
     * The key (unencrypted PKCS#8) and the chain in one PEM file: Kafka's {@code ssl.keystore.location} with
     * {@code ssl.keystore.type=PEM} and no {@code ssl.key.password}, ZooKeeper's {@code ssl.keyStore.location} with
     * {@code ssl.keyStore.type=PEM} and no key store password.
     */
    public String keyStorePem() {
        return Pem.keyAndChain(privateKey, chain());
    }

    public Pkcs12 pkcs12() {
        return Pkcs12.keyStore(privateKey, chain());
    }
}
