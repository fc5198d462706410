package dev.brook.model;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.ListenerCertificate;
import dev.brook.api.v1alpha1.ListenerSpec;
import dev.brook.contract.TlsFiles;
import dev.brook.pki.Pem;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The key stores of TLS listeners that bring their own server certificate ({@code listeners[].certificate}): the
 * chain and key from the user's Secret, joined into the PEM file the broker's listener reads from the broker Secret.
 * The operator reads those Secrets from the API, brook local from its data dir; the checks are the same.
 *
 * @param keyStores file name (in the broker Secret) to PEM bytes
 * @param problem   what to fix, naming the listener and the Secret, or null when every certificate is usable
 */
public record ListenerKeyStores(SortedMap<String, byte[]> keyStores, String problem) {

    /** @param secretFiles the files of a Secret by name, null when it does not exist */
    public static ListenerKeyStores of(Cluster cluster, Function<String, Map<String, byte[]>> secretFiles) {
        SortedMap<String, byte[]> out = new TreeMap<>();
        for (ListenerSpec listener : ClusterTls.tlsListeners(cluster)) {
            ListenerCertificate own = listener.getCertificate();
            if (own == null) {
                continue;
            }
            String where = "spec.brokers.listeners[" + listener.getName() + "].certificate: Secret " + own.getSecretName();
            Map<String, byte[]> files = secretFiles.apply(own.getSecretName());
            if (files == null) {
                return new ListenerKeyStores(out, where + " does not exist; create it or remove the certificate (nothing was changed)");
            }
            String certificateKey = own.getCertificate() == null ? "tls.crt" : own.getCertificate();
            String keyKey = own.getKey() == null ? "tls.key" : own.getKey();
            if (files.get(certificateKey) == null || files.get(keyKey) == null) {
                return new ListenerKeyStores(out, where + " must hold the certificate chain under " + certificateKey
                        + " and its key under " + keyKey);
            }
            try {
                String pem = Pem.keyAndChain(Pem.readPrivateKey(new String(files.get(keyKey), StandardCharsets.UTF_8)),
                        Pem.readCertificates(new String(files.get(certificateKey), StandardCharsets.UTF_8)));
                out.put(TlsFiles.listenerKeyStore(Listeners.kafkaName(listener.getName())), pem.getBytes(StandardCharsets.UTF_8));
            } catch (RuntimeException unreadable) {
                return new ListenerKeyStores(out, where + ": " + certificateKey + " and " + keyKey + " must be PEM ("
                        + unreadable.getMessage() + ")");
            }
        }
        return new ListenerKeyStores(out, null);
    }
}
