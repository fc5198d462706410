package dev.brook.agent.broker;

import dev.brook.agent.TlsFileStatus;
import dev.brook.contract.BrokerInputs;
import dev.brook.contract.Listener;
import dev.brook.contract.PodName;
import dev.brook.contract.TlsFiles;

import javax.net.ssl.KeyManagerFactory;
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
 * Which of the broker's TLS listeners serve a certificate other than the one their key store file holds now. Kafka
 * reads a listener's key store when it starts and when the same path is set again for this broker through
 * {@code incrementalAlterConfigs}, never on its own; Kubernetes updates the mounted Secret in place. So after a renewal
 * the file is new and the listener still serves the old certificate until the operator asks Kafka to reload: this is
 * how the operator knows whom to ask, and when a reload has taken effect.
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
     * The names of the TLS listeners whose served certificate differs from their key store file, sorted; a listener
     * that cannot be reached or whose file cannot be read is left out (nothing to reload yet).
     */
    static List<String> stale(BrokerInputs inputs, PodName pod, String host, Path tlsDir) {
        List<String> stale = new ArrayList<>();
        if (!inputs.tls()) {
            return stale;
        }
        SSLContext context;
        try {
            context = context(tlsDir.resolve(TlsFiles.podKeyStore(pod.toString())));
        } catch (Exception unreadable) {
            return stale; // mid-update: the status's tlsError says why
        }
        for (Listener listener : inputs.listeners()) {
            if (!listener.usesTls()) {
                continue;
            }
            try {
                List<X509Certificate> file = TlsFileStatus.certificatesIn(tlsDir.resolve(listener.keyStoreFile(pod)));
                String served = served(context, host, listener.port());
                if (!file.isEmpty() && !served.equals(TlsFileStatus.sha256(file.get(0).getEncoded()))) {
                    stale.add(listener.name());
                }
            } catch (Exception notNow) {
                // not listening yet, or the file is being replaced: decided on a later call
            }
        }
        return stale;
    }

    /** SHA-256 (hex) of the certificate {@code host:port} presents to a new connection. */
    static String served(SSLContext context, String host, int port) throws Exception {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            socket.startHandshake();
            Certificate[] chain = socket.getSession().getPeerCertificates();
            return TlsFileStatus.sha256(chain[0].getEncoded());
        }
    }

    /**
     * Presents the pod's certificate; accepts whatever the server presents without judging it: only its fingerprint is
     * compared (a listener with a certificate of the user's own may chain to a CA Brook does not know), and the
     * connection ends after the handshake, before any data.
     */
    private static SSLContext context(Path keyStoreFile) throws Exception {
        List<X509Certificate> chain = TlsFileStatus.certificatesIn(keyStoreFile);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        char[] password = new char[0];
        keys.setKeyEntry("pod", TlsFileStatus.privateKeyIn(keyStoreFile), password, chain.toArray(new Certificate[0]));
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), new TrustManager[] {new RecordOnly()}, null);
        return context;
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
