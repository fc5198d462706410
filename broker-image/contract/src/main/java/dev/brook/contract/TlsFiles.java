package dev.brook.contract;

import java.util.Locale;

/**
 * Files in the TLS directory ({@link PodEnvironment#TLS_DIR}), all PEM, none encrypted (Kafka and ZooKeeper read
 * unencrypted PKCS#8 keys with {@code ssl.keystore.type=PEM}; no passwords to manage). One Secret serves every pod
 * of a StatefulSet, so each pod's key store is named after the pod. The operator writes the Secret; the agent reads
 * the files and reports what it sees ({@link StatusFields#TLS_CERTIFICATE}, ...).
 */
public final class TlsFiles {
    private TlsFiles() {
    }

    /** The CA certificates the pod trusts for Brook's internal traffic: one, or two while a CA key is being replaced. */
    public static final String CLUSTER_CA_BUNDLE = "cluster-ca.pem";
    /** The CA certificates client certificates are checked against on listeners that authenticate clients by TLS. */
    public static final String CLIENTS_CA_BUNDLE = "clients-ca.pem";

    /** The pod's own key store: its private key (PKCS#8) followed by its certificate chain. */
    public static String podKeyStore(String podName) {
        return podName + ".pem";
    }

    /** A client listener's own server certificate (key and chain) when the user provides one. */
    public static String listenerKeyStore(String listenerName) {
        return "listener-" + listenerName.toLowerCase(Locale.ROOT) + ".pem";
    }
}
