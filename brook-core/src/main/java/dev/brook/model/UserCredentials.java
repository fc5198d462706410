package dev.brook.model;

import dev.brook.api.v1alpha1.User;
import dev.brook.api.v1alpha1.UserAuthentication;
import dev.brook.pki.CertificateAuthority;
import dev.brook.pki.CertificateCheck;
import dev.brook.pki.CertificateInfo;
import dev.brook.pki.Leaf;
import dev.brook.pki.LeafRequest;
import dev.brook.pki.Passwords;
import dev.brook.pki.Pem;
import dev.brook.pki.Pkcs12;
import dev.brook.pki.Subject;
import dev.brook.pki.Usage;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The contents of a user's Secret, from what it holds now: the CA bundle clients trust; for a TLS user a certificate
 * (CN = user name) from the clients CA as PEM and PKCS12 (issued when missing, expiring, for another name or from a CA
 * no longer trusted; kept otherwise, with its PKCS12 password); for a SCRAM user the password and its JAAS line; per
 * listener its bootstrap address; and client configurations for Java and librdkafka for the first listener that takes
 * the user's mechanism. Planning again on the result changes nothing. Pure but for the keys and passwords it makes.
 */
public final class UserCredentials {
    public static final String CA_CERT = "ca.crt";
    public static final String USER_CERT = "user.crt";
    public static final String USER_KEY = "user.key";
    public static final String USER_P12 = "user.p12";
    public static final String USER_P12_PASSWORD = "user.password";
    public static final String PASSWORD = "password";
    public static final String JAAS = "sasl.jaas.config";
    public static final String JAVA_CONFIG = "client.properties";
    public static final String LIBRDKAFKA_CONFIG = "librdkafka.config";
    public static final String BOOTSTRAP_PREFIX = "bootstrap.";
    /** Where the client configurations in a user's Secret expect the Secret's files: mount it there. */
    public static final String MOUNT_PATH = "/etc/brook/user";

    /**
     * @param clientsCa      the clients CA that signs new certificates (null for a SCRAM user)
     * @param clientsTrusted the clients CAs brokers trust now; a kept certificate must be signed by one of them
     * @param clusterCaBundle PEM of the CAs that sign the listeners' certificates
     * @param password       the SCRAM password to use (null: keep the one in the Secret, or make one)
     * @param fileDirectory  where the client configurations say the files are ({@link #MOUNT_PATH}, or brook local's directory)
     */
    public record Inputs(User user, ClusterTls.CaSettings settings, CertificateAuthority clientsCa, List<X509Certificate> clientsTrusted,
                         String clusterCaBundle, List<UserListener> listeners, String password, Map<String, byte[]> current,
                         Instant now, String fileDirectory) {
    }

    /**
     * @param data        the Secret's files
     * @param certificate the TLS user's certificate, else null
     * @param nextCheck   when to look again (a certificate's renewal), null when nothing expires
     * @param password    the SCRAM password in {@code data}, else null
     * @param listener    the listener the client configurations are for, null when no listener takes the user's mechanism
     * @param changes     what changed, one line each
     */
    public record Result(SortedMap<String, byte[]> data, CertificateInfo certificate, Instant nextCheck, String password,
                         UserListener listener, List<String> changes) {
    }

    private UserCredentials() {
    }

    public static Result plan(Inputs in) {
        SortedMap<String, byte[]> data = new TreeMap<>();
        List<String> changes = new ArrayList<>();
        User user = in.user();
        String userName = user.kafkaUserName();
        UserAuthentication.Type type = user.getSpec().getAuthentication().getType();
        data.put(CA_CERT, ClusterCertificates.bytes(in.clusterCaBundle()));
        CertificateInfo certificate = null;
        Instant next = null;
        String password = null;
        String p12Password = null;
        if (type == UserAuthentication.Type.TLS) {
            Optional<X509Certificate> stored = ClusterCertificates.firstCertificate(in.current().get(USER_CERT));
            Optional<CertificateInfo> info = stored.map(CertificateInfo::of);
            LeafRequest request = LeafRequest.builder(Subject.of(userName)).usage(Usage.CLIENT)
                    .validity(ClusterCertificates.leafValidity(in.clientsCa(), in.settings().validity(), in.now()))
                    .keyAlgorithm(in.settings().keyAlgorithm()).build();
            CertificateCheck.Result check = CertificateCheck.evaluate(info, new CertificateCheck.Desired(Subject.of(userName), Set.of(),
                    Set.of(), Usage.CLIENT, in.clientsTrusted(), in.settings().validity(), in.settings().renewBefore()), in.now());
            boolean keep = check.action() == CertificateCheck.Action.KEEP && in.current().containsKey(USER_KEY)
                    && in.current().containsKey(USER_P12) && in.current().containsKey(USER_P12_PASSWORD);
            if (keep) {
                for (String file : List.of(USER_CERT, USER_KEY, USER_P12, USER_P12_PASSWORD)) {
                    data.put(file, in.current().get(file));
                }
                certificate = info.get();
                p12Password = ClusterCertificates.text(in.current().get(USER_P12_PASSWORD));
                next = check.nextCheck();
            } else {
                Leaf leaf = Leaf.issue(in.clientsCa(), request);
                Pkcs12 p12 = leaf.pkcs12();
                data.put(USER_CERT, ClusterCertificates.bytes(leaf.chainPem()));
                data.put(USER_KEY, ClusterCertificates.bytes(leaf.privateKeyPem()));
                data.put(USER_P12, p12.bytes());
                data.put(USER_P12_PASSWORD, ClusterCertificates.bytes(p12.password()));
                certificate = leaf.info();
                p12Password = p12.password();
                next = ClusterCertificates.leafRenewal(certificate, in.settings());
                changes.add("certificate " + (info.isEmpty() ? "issued" : "issued again: " + check.reason()));
            }
        } else {
            byte[] kept = in.current().get(PASSWORD);
            password = in.password() != null ? in.password() : kept != null ? ClusterCertificates.text(kept) : Passwords.generate(Passwords.DEFAULT_LENGTH);
            data.put(PASSWORD, ClusterCertificates.bytes(password));
            data.put(JAAS, ClusterCertificates.bytes(jaas(userName, password)));
            if (kept == null) {
                changes.add("password " + (in.password() != null ? "taken from spec.authentication.password" : "generated"));
            } else if (!ClusterCertificates.text(kept).equals(password)) {
                changes.add("password changed in spec.authentication.password's Secret");
            }
        }
        for (UserListener listener : in.listeners()) {
            if (listener.bootstrap() != null) {
                data.put(BOOTSTRAP_PREFIX + listener.name(), ClusterCertificates.bytes(listener.bootstrap()));
            }
        }
        UserListener chosen = in.listeners().stream().filter(l -> l.accepts(type) && l.bootstrap() != null).findFirst().orElse(null);
        if (chosen != null) {
            UserClientConfig config = new UserClientConfig(chosen, userName, password, p12Password, in.fileDirectory());
            data.put(JAVA_CONFIG, ClusterCertificates.bytes(config.java()));
            data.put(LIBRDKAFKA_CONFIG, ClusterCertificates.bytes(config.librdkafka()));
        }
        if (!in.current().isEmpty() && changes.isEmpty() && !ClusterCertificates.sameContent(in.current(), data)) {
            changes.add("updated (CA bundle or listeners)");
        }
        return new Result(data, certificate, next, password, chosen, changes);
    }

    /** The JAAS line of a SCRAM login (quotes and backslashes escaped, as Kafka's parser expects). */
    public static String jaas(String userName, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + escape(userName)
                + "\" password=\"" + escape(password) + "\";";
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
