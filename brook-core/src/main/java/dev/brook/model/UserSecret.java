package dev.brook.model;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.PasswordSource;
import dev.brook.api.v1alpha1.User;
import dev.brook.pki.CertificateAuthority;
import dev.brook.pki.Pem;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The Secret of a user (named like the User, owned by it, so deleting the User deletes it), and the CA material its
 * contents come from: the cluster CA bundle (what clients trust) and, for TLS users, the clients CA that signs their
 * certificates.
 */
public final class UserSecret {
    /** Label naming the User a Secret belongs to. */
    public static final String USER_LABEL = "brook.dev/user";

    /**
     * The CAs a user's credentials need.
     *
     * @param clusterCaBundle PEM of the CAs that sign the listeners' certificates
     * @param clientsCa       the clients CA with its key, null when not needed or not readable
     * @param clientsTrusted  the clients CAs the brokers trust
     */
    public record Authorities(String clusterCaBundle, CertificateAuthority clientsCa, List<X509Certificate> clientsTrusted) {
    }

    private UserSecret() {
    }

    /**
     * Reads the CAs from the Cluster's Secrets ({@code secrets}: name to files, null when absent); a problem message
     * (for ClusterNotReady) when one is not there yet.
     */
    public static Either read(Cluster cluster, boolean needsClientsCa, Function<String, Map<String, byte[]>> secrets) {
        String c = cluster.getMetadata().getName();
        Map<String, byte[]> clusterCaCert = secrets.apply(BrookNames.clusterCaCert(c));
        if (clusterCaCert == null || clusterCaCert.get(ClusterCertificates.CA_CERT) == null) {
            return Either.problem("the cluster CA of Cluster " + c + " is not issued yet (Secret " + BrookNames.clusterCaCert(c)
                    + "); waiting for the Cluster's reconcile");
        }
        String bundle = ClusterCertificates.text(clusterCaCert.get(ClusterCertificates.CA_CERT));
        if (!needsClientsCa) {
            return Either.of(new Authorities(bundle, null, List.of()));
        }
        String caSecret = Objects.requireNonNullElse(ClusterTls.clientsCa(cluster).userSecret(), BrookNames.clientsCa(c));
        Map<String, byte[]> ca = secrets.apply(caSecret);
        Map<String, byte[]> trusted = secrets.apply(BrookNames.clientsCaCert(c));
        if (ca == null || ca.get(ClusterCertificates.CA_CERT) == null || ca.get(ClusterCertificates.CA_KEY) == null || trusted == null
                || trusted.get(ClusterCertificates.CA_CERT) == null) {
            return Either.problem("the clients CA of Cluster " + c + " is not ready (Secrets " + caSecret + ", "
                    + BrookNames.clientsCaCert(c) + "); waiting for the Cluster's reconcile");
        }
        try {
            CertificateAuthority signer = CertificateAuthority.fromPem(ClusterCertificates.text(ca.get(ClusterCertificates.CA_CERT)),
                    ClusterCertificates.text(ca.get(ClusterCertificates.CA_KEY)));
            List<X509Certificate> trust = Pem.readCertificates(ClusterCertificates.text(trusted.get(ClusterCertificates.CA_CERT)));
            return Either.of(new Authorities(bundle, signer, trust));
        } catch (RuntimeException e) {
            return Either.problem("the clients CA in Secret " + caSecret + " cannot be read: " + e.getMessage());
        }
    }

    /** Shortest password Brook takes from a user's own Secret. */
    public static final int MIN_PASSWORD_LENGTH = 8;

    /**
     * The password in the Secret {@code source} names (surrounding whitespace removed), empty when the Secret or key is
     * missing or the password is shorter than {@link #MIN_PASSWORD_LENGTH}.
     */
    public static Optional<String> password(PasswordSource source, Function<String, Map<String, byte[]>> secrets) {
        Map<String, byte[]> files = secrets.apply(source.getSecretName());
        byte[] value = files == null ? null : files.get(passwordKey(source));
        String password = value == null ? null : new String(value, java.nio.charset.StandardCharsets.UTF_8).strip();
        // Printable ASCII only: the password goes into a JAAS line and into properties files, which Java reads as ISO-8859-1.
        boolean printable = password != null && password.chars().allMatch(c -> c >= 0x20 && c <= 0x7e);
        return !printable || password.length() < MIN_PASSWORD_LENGTH ? Optional.empty() : Optional.of(password);
    }

    /** Why {@link #password} found none, for a SecretProblem condition. */
    public static String passwordProblem(PasswordSource source) {
        return "spec.authentication.password: Secret " + source.getSecretName() + " has no key " + passwordKey(source)
                + " with a password of at least " + MIN_PASSWORD_LENGTH + " printable ASCII characters";
    }

    private static String passwordKey(PasswordSource source) {
        return source.getKey() == null ? PasswordSource.DEFAULT_KEY : source.getKey();
    }

    /** The CA material, or why it is not there. */
    public record Either(Authorities authorities, String problem) {
        static Either of(Authorities a) {
            return new Either(a, null);
        }

        static Either problem(String message) {
            return new Either(null, message);
        }
    }

    /** The Secret object: Brook's labels, owned by the User, {@code data} as given. */
    public static Secret of(User user, Map<String, byte[]> data) {
        Map<String, String> labels = new TreeMap<>();
        labels.put(BrookLabels.MANAGED_BY, BrookLabels.MANAGED_BY_VALUE);
        labels.put(BrookLabels.PART_OF, BrookLabels.PART_OF_VALUE);
        labels.put(BrookLabels.CLUSTER, user.getSpec().getCluster());
        if (user.getMetadata().getName().length() <= 63) { // a label value's limit; the owner reference names the User anyway
            labels.put(USER_LABEL, user.getMetadata().getName());
        }
        return new SecretBuilder().withNewMetadata().withName(user.getMetadata().getName()).withNamespace(user.getMetadata().getNamespace())
                .withLabels(labels).withOwnerReferences(owner(user)).endMetadata()
                .withType("Opaque").withData(ClusterCertificates.data(data)).build();
    }

    /** The name of the User that owns {@code secret}, or null when no User does. */
    public static String owningUser(Secret secret) {
        List<OwnerReference> owners = secret.getMetadata().getOwnerReferences();
        return owners == null ? null : owners.stream().filter(o -> "User".equals(o.getKind())
                && (Cluster.GROUP + "/" + Cluster.VERSION).equals(o.getApiVersion())).map(OwnerReference::getName).findFirst().orElse(null);
    }

    /** Whether {@code secret} is this User's (Brook never overwrites a Secret someone else made). */
    public static boolean ownedBy(Secret secret, User user) {
        List<OwnerReference> owners = secret.getMetadata().getOwnerReferences();
        return owners != null && owners.stream().anyMatch(o -> "User".equals(o.getKind()) && user.getMetadata().getName().equals(o.getName())
                && (o.getUid() == null || user.getMetadata().getUid() == null || o.getUid().equals(user.getMetadata().getUid())));
    }

    private static OwnerReference owner(User user) {
        return new OwnerReferenceBuilder().withApiVersion(Cluster.GROUP + "/" + Cluster.VERSION).withKind("User")
                .withName(user.getMetadata().getName()).withUid(user.getMetadata().getUid()).withController(true)
                .withBlockOwnerDeletion(true).build();
    }
}
