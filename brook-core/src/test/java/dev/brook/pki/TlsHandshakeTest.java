package dev.brook.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Real TLS between an {@link SSLServerSocket} and an {@link SSLSocket} on 127.0.0.1, both built from Brook's PEM text
 * through {@link KeyStore}: mutual authentication, host name checks against the IP SAN, refusal of a foreign CA, and
 * old leaves against a renewed CA. Certificates are valid now because the JDK checks them against its own clock.
 */
class TlsHandshakeTest {

    private static final int TIMEOUT_MS = 5_000;
    private static final char[] STORE_PASSWORD = "test".toCharArray();
    private static final Instant NOW = Instant.now();
    private static final Validity VALIDITY = Validity.of(NOW.minus(Duration.ofMinutes(5)), Duration.ofDays(1));

    private static ExecutorService serverThread;
    private static CertificateAuthority ca;
    private static CertificateAuthority foreignCa;
    private static Leaf server;
    private static Leaf client;

    @BeforeAll
    static void certificates() {
        serverThread = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "tls-test-server");
            thread.setDaemon(true);
            return thread;
        });
        ca = CertificateAuthority.create(Subject.of("brook-cluster-ca"), VALIDITY);
        foreignCa = CertificateAuthority.create(Subject.of("brook-cluster-ca"), VALIDITY);
        server = Leaf.issue(ca, LeafRequest.builder("broker-0").dnsNames("broker-0.brokers.ns.svc")
                .ipAddresses("127.0.0.1").usage(Usage.SERVER_AND_CLIENT).validity(VALIDITY).build());
        client = Leaf.issue(ca, LeafRequest.builder(Subject.of("alice").withOrganization("brook"))
                .usage(Usage.CLIENT).validity(VALIDITY).build());
    }

    @AfterAll
    static void stop() {
        serverThread.shutdownNow();
    }

    @Test
    void mutualTlsWithLeavesFromOneCa() throws Exception {
        Outcome outcome = handshake(context(server.keyStorePem(), ca.certificatePem()),
                context(client.keyStorePem(), ca.certificatePem()));

        assertThat(outcome.clientError()).isNull();
        assertThat(outcome.serverError()).isNull();
        assertThat(outcome.serverSawClient()).isEqualTo("CN=alice,O=brook");
        assertThat(outcome.clientSawServer()).isEqualTo("CN=broker-0");
    }

    @Test
    void rsaAndEcLeavesFromAnRsaCaMeet() throws Exception {
        CertificateAuthority rsaCa = CertificateAuthority.create(Subject.of("brook-clients-ca"), VALIDITY, KeyAlgorithm.RSA_2048);
        Leaf rsaServer = Leaf.issue(rsaCa, LeafRequest.builder("broker-1").ipAddresses("127.0.0.1")
                .keyAlgorithm(KeyAlgorithm.RSA_2048).validity(VALIDITY).build());
        Leaf ecClient = Leaf.issue(rsaCa, LeafRequest.builder("bob").usage(Usage.CLIENT).validity(VALIDITY).build());

        Outcome outcome = handshake(context(rsaServer.keyStorePem(), rsaCa.certificatePem()),
                context(ecClient.keyStorePem(), rsaCa.certificatePem()));

        assertThat(outcome.clientError()).isNull();
        assertThat(outcome.serverSawClient()).isEqualTo("CN=bob");
    }

    @Test
    void aClientLeafFromAForeignCaIsRefusedByTheServer() throws Exception {
        Leaf stranger = Leaf.issue(foreignCa, LeafRequest.builder(Subject.of("alice").withOrganization("brook")).usage(Usage.CLIENT)
                .validity(VALIDITY).build());

        Outcome outcome = handshake(context(server.keyStorePem(), ca.certificatePem()),
                context(stranger.keyStorePem(), ca.certificatePem()));

        assertThat(outcome.serverError()).isInstanceOf(SSLHandshakeException.class);
        assertThat(outcome.clientError()).as("the client learns it from the server's alert").isInstanceOf(IOException.class);
    }

    @Test
    void aServerLeafFromAForeignCaIsRefusedByTheClient() throws Exception {
        Leaf impostor = Leaf.issue(foreignCa, LeafRequest.builder("broker-0").ipAddresses("127.0.0.1")
                .validity(VALIDITY).build());

        Outcome outcome = handshake(context(impostor.keyStorePem(), ca.certificatePem()),
                context(client.keyStorePem(), ca.certificatePem()));

        assertThat(outcome.clientError()).isInstanceOf(SSLHandshakeException.class);
        assertThat(outcome.serverError()).isNotNull();
    }

    @Test
    void aServerLeafWithoutTheAddressIsRefusedByHostNameVerification() throws Exception {
        Leaf elsewhere = Leaf.issue(ca, LeafRequest.builder("broker-0").dnsNames("broker-0.brokers.ns.svc")
                .ipAddresses("127.0.0.2").validity(VALIDITY).build());

        Outcome outcome = handshake(context(elsewhere.keyStorePem(), ca.certificatePem()),
                context(client.keyStorePem(), ca.certificatePem()));

        assertThat(outcome.clientError()).isInstanceOf(SSLHandshakeException.class)
                .hasMessageContaining("127.0.0.1");
    }

    @Test
    void leavesOfTheOldCaCertificateMeetPeersThatTrustOnlyTheRenewedOne() throws Exception {
        CertificateAuthority renewed = ca.renew(Validity.of(NOW.minus(Duration.ofMinutes(1)), Duration.ofDays(2)));

        Outcome outcome = handshake(context(server.keyStorePem(), renewed.certificatePem()),
                context(client.keyStorePem(), renewed.certificatePem()));

        assertThat(outcome.clientError()).isNull();
        assertThat(outcome.serverError()).isNull();
    }

    @Test
    void aBundleOfTwoCasLetsLeavesOfEitherMeet() throws Exception {
        CertificateAuthority next = CertificateAuthority.create(Subject.of("brook-cluster-ca-2"), VALIDITY);
        Leaf movedServer = Leaf.issue(next, LeafRequest.builder("broker-0").ipAddresses("127.0.0.1").validity(VALIDITY).build());
        String bundle = Pem.trustBundle(List.of(ca.certificate(), next.certificate()));

        Outcome outcome = handshake(context(movedServer.keyStorePem(), bundle), context(client.keyStorePem(), bundle));

        assertThat(outcome.clientError()).isNull();
        assertThat(outcome.serverError()).isNull();
    }

    /** What each side saw: the peer's subject, or the exception that ended its side. */
    record Outcome(String serverSawClient, Throwable serverError, String clientSawServer, Throwable clientError) {
    }

    private static Outcome handshake(SSLContext serverContext, SSLContext clientContext) throws Exception {
        try (SSLServerSocket listener = (SSLServerSocket) serverContext.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            listener.setNeedClientAuth(true);
            listener.setSoTimeout(TIMEOUT_MS);
            Future<String> serverSide = serverThread.submit(() -> {
                try (SSLSocket socket = (SSLSocket) listener.accept()) {
                    socket.setSoTimeout(TIMEOUT_MS);
                    socket.startHandshake();
                    int request = socket.getInputStream().read();
                    socket.getOutputStream().write(request + 1);
                    socket.getOutputStream().flush();
                    return ((X509Certificate) socket.getSession().getPeerCertificates()[0])
                            .getSubjectX500Principal().getName();
                }
            });
            String clientSawServer = null;
            Throwable clientError = null;
            Socket plain = new Socket();
            try {
                plain.connect(new InetSocketAddress("127.0.0.1", listener.getLocalPort()), TIMEOUT_MS);
                plain.setSoTimeout(TIMEOUT_MS);
                try (SSLSocket socket = (SSLSocket) clientContext.getSocketFactory()
                        .createSocket(plain, "127.0.0.1", listener.getLocalPort(), true)) {
                    SSLParameters parameters = socket.getSSLParameters();
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                    socket.setSSLParameters(parameters);
                    socket.startHandshake();
                    socket.getOutputStream().write(41);
                    socket.getOutputStream().flush();
                    int answer = socket.getInputStream().read();
                    if (answer != 42) {
                        throw new IOException("Unexpected answer " + answer);
                    }
                    Certificate peer = socket.getSession().getPeerCertificates()[0];
                    clientSawServer = ((X509Certificate) peer).getSubjectX500Principal().getName();
                }
            } catch (IOException e) {
                clientError = e;
            } finally {
                plain.close();
            }
            String serverSawClient = null;
            Throwable serverError = null;
            try {
                serverSawClient = serverSide.get(2L * TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                serverError = e.getCause();
            }
            return new Outcome(serverSawClient, serverError, clientSawServer, clientError);
        }
    }

    /** An SSLContext from PEM text only: the key store file (key + chain) and the trust bundle. */
    private static SSLContext context(String keyStorePem, String trustBundlePem) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("key", Pem.readPrivateKey(keyStorePem), STORE_PASSWORD,
                Pem.readCertificates(keyStorePem).toArray(new Certificate[0]));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        List<X509Certificate> cas = Pem.readCertificates(trustBundlePem);
        for (int i = 0; i < cas.size(); i++) {
            trust.setCertificateEntry("ca-" + i, cas.get(i));
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance("PKIX");
        keyManagers.init(keys, STORE_PASSWORD);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }
}
