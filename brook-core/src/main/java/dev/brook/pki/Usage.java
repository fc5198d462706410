package dev.brook.pki;

import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x509.KeyPurposeId;

/** What a leaf certificate is for, written as its ExtendedKeyUsage (serverAuth, clientAuth or both). */
public enum Usage {
    /** A TLS server: Kafka listeners, ZooKeeper's client port. */
    SERVER(true, false),
    /** A TLS client: Kafka users, the operator's admin client. */
    CLIENT(false, true),
    /** Both ends: inter-broker mutual TLS, brokers to ZooKeeper, ZooKeeper quorum. */
    SERVER_AND_CLIENT(true, true);

    private final boolean server;
    private final boolean client;

    Usage(boolean server, boolean client) {
        this.server = server;
        this.client = client;
    }

    public boolean server() {
        return server;
    }

    public boolean client() {
        return client;
    }

    /** The usage whose purposes are exactly these, or null when there is none (no serverAuth and no clientAuth). */
    static Usage of(boolean server, boolean client) {
        if (server && client) {
            return SERVER_AND_CLIENT;
        }
        if (server) {
            return SERVER;
        }
        return client ? CLIENT : null;
    }

    KeyPurposeId[] keyPurposes() {
        List<KeyPurposeId> purposes = new ArrayList<>(2);
        if (server) {
            purposes.add(KeyPurposeId.id_kp_serverAuth);
        }
        if (client) {
            purposes.add(KeyPurposeId.id_kp_clientAuth);
        }
        return purposes.toArray(new KeyPurposeId[0]);
    }
}
