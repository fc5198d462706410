package dev.brook.agent.broker;

import dev.brook.agent.TlsFileStatus;
import dev.brook.contract.BrokerInputs;
import dev.brook.contract.Listener;
import dev.brook.contract.PodName;
import dev.brook.contract.TlsFiles;

import dev.brook.contract.StatusFields;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;
import javax.security.auth.x500.X500Principal;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;

/**
 * Which of the broker's TLS listeners serve a certificate, or trust CAs, other than their files hold now. Kafka
 * reads a listener's key store when it starts and when the same path is set again for this broker through
 * {@code incrementalAlterConfigs}, never on its own; Kubernetes updates the mounted Secret in place. So after a renewal
 * the file is new and the listener still serves the old certificate until the operator asks Kafka to reload: this is
 * how the operator knows whom to ask, and when a reload has taken effect.
 *
 * <p>Trust is read from the inter-broker listener, the one that asks for client certificates: its CertificateRequest
 * names the CAs it accepts (their subjects; Brook gives every CA generation a subject of its own), which are mapped
 * back to the bundle file's certificates. During a CA key replacement this is how the operator knows a broker trusts
 * the new CA before anything presents a certificate it signed.
 *
 * <p>Checked with a real TLS handshake to each listener on the pod's own address, presenting the pod's certificate
 * (the replication listener requires one from the cluster CA); what the listener presents is only read and compared,
 * never trusted with data (see {@link #context}). No Kafka request is sent.
 */
final class ServedCertificates {
    private static final int TIMEOUT_MS = 5_000;

    private ServedCertificates() {
    }

    /**
     * @param stale         the names of the TLS listeners whose served certificate differs from their key store file, or
     *                      (inter-broker listener) whose trusted CAs differ from the bundle file, sorted; a listener that
     *                      cannot be reached or whose file cannot be read is left out (nothing to reload yet)
     * @param trustedLoaded what the inter-broker listener trusts ({@link StatusFields#TLS_TRUSTED_LOADED}); empty when
     *                      unknown
     * @param servedNotAfter the expiry of the certificate the inter-broker listener presents
     *                      ({@link StatusFields#TLS_SERVED_NOT_AFTER}); empty when unknown
     */
    record Report(List<String> stale, String trustedLoaded, String servedNotAfter) {
    }

    static Report check(BrokerInputs inputs, PodName pod, String host, Path tlsDir) {
        List<String> stale = new ArrayList<>();
        String trustedLoaded = "";
        String servedNotAfter = "";
        if (!inputs.tls()) {
            return new Report(stale, trustedLoaded, "");
        }
        SSLContext context;
        RecordingKeyManager keyManager;
        try {
            keyManager = keyManager(tlsDir.resolve(TlsFiles.podKeyStore(pod.toString())));
            context = context(keyManager);
        } catch (Exception unreadable) {
            return new Report(stale, trustedLoaded, ""); // mid-update: the status's tlsError says why
        }
        for (Listener listener : inputs.listeners()) {
            if (!listener.usesTls()) {
                continue;
            }
            keyManager.issuers = null;
            boolean staleCertificate = false;
            try {
                List<X509Certificate> file = TlsFileStatus.certificatesIn(tlsDir.resolve(listener.keyStoreFile(pod)));
                X509Certificate served = served(context, host, listener.port());
                staleCertificate = !file.isEmpty() && !served.equals(file.get(0)); // X509Certificate equality: same encoding
                if (listener.name().equals(inputs.interBrokerListener())) {
                    servedNotAfter = served.getNotAfter().toInstant().toString();
                }
            } catch (Exception notNow) {
                // not listening yet, the file is being replaced, or the server refused the pod's certificate (it trusts
                // another CA): the CAs it named before refusing are still known
            }
            boolean staleTrust = false;
            if (listener.name().equals(inputs.interBrokerListener()) && keyManager.issuers != null) {
                try {
                    List<X509Certificate> bundle = TlsFileStatus.certificatesIn(tlsDir.resolve(TlsFiles.CLUSTER_CA_BUNDLE));
                    trustedLoaded = trusted(keyManager.issuers, bundle);
                    staleTrust = !trustedLoaded.equals(TlsFileStatus.fingerprints(bundle));
                } catch (Exception notNow) {
                    // the bundle is being replaced: decided on a later call
                }
            }
            if (staleCertificate || staleTrust) {
                stale.add(listener.name());
            }
        }
        return new Report(stale.stream().sorted().toList(), trustedLoaded, servedNotAfter);
    }

    /**
     * The bundle's certificates whose subjects the server accepts (a renewed CA keeps its subject and key: either of its
     * certificates verifies the same leaves), plus a {@code subject:<hash>} entry for each accepted subject the bundle
     * file does not hold (the server still trusts a CA that is gone from the file).
     */
    static String trusted(Principal[] issuers, List<X509Certificate> bundle) {
        List<X509Certificate> matching = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (Principal issuer : issuers) {
            X500Principal subject = new X500Principal(issuer.getName());
            List<X509Certificate> same = bundle.stream().filter(ca -> ca.getSubjectX500Principal().equals(subject)).toList();
            if (same.isEmpty()) {
                unknown.add("subject:" + TlsFileStatus.sha256(subject.getEncoded()).substring(0, 16));
            }
            matching.addAll(same);
        }
        String known = TlsFileStatus.fingerprints(matching);
        List<String> all = new ArrayList<>(unknown.stream().sorted().distinct().toList());
        if (!known.isEmpty()) {
            all.add(0, known);
        }
        return String.join(",", all);
    }

    /** The certificate {@code host:port} presents to a new connection. */
    static X509Certificate served(SSLContext context, String host, int port) throws Exception {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            socket.startHandshake();
            Certificate[] chain = socket.getSession().getPeerCertificates();
            return (X509Certificate) chain[0];
        }
    }

    /**
     * Presents the pod's certificate; accepts whatever the server presents without judging it: only its fingerprint is
     * compared (a listener with a certificate of the user's own may chain to a CA Brook does not know), and the
     * connection ends after the handshake, before any data.
     */
    private static SSLContext context(RecordingKeyManager keyManager) throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {keyManager}, new TrustManager[] {new RecordOnly()}, null);
        return context;
    }

    private static RecordingKeyManager keyManager(Path keyStoreFile) throws Exception {
        List<X509Certificate> chain = TlsFileStatus.certificatesIn(keyStoreFile);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        char[] password = new char[0];
        keys.setKeyEntry("pod", TlsFileStatus.privateKeyIn(keyStoreFile), password, chain.toArray(new Certificate[0]));
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, password);
        return new RecordingKeyManager((X509KeyManager) keyManagers.getKeyManagers()[0]);
    }

    /** The pod's key manager, noting the CA subjects the server named when it asked for a client certificate. */
    private static final class RecordingKeyManager extends X509ExtendedKeyManager {
        private final X509KeyManager keys;
        /** Set by the last handshake that asked for a client certificate; null when none did. */
        volatile Principal[] issuers;

        RecordingKeyManager(X509KeyManager keys) {
            this.keys = keys;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            this.issuers = issuers == null ? new Principal[0] : issuers.clone();
            // Kafka's trust store lists the CAs; the pod's own certificate is presented whoever signed it.
            return keys.chooseClientAlias(keyType, null, socket);
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return keys.getClientAliases(keyType, issuers);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return keys.getServerAliases(keyType, issuers);
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return keys.chooseServerAlias(keyType, issuers, socket);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return keys.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return keys.getPrivateKey(alias);
        }
    }

    /** Reads the server's chain, judges nothing: see {@link #context}. */
    private static final class RecordOnly implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("this context only connects to servers");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
