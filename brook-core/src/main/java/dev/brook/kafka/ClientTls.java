package dev.brook.kafka;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * How an Admin client reaches a cluster over TLS: the CA certificates it trusts and, for mutual TLS, its own key
 * and certificate chain, all PEM (Kafka's inline PEM key and trust stores: nothing written to disk, no passwords).
 *
 * @param trustedCertificates the CA bundle (PEM certificates)
 * @param privateKey          the client's PKCS#8 private key (PEM), or null without a client certificate
 * @param certificateChain    the client's certificate chain (PEM), or null
 */
public record ClientTls(String trustedCertificates, String privateKey, String certificateChain) {

    /** From a key store file as Brook writes them: the private key followed by the chain. */
    public static ClientTls of(String trustBundle, String keyStorePem) {
        if (keyStorePem == null) {
            return new ClientTls(trustBundle, null, null);
        }
        int chain = keyStorePem.indexOf("-----BEGIN CERTIFICATE-----");
        if (chain < 0) {
            throw new IllegalArgumentException("the key store holds no certificate");
        }
        return new ClientTls(trustBundle, keyStorePem.substring(0, chain).trim() + "\n", keyStorePem.substring(chain));
    }

    /** The client properties: {@code security.protocol=SSL} and the inline PEM stores. */
    public Map<String, Object> properties() {
        Map<String, Object> p = new TreeMap<>();
        p.put("security.protocol", "SSL");
        p.put("ssl.truststore.type", "PEM");
        p.put("ssl.truststore.certificates", trustedCertificates);
        if (privateKey != null) {
            p.put("ssl.keystore.type", "PEM");
            p.put("ssl.keystore.key", privateKey);
            p.put("ssl.keystore.certificate.chain", certificateChain);
        }
        return p;
    }

    /** Changes when any of the material changes: connections are rebuilt for a new certificate or bundle. */
    public String fingerprint() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : new String[] {trustedCertificates, privateKey, certificateChain}) {
                digest.update((part == null ? "-" : part).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "ClientTls[" + fingerprint() + "]";
    }
}
