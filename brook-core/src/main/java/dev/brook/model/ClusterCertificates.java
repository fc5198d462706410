package dev.brook.model;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.contract.TlsFiles;
import dev.brook.pki.CertificateAuthority;
import dev.brook.pki.CertificateCheck;
import dev.brook.pki.CertificateInfo;
import dev.brook.pki.Leaf;
import dev.brook.pki.LeafRequest;
import dev.brook.pki.Pem;
import dev.brook.pki.Pkcs12;
import dev.brook.pki.Subject;
import dev.brook.pki.Validity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiFunction;

/**
 * The contents of a Cluster's TLS Secrets, from what they hold now: a CA is created when missing, its certificate
 * renewed with the same key inside its renewal window (everything it signed stays valid), replaced when it has
 * expired (trust is broken anyway: everything is issued again at once); each pod's and the operator's certificate
 * is issued when missing, expiring, signed by another CA, or when its names changed ({@link CertificateCheck}).
 * Nothing else changes: planning again on the result writes nothing, so applying the same manifests twice is
 * quiet. Pure but for the keys it generates; the clock is a parameter.
 *
 * <p>Secrets: {@code <c>-cluster-ca} (ca.crt, ca.key, generation; the operator's alone), {@code <c>-cluster-ca-cert}
 * (ca.crt bundle, ca.p12 + ca.password, for clients), the same two for the clients CA, {@code <c>-zookeeper-tls} and
 * {@code <c>-broker-tls} (each pod's key store and the bundles, mounted into the pods), {@code <c>-operator-tls}.
 */
public final class ClusterCertificates {
    public static final String CA_CERT = "ca.crt";
    public static final String CA_KEY = "ca.key";
    public static final String CA_P12 = "ca.p12";
    public static final String CA_PASSWORD = "ca.password";
    public static final String GENERATION = "generation";
    /** Certificates are valid from a little before they are made: clocks of the pods may be behind the operator's. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    /**
     * @param secrets   every TLS Secret's contents (name to file to bytes)
     * @param changes   what this plan changes, one line each (for logs and Events); empty when nothing changes
     * @param clusterCa the cluster CA's certificate
     * @param nextCheck when to look again (the earliest renewal)
     * @param problem   why nothing can be issued (a user CA Secret that is missing or broken), else null
     * @param certificates every certificate as the plan leaves it, by {@code <secret>/<file>}: both CAs (in the Secret
     *                  holding their key: Brook's or the user's) and every issued one (for the metric and the rollout)
     */
    public record Plan(SortedMap<String, Map<String, byte[]>> secrets, List<String> changes, CertificateInfo clusterCa,
                       List<CertificateInfo> issued, Instant nextCheck, String problem, SortedMap<String, CertificateInfo> certificates) {
        public boolean changed() {
            return !changes.isEmpty();
        }

        /** When each of {@link #certificates} expires. */
        public SortedMap<String, Instant> expiries() {
            SortedMap<String, Instant> out = new TreeMap<>();
            certificates.forEach((name, info) -> out.put(name, info.notAfter()));
            return out;
        }
    }

    private ClusterCertificates() {
    }

    /**
     * @param wanted  the certificates the cluster needs ({@link ClusterTls#certificates})
     * @param current the TLS Secrets as they are (name to file to bytes); absent ones are missing
     */
    public static Plan plan(Cluster cluster, List<ClusterTls.Issued> wanted, Map<String, Map<String, byte[]>> current, Instant now) {
        return plan(cluster, wanted, current, Map.of(), now);
    }

    /**
     * @param listenerKeyStores the key stores of client listeners with their own certificate ({@link TlsFiles#listenerKeyStore}
     *                          to key and chain, PEM), copied into the brokers' Secret as they are
     */
    public static Plan plan(Cluster cluster, List<ClusterTls.Issued> wanted, Map<String, Map<String, byte[]>> current,
            Map<String, byte[]> listenerKeyStores, Instant now) {
        String c = cluster.getMetadata().getName();
        List<String> changes = new ArrayList<>();
        ClusterTls.CaSettings clusterSettings = ClusterTls.clusterCa(cluster);
        ClusterTls.CaSettings clientsSettings = ClusterTls.clientsCa(cluster);
        Optional<CertificateAuthority> clusterCa = authority(cluster, clusterSettings, BrookNames.clusterCa(c), current, now, changes,
                "cluster CA", ClusterTls::clusterCaSubject);
        if (clusterCa.isEmpty()) {
            return new Plan(new TreeMap<>(), List.of(), null, List.of(), now.plus(Duration.ofMinutes(1)),
                    "spec.security.clusterCa.secretName: Secret " + clusterSettings.userSecret() + " must hold ca.crt and ca.key (PEM) of a CA",
                    new TreeMap<>());
        }
        Optional<CertificateAuthority> clientsCa = authority(cluster, clientsSettings, BrookNames.clientsCa(c), current, now, changes,
                "clients CA", ClusterTls::clientsCaSubject);
        if (clientsCa.isEmpty()) {
            return new Plan(new TreeMap<>(), List.of(), null, List.of(), now.plus(Duration.ofMinutes(1)),
                    "spec.security.clientsCa.secretName: Secret " + clientsSettings.userSecret() + " must hold ca.crt and ca.key (PEM) of a CA",
                    new TreeMap<>());
        }
        SortedMap<String, Map<String, byte[]>> secrets = new TreeMap<>();
        Instant next = renewalStart(clusterCa.get(), clusterSettings).isBefore(renewalStart(clientsCa.get(), clientsSettings))
                ? renewalStart(clusterCa.get(), clusterSettings) : renewalStart(clientsCa.get(), clientsSettings);
        if (clusterSettings.userSecret() == null) {
            secrets.put(BrookNames.clusterCa(c), caSecret(clusterCa.get(), current.get(BrookNames.clusterCa(c))));
        }
        if (clientsSettings.userSecret() == null) {
            secrets.put(BrookNames.clientsCa(c), caSecret(clientsCa.get(), current.get(BrookNames.clientsCa(c))));
        }
        String clusterBundle = Pem.trustBundle(List.of(clusterCa.get().certificate()));
        String clientsBundle = Pem.trustBundle(List.of(clientsCa.get().certificate()));
        secrets.put(BrookNames.clusterCaCert(c), bundleSecret(clusterBundle, clusterCa.get(), current.get(BrookNames.clusterCaCert(c))));
        secrets.put(BrookNames.clientsCaCert(c), bundleSecret(clientsBundle, clientsCa.get(), current.get(BrookNames.clientsCaCert(c))));

        List<CertificateInfo> issued = new ArrayList<>();
        SortedMap<String, CertificateInfo> certificates = new TreeMap<>();
        certificates.put(Objects.requireNonNullElse(clusterSettings.userSecret(), BrookNames.clusterCa(c)) + "/" + CA_CERT,
                clusterCa.get().info());
        certificates.put(Objects.requireNonNullElse(clientsSettings.userSecret(), BrookNames.clientsCa(c)) + "/" + CA_CERT,
                clientsCa.get().info());
        for (ClusterTls.Issued want : wanted) {
            Map<String, byte[]> secret = secrets.computeIfAbsent(want.secret(), s -> new TreeMap<>());
            secret.put(TlsFiles.CLUSTER_CA_BUNDLE, bytes(clusterBundle));
            if (want.secret().equals(BrookNames.brokerTls(c))) {
                secret.put(TlsFiles.CLIENTS_CA_BUNDLE, bytes(clientsBundle));
            }
            LeafRequest request = LeafRequest.builder(want.subject()).dnsNames(List.copyOf(want.dnsNames()))
                    .ipAddresses(List.copyOf(want.ipAddresses())).usage(want.usage())
                    .validity(leafValidity(clusterCa.get(), clusterSettings.validity(), now)).keyAlgorithm(clusterSettings.keyAlgorithm()).build();
            byte[] existing = current.getOrDefault(want.secret(), Map.of()).get(want.file());
            Optional<CertificateInfo> info = existing == null ? Optional.empty() : parse(existing);
            CertificateCheck.Result check = CertificateCheck.evaluate(info,
                    new CertificateCheck.Desired(want.subject(), want.dnsNames(), want.ipAddresses(), want.usage(),
                            List.of(clusterCa.get().certificate()), clusterSettings.validity(), clusterSettings.renewBefore()), now);
            if (check.action() == CertificateCheck.Action.KEEP) {
                secret.put(want.file(), existing);
                issued.add(info.get());
            } else {
                Leaf leaf = Leaf.issue(clusterCa.get(), request);
                secret.put(want.file(), bytes(leaf.keyStorePem()));
                issued.add(leaf.info());
                changes.add(want.secret() + "/" + want.file() + ": " + (info.isEmpty() ? "issued" : "issued again: " + check.reason()));
            }
            certificates.put(want.secret() + "/" + want.file(), issued.get(issued.size() - 1));
            next = min(next, check.action() == CertificateCheck.Action.KEEP ? check.nextCheck() : leafRenewal(issued.get(issued.size() - 1),
                    clusterSettings));
        }
        if (!listenerKeyStores.isEmpty()) {
            secrets.computeIfAbsent(BrookNames.brokerTls(c), s -> new TreeMap<>()).putAll(listenerKeyStores);
        }
        for (var entry : secrets.entrySet()) {
            Map<String, byte[]> before = current.get(entry.getKey());
            if (before != null && !sameContent(before, entry.getValue()) && changes.stream().noneMatch(l -> l.startsWith(entry.getKey()))) {
                changes.add(entry.getKey() + ": updated");
            }
        }
        return new Plan(secrets, changes, clusterCa.get().info(), issued, next, null, certificates);
    }

    /** The CA from its Secret: created, renewed or replaced as needed; a user's CA is taken as it is. */
    private static Optional<CertificateAuthority> authority(Cluster cluster, ClusterTls.CaSettings settings, String secretName,
            Map<String, Map<String, byte[]>> current, Instant now, List<String> changes, String what,
            BiFunction<Cluster, Integer, Subject> subject) {
        if (settings.userSecret() != null) {
            return read(current.get(settings.userSecret()));
        }
        Map<String, byte[]> stored = current.get(secretName);
        Optional<CertificateAuthority> ca = read(stored);
        int generation = stored == null || stored.get(GENERATION) == null ? 0 : Integer.parseInt(text(stored.get(GENERATION)).trim());
        if (ca.isEmpty()) {
            changes.add(secretName + ": " + what + " created");
            return Optional.of(CertificateAuthority.create(subject.apply(cluster, generation + 1), Validity.of(now.minus(CLOCK_SKEW),
                    settings.validity()), settings.keyAlgorithm()));
        }
        Instant notAfter = ca.get().info().notAfter();
        if (!notAfter.isAfter(now)) {
            changes.add(secretName + ": " + what + " expired on " + notAfter + "; replaced by a new CA, every certificate issued again "
                    + "(clients must trust the new CA certificate)");
            return Optional.of(CertificateAuthority.create(subject.apply(cluster, generation + 1), Validity.of(now.minus(CLOCK_SKEW),
                    settings.validity()), settings.keyAlgorithm()));
        }
        if (!notAfter.minus(settings.renewBefore()).isAfter(now)) {
            changes.add(secretName + ": " + what + " certificate renewed with the same key (valid until " + notAfter + ")");
            return Optional.of(ca.get().renew(Validity.of(now.minus(CLOCK_SKEW), settings.validity())));
        }
        return ca;
    }

    private static Optional<CertificateAuthority> read(Map<String, byte[]> secret) {
        if (secret == null || secret.get(CA_CERT) == null || secret.get(CA_KEY) == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(CertificateAuthority.fromPem(text(secret.get(CA_CERT)), text(secret.get(CA_KEY))));
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    private static Map<String, byte[]> caSecret(CertificateAuthority ca, Map<String, byte[]> current) {
        Map<String, byte[]> out = new TreeMap<>();
        out.put(CA_CERT, bytes(ca.certificatePem()));
        out.put(CA_KEY, bytes(ca.privateKeyPem()));
        String subject = ca.info().subject();
        String generation = subject.replaceAll("^CN=[^,]*-ca-(\\d+),.*$", "$1");
        out.put(GENERATION, bytes(generation.matches("\\d+") ? generation : "1"));
        if (current != null && sameContent(current, out)) {
            return current;
        }
        return out;
    }

    /** The bundle clients use; the PKCS#12 copy and its password are kept as long as the bundle is the same. */
    private static Map<String, byte[]> bundleSecret(String bundle, CertificateAuthority ca, Map<String, byte[]> current) {
        if (current != null && Arrays.equals(current.get(CA_CERT), bytes(bundle)) && current.get(CA_P12) != null
                && current.get(CA_PASSWORD) != null) {
            return current;
        }
        Pkcs12 p12 = Pkcs12.trustStore(List.of(ca.certificate()));
        Map<String, byte[]> out = new TreeMap<>();
        out.put(CA_CERT, bytes(bundle));
        out.put(CA_P12, p12.bytes());
        out.put(CA_PASSWORD, bytes(p12.password()));
        return out;
    }

    /** A leaf never outlives its CA: when the CA is renewed, leaves are renewed inside their own window after it. */
    private static Validity leafValidity(CertificateAuthority ca, Duration validity, Instant now) {
        Instant start = now.minus(CLOCK_SKEW);
        Instant end = start.plus(validity);
        Instant caEnd = ca.info().notAfter();
        return new Validity(start, end.isAfter(caEnd) ? caEnd : end);
    }

    private static Instant renewalStart(CertificateAuthority ca, ClusterTls.CaSettings settings) {
        return ca.info().notAfter().minus(settings.renewBefore());
    }

    private static Instant leafRenewal(CertificateInfo leaf, ClusterTls.CaSettings settings) {
        Duration lifetime = Duration.between(leaf.notBefore(), leaf.notAfter());
        Duration window = settings.renewBefore().compareTo(lifetime) < 0 ? settings.renewBefore() : lifetime.dividedBy(2);
        return leaf.notAfter().minus(window);
    }

    private static Optional<CertificateInfo> parse(byte[] keyStore) {
        try {
            List<java.security.cert.X509Certificate> chain = Pem.readCertificates(text(keyStore));
            return chain.isEmpty() ? Optional.empty() : Optional.of(CertificateInfo.of(chain.get(0)));
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
    }

    private static boolean sameContent(Map<String, byte[]> a, Map<String, byte[]> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        return a.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), b.get(e.getKey())));
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The Secret objects of a plan: Brook's labels, owned by the Cluster, data as given. */
    public static List<io.fabric8.kubernetes.api.model.Secret> secrets(Cluster cluster, Plan plan) {
        List<io.fabric8.kubernetes.api.model.Secret> out = new ArrayList<>();
        plan.secrets().forEach((name, files) -> {
            Map<String, String> data = new TreeMap<>();
            files.forEach((file, content) -> data.put(file, java.util.Base64.getEncoder().encodeToString(content)));
            out.add(new io.fabric8.kubernetes.api.model.SecretBuilder()
                    .withMetadata(ClusterObjectMeta.of(cluster, name, BrookLabels.Component.CLUSTER))
                    .withType("Opaque").withData(data).build());
        });
        return out;
    }

    /** A Secret's data as the plan reads it (base64-decoded). */
    public static Map<String, byte[]> files(io.fabric8.kubernetes.api.model.Secret secret) {
        Map<String, byte[]> files = new TreeMap<>();
        if (secret.getData() != null) {
            secret.getData().forEach((file, value) -> files.put(file, java.util.Base64.getDecoder().decode(value)));
        }
        return files;
    }
}
