package dev.brook.local;

import dev.brook.contract.Role;

import java.util.List;

/**
 * The certificates of a local TLS cluster ({@link LocalKafkaCluster.Builder#tls}), made by whoever runs it: tests
 * issue them with brook-core's PKI, as the operator does. This module only writes them where the pods read them
 * ({@link dev.brook.contract.TlsFiles} in each pod's {@code BROOK_TLS_DIR}).
 */
public interface TlsMaterial {
    /** {@code cluster-ca.pem}: the CA certificates every pod trusts (PEM bundle). */
    String clusterCaBundle();

    /**
     * {@code <pod>.pem}: the pod's unencrypted PKCS#8 key followed by its certificate chain, issued by a CA of the
     * bundle, usable as TLS server and client, naming {@link TlsPod#dnsNames()} and {@link TlsPod#ipAddresses()}.
     * Every broker's certificate must have the same subject DN (ZooKeeper ACLs; see {@code BrokerInputs}). Called once
     * per pod when the cluster is built.
     */
    String keyStore(TlsPod pod);

    /** {@code clients-ca.pem}: the CAs a listener that authenticates clients by certificate trusts; null when none does. */
    default String clientsCaBundle() {
        return null;
    }

    /**
     * A pod that needs a certificate.
     *
     * @param name        pod name, e.g. {@code c1-broker-0}
     * @param role        its role
     * @param dnsNames    the names peers and clients reach it by (its headless-Service DNS name)
     * @param ipAddresses the addresses clients reach it by (its loopback address; the CLIENT listener is advertised by IP)
     */
    record TlsPod(String name, Role role, List<String> dnsNames, List<String> ipAddresses) {
        public TlsPod {
            dnsNames = List.copyOf(dnsNames);
            ipAddresses = List.copyOf(ipAddresses);
        }
    }
}
