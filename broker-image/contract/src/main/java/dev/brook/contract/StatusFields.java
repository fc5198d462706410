package dev.brook.contract;

/**
 * Field names of the agent's status JSON ({@link PodEndpoints#STATUS}): one flat object of strings, numbers and
 * booleans. The agent writes them; {@code dev.brook.local.AgentStatus} reads them (the operator, {@code brook local}
 * and the tests all read through it).
 */
public final class StatusFields {
    private StatusFields() {
    }

    /** Both roles: the role argument, {@code zookeeper} or {@code broker}. */
    public static final String ROLE = "role";
    /** Both roles: the pod name. */
    public static final String POD = "pod";
    /** Both roles: what {@link PodEndpoints#LIVENESS} answers. */
    public static final String LIVE = "live";
    /** Both roles: what {@link PodEndpoints#READINESS} answers. */
    public static final String READY = "ready";

    /** Broker: {@code broker.id}. */
    public static final String BROKER_ID = "brokerId";
    /** Broker: Kafka's broker state ({@code NOT_RUNNING}, {@code STARTING}, {@code RECOVERY}, {@code RUNNING}, ...). */
    public static final String BROKER_STATE = "brokerState";
    /** Broker: logs left to recover after an unclean stop; never restart a broker while this is above 0. */
    public static final String REMAINING_LOGS_TO_RECOVER = "remainingLogsToRecover";
    /** Broker: its registration is in ZooKeeper. */
    public static final String REGISTERED_IN_ZOOKEEPER = "registeredInZookeeper";
    /** Broker: it is the active controller. */
    public static final String CONTROLLER = "controller";

    /** ZooKeeper: the server id ({@code myid}). */
    public static final String SERVER_ID = "serverId";
    /** ZooKeeper: the number of servers in its inputs. */
    public static final String ENSEMBLE_SIZE = "ensembleSize";
    /** ZooKeeper: the peer state in lower case ({@code leading}, {@code following}, {@code looking}, ...), or {@link #PEER_STARTING}. */
    public static final String PEER_STATE = "peerState";
    /** ZooKeeper: the server id it votes for as leader (absent while looking). */
    public static final String LEADER_ID = "leaderId";

    /*
     * The TLS fields are present when the pod's inputs give it a key store of its own (ZookeeperInputs#tlsFiles,
     * BrokerInputs#tlsFiles). The agent reads them from the files on every request: Kubernetes updates a mounted Secret
     * late (up to a minute or more after the Secret changed), so this is what the pod sees now, not what was written.
     * All fingerprints are lower-case hex SHA-256 of the DER encoding, the same as dev.brook.pki.CertificateInfo's.
     */

    /** With TLS: SHA-256 fingerprint (hex) of the certificate in the pod's key store file as the pod sees it now. */
    public static final String TLS_CERTIFICATE = "tlsCertificate";
    /** With TLS: that certificate's expiry (ISO-8601). */
    public static final String TLS_NOT_AFTER = "tlsNotAfter";
    /** With TLS: SHA-256 fingerprint (hex) of the public key of the bundle CA that signed it, empty when none did. */
    public static final String TLS_ISSUER_KEY = "tlsIssuerKey";
    /** With TLS: SHA-256 fingerprints (hex, comma-separated, sorted) of the CAs in the cluster CA bundle the pod sees now. */
    public static final String TLS_TRUSTED = "tlsTrusted";

    /**
     * Broker with internal TLS: the TLS listeners (Kafka names, comma-separated, sorted) that serve a certificate other
     * than the one their key store file holds now, checked by a TLS handshake with each. Kafka reloads a key store only
     * when asked, so after a renewal they are listed until the operator has asked (the same path set again through
     * {@code incrementalAlterConfigs}); empty when every listener serves its file.
     */
    public static final String TLS_STALE_LISTENERS = "tlsStaleListeners";

    /**
     * ZooKeeper with TLS: SHA-256 fingerprint (hex) of the pod certificate when the server started. ZooKeeper 3.8 reads
     * its client-port certificate only then, so when {@link #TLS_CERTIFICATE} (the file now) differs, the server must be
     * restarted to serve the renewed one.
     */
    public static final String TLS_LOADED = "tlsLoaded";

    /**
     * With TLS: the expiry (ISO-8601) of the pod certificate the running server presents: for ZooKeeper the one it
     * loaded at start, for a broker the one its inter-broker listener presents in a handshake. Empty when unknown. A
     * server that presents an expired certificate cannot be reached to reload a new one: the operator restarts it.
     */
    public static final String TLS_SERVED_NOT_AFTER = "tlsServedNotAfter";

    /**
     * With TLS: SHA-256 fingerprints (hex, comma-separated, sorted) of the cluster CAs the running server trusts, which
     * lag {@link #TLS_TRUSTED} (the bundle file now) until it reloads. ZooKeeper: the bundle when the server started
     * (it reads it only then). Broker: the bundle CAs whose subjects the inter-broker listener names as acceptable
     * issuers in a real handshake (its CertificateRequest), plus {@code subject:<hash>} for a subject the file no longer
     * holds; when the two differ the listener is in {@link #TLS_STALE_LISTENERS}, so the operator asks Kafka to reload.
     */
    public static final String TLS_TRUSTED_LOADED = "tlsTrustedLoaded";

    /**
     * With TLS: present only when the files cannot be read or parsed (one line, e.g. a missing file during an update);
     * the other TLS fields are then empty strings.
     */
    public static final String TLS_ERROR = "tlsError";

    /** {@link #PEER_STATE} of the leader. */
    public static final String PEER_LEADING = "leading";
    /** {@link #PEER_STATE} before the quorum peer exists. */
    public static final String PEER_STARTING = "starting";
}
