package dev.brook.pki;

import java.io.StringWriter;
import java.security.KeyPair;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;

/** Keys as {@code openssl genrsa} / {@code openssl ecparam -genkey} write them (PKCS#1, SEC1), for reader tests. */
final class TraditionalKeys {

    private TraditionalKeys() {
    }

    /** The same private key, whatever its encoding (a SEC1 key read back keeps its curve and public key). */
    static boolean same(java.security.PrivateKey a, java.security.PrivateKey b) {
        if (a instanceof ECPrivateKey ecA && b instanceof ECPrivateKey ecB) {
            return ecA.getS().equals(ecB.getS());
        }
        if (a instanceof RSAPrivateKey rsaA && b instanceof RSAPrivateKey rsaB) {
            return rsaA.getModulus().equals(rsaB.getModulus()) && rsaA.getPrivateExponent().equals(rsaB.getPrivateExponent());
        }
        return false;
    }

    static String pem(KeyPair keys) throws Exception {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            if (keys.getPrivate() instanceof RSAPrivateKey) {
                writer.writeObject(keys); // "RSA PRIVATE KEY", PKCS#1
            } else {
                // BouncyCastle's writer drops the curve from a JDK EC key; OpenSSL writes curve and public key.
                ECPrivateKey key = (ECPrivateKey) keys.getPrivate();
                DERBitString publicKey = new DERBitString(
                        SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()).getPublicKeyData().getOctets());
                var sec1 = new org.bouncycastle.asn1.sec.ECPrivateKey(256, key.getS(), publicKey, SECObjectIdentifiers.secp256r1);
                writer.writeObject(new PemObject("EC PRIVATE KEY", sec1.getEncoded()));
            }
        }
        return text.toString();
    }
}
