package dev.brook.model;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.contract.TlsFiles;
import dev.brook.pki.CaPlan;
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
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
     * @param keyReplacement the CA key replacements in progress, for the condition
     * @param clusterTrust  fingerprints of the CA certificates the cluster CA trust bundle holds (for {@link TrustRecovery})
     */
    public record Plan(SortedMap<String, Map<String, byte[]>> secrets, List<String> changes, CertificateInfo clusterCa,
                       List<CertificateInfo> issued, Instant nextCheck, String problem, SortedMap<String, CertificateInfo> certificates,
                       CaKeyReplacement keyReplacement, Set<String> clusterTrust) {
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
        return plan(cluster, wanted, current, Map.of(), List.of(), now);
    }

    /**
     * @param listenerKeyStores the key stores of client listeners with their own certificate ({@link TlsFiles#listenerKeyStore}
     *                          to key and chain, PEM), copied into the brokers' Secret as they are
     * @param pods              what the running pods report of their TLS material (for a CA key replacement's phases); a
     *                          pod that is not listed is not waited for. The operator's own certificate follows its Secret
     */
    public static Plan plan(Cluster cluster, List<ClusterTls.Issued> wanted, Map<String, Map<String, byte[]>> current,
            Map<String, byte[]> listenerKeyStores, List<CaLifecycle.PodTls> pods, Instant now) {
        String c = cluster.getMetadata().getName();
        List<String> changes = new ArrayList<>();
        ClusterTls.CaSettings clusterSettings = ClusterTls.clusterCa(cluster);
        ClusterTls.CaSettings clientsSettings = ClusterTls.clientsCa(cluster);
        Map<String, X509Certificate> storedLeaves = new TreeMap<>();
        for (ClusterTls.Issued want : wanted) {
            byte[] existing = current.getOrDefault(want.secret(), Map.of()).get(want.file());
            firstCertificate(existing).ifPresent(leaf -> storedLeaves.put(podOf(want), leaf));
        }
        List<CaLifecycle.PodTls> holders = new ArrayList<>(pods);
        wanted.stream().filter(want -> want.secret().equals(BrookNames.operatorTls(c)))
                .forEach(want -> holders.add(CaLifecycle.PodTls.follower(podOf(want))));
        Optional<CaLifecycle.Result> clusterCa = authority(cluster, clusterSettings, BrookNames.clusterCa(c), BrookNames.clusterCaCert(c),
                current, storedLeaves, holders, now, "cluster CA", ClusterTls::clusterCaSubject);
        if (clusterCa.isEmpty()) {
            return new Plan(new TreeMap<>(), List.of(), null, List.of(), now.plus(Duration.ofMinutes(1)),
                    "spec.security.clusterCa.secretName: Secret " + clusterSettings.userSecret() + " must hold ca.crt and ca.key (PEM) of a CA",
                    new TreeMap<>(), null, Set.of());
        }
        // Nothing Brook runs presents a certificate from the clients CA: its key replacement waits for no pod.
        Optional<CaLifecycle.Result> clientsCa = authority(cluster, clientsSettings, BrookNames.clientsCa(c), BrookNames.clientsCaCert(c),
                current, Map.of(), List.of(), now, "clients CA", ClusterTls::clientsCaSubject);
        if (clientsCa.isEmpty()) {
            return new Plan(new TreeMap<>(), List.of(), null, List.of(), now.plus(Duration.ofMinutes(1)),
                    "spec.security.clientsCa.secretName: Secret " + clientsSettings.userSecret() + " must hold ca.crt and ca.key (PEM) of a CA",
                    new TreeMap<>(), null, Set.of());
        }
        CaLifecycle.Result clusterCaRun = clusterCa.get();
        CaLifecycle.Result clients = clientsCa.get();
        changes.addAll(clusterCaRun.changes());
        changes.addAll(clients.changes());
        SortedMap<String, Map<String, byte[]>> secrets = new TreeMap<>();
        Instant next = min(renewalStart(clusterCaRun.current(), clusterSettings), renewalStart(clients.current(), clientsSettings));
        if (clusterCaRun.replacing() || clients.replacing()) {
            next = min(next, now.plus(REPLACEMENT_RECHECK)); // the pods' reports move the phases on: look again soon
        }
        if (clusterSettings.userSecret() == null) {
            secrets.put(BrookNames.clusterCa(c), clusterCaRun.caSecret());
        }
        if (clientsSettings.userSecret() == null) {
            secrets.put(BrookNames.clientsCa(c), clients.caSecret());
        }
        String clusterBundle = Pem.trustBundle(clusterCaRun.trusted());
        String clientsBundle = Pem.trustBundle(clients.trusted());
        secrets.put(BrookNames.clusterCaCert(c), bundleSecret(clusterBundle, clusterCaRun.trusted(), current.get(BrookNames.clusterCaCert(c))));
        secrets.put(BrookNames.clientsCaCert(c), bundleSecret(clientsBundle, clients.trusted(), current.get(BrookNames.clientsCaCert(c))));

        List<CertificateInfo> issued = new ArrayList<>();
        SortedMap<String, CertificateInfo> certificates = new TreeMap<>();
        certificates.put(Objects.requireNonNullElse(clusterSettings.userSecret(), BrookNames.clusterCa(c)) + "/" + CA_CERT,
                clusterCaRun.current().info());
        certificates.put(Objects.requireNonNullElse(clientsSettings.userSecret(), BrookNames.clientsCa(c)) + "/" + CA_CERT,
                clients.current().info());
        for (ClusterTls.Issued want : wanted) {
            Map<String, byte[]> secret = secrets.computeIfAbsent(want.secret(), s -> new TreeMap<>());
            secret.put(TlsFiles.CLUSTER_CA_BUNDLE, bytes(clusterBundle));
            if (want.secret().equals(BrookNames.brokerTls(c))) {
                secret.put(TlsFiles.CLIENTS_CA_BUNDLE, bytes(clientsBundle));
            }
            boolean moving = clusterCaRun.pending() != null && clusterCaRun.moved().contains(podOf(want));
            CertificateAuthority signer = moving ? clusterCaRun.pending() : clusterCaRun.signer();
            LeafRequest request = LeafRequest.builder(want.subject()).dnsNames(List.copyOf(want.dnsNames()))
                    .ipAddresses(List.copyOf(want.ipAddresses())).usage(want.usage())
                    .validity(leafValidity(signer, clusterSettings.validity(), now)).keyAlgorithm(clusterSettings.keyAlgorithm()).build();
            byte[] existing = current.getOrDefault(want.secret(), Map.of()).get(want.file());
            Optional<CertificateInfo> info = Optional.ofNullable(storedLeaves.get(podOf(want))).map(CertificateInfo::of);
            CertificateCheck.Result check = CertificateCheck.evaluate(info,
                    new CertificateCheck.Desired(want.subject(), want.dnsNames(), want.ipAddresses(), want.usage(),
                            clusterCaRun.acceptedIssuers(), clusterSettings.validity(), clusterSettings.renewBefore()), now);
            if (check.action() == CertificateCheck.Action.KEEP && !moving) {
                secret.put(want.file(), existing);
                issued.add(info.get());
            } else {
                Leaf leaf = Leaf.issue(signer, request);
                secret.put(want.file(), bytes(leaf.keyStorePem()));
                issued.add(leaf.info());
                changes.add(want.secret() + "/" + want.file() + ": " + (info.isEmpty() ? "issued"
                        : moving ? "issued again from the new CA " + signer.info().subject() : "issued again: " + check.reason()));
            }
            certificates.put(want.secret() + "/" + want.file(), issued.get(issued.size() - 1));
            next = min(next, check.action() == CertificateCheck.Action.KEEP && !moving ? check.nextCheck()
                    : leafRenewal(issued.get(issued.size() - 1), clusterSettings));
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
        CaKeyReplacement replacement = new CaKeyReplacement(clusterCaRun.replacing() ? clusterCaRun.last() : null,
                clients.replacing() ? clients.last() : null);
        Set<String> clusterTrust = new LinkedHashSet<>();
        clusterCaRun.trusted().forEach(ca -> clusterTrust.add(CertificateInfo.of(ca).fingerprint()));
        return new Plan(secrets, changes, clusterCaRun.current().info(), issued, next, null, certificates, replacement,
                Collections.unmodifiableSet(clusterTrust));
    }

    /** How soon to plan again while a key replacement waits for pods. */
    public static final Duration REPLACEMENT_RECHECK = Duration.ofSeconds(5);

    /**
     * The CA steps in progress, for the {@code Certificates} condition: each is the last step planned for a CA whose key
     * is being replaced (its phase, and whom it waits for), or null when that CA is steady.
     */
    public record CaKeyReplacement(CaPlan.Step clusterCa, CaPlan.Step clientsCa) {
        public boolean inProgress() {
            return clusterCa != null || clientsCa != null;
        }

        /** One sentence per CA in progress; empty when none is. */
        public String summary() {
            List<String> parts = new ArrayList<>();
            if (clusterCa != null) {
                parts.add("cluster CA key replacement, " + phase(clusterCa) + ": " + clusterCa.reason());
            }
            if (clientsCa != null) {
                parts.add("clients CA key replacement, " + phase(clientsCa) + ": " + clientsCa.reason());
            }
            return String.join("; ", parts);
        }

        private static String phase(CaPlan.Step step) {
            return switch (step.phase()) {
                case TRUSTING_NEW_CA -> "phase 1 of 3 (trusting the new CA)";
                case MOVING_LEAVES -> "phase 2 of 3 (moving certificates to the new CA)";
                case DROPPING_OLD_CA -> "phase 3 of 3 (dropping the old CA)";
                case STEADY -> "finishing";
            };
        }
    }

    /** A CA managed by Brook goes through {@link CaLifecycle}; a user's CA is taken as it is (its bundle: that CA). */
    private static Optional<CaLifecycle.Result> authority(Cluster cluster, ClusterTls.CaSettings settings, String secretName,
            String bundleSecretName, Map<String, Map<String, byte[]>> current, Map<String, X509Certificate> storedLeaves,
            List<CaLifecycle.PodTls> pods, Instant now, String what, BiFunction<Cluster, Integer, Subject> subject) {
        if (settings.userSecret() != null) {
            return read(current.get(settings.userSecret())).map(ca -> new CaLifecycle.Result(ca, null, List.of(ca.certificate()), Set.of(),
                    new CaPlan.Step(CaPlan.Action.NOTHING, CaPlan.Phase.STEADY, List.of(),
                            Set.of(ca.info().fingerprint()), what + " is the user's", null, null, Optional.empty()),
                    Map.of(), List.of()));
        }
        Set<String> configuredBundle = new LinkedHashSet<>();
        Map<String, byte[]> bundleSecret = current.get(bundleSecretName);
        if (bundleSecret != null && bundleSecret.get(CA_CERT) != null) {
            try {
                Pem.readCertificates(text(bundleSecret.get(CA_CERT))).forEach(ca -> configuredBundle.add(CertificateInfo.of(ca).fingerprint()));
            } catch (RuntimeException unreadable) {
                // an unreadable bundle is written again
            }
        }
        return Optional.of(CaLifecycle.run(current.get(secretName), configuredBundle, storedLeaves, pods,
                new CaLifecycle.Settings(what, settings, generation -> subject.apply(cluster, generation), now)));
    }

    /** The pod (or the operator) a certificate belongs to: its file name without the extension. */
    private static String podOf(ClusterTls.Issued want) {
        String file = want.file();
        int dot = file.lastIndexOf('.');
        return dot < 0 ? file : file.substring(0, dot);
    }

    static Optional<X509Certificate> firstCertificate(byte[] keyStore) {
        if (keyStore == null) {
            return Optional.empty();
        }
        try {
            List<X509Certificate> chain = Pem.readCertificates(text(keyStore));
            return chain.isEmpty() ? Optional.empty() : Optional.of(chain.get(0));
        } catch (RuntimeException unreadable) {
            return Optional.empty();
        }
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

    /** The bundle clients use; the PKCS#12 copy and its password are kept as long as the bundle is the same. */
    private static Map<String, byte[]> bundleSecret(String bundle, List<X509Certificate> cas, Map<String, byte[]> current) {
        if (current != null && Arrays.equals(current.get(CA_CERT), bytes(bundle)) && current.get(CA_P12) != null
                && current.get(CA_PASSWORD) != null) {
            return current;
        }
        Pkcs12 p12 = Pkcs12.trustStore(cas);
        Map<String, byte[]> out = new TreeMap<>();
        out.put(CA_CERT, bytes(bundle));
        out.put(CA_P12, p12.bytes());
        out.put(CA_PASSWORD, bytes(p12.password()));
        return out;
    }

    /** A leaf never outlives its CA: when the CA is renewed, leaves are renewed inside their own window after it. */
    static Validity leafValidity(CertificateAuthority ca, Duration validity, Instant now) {
        Instant start = now.minus(CLOCK_SKEW);
        Instant end = start.plus(validity);
        Instant caEnd = ca.info().notAfter();
        return new Validity(start, end.isAfter(caEnd) ? caEnd : end);
    }

    private static Instant renewalStart(CertificateAuthority ca, ClusterTls.CaSettings settings) {
        return ca.info().notAfter().minus(settings.renewBefore());
    }

    static Instant leafRenewal(CertificateInfo leaf, ClusterTls.CaSettings settings) {
        Duration lifetime = Duration.between(leaf.notBefore(), leaf.notAfter());
        Duration window = settings.renewBefore().compareTo(lifetime) < 0 ? settings.renewBefore() : lifetime.dividedBy(2);
        return leaf.notAfter().minus(window);
    }

    static boolean sameContent(Map<String, byte[]> a, Map<String, byte[]> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        return a.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), b.get(e.getKey())));
    }

    static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** The Secret objects of a plan: Brook's labels, owned by the Cluster, data as given. */
    public static List<io.fabric8.kubernetes.api.model.Secret> secrets(Cluster cluster, Plan plan) {
        List<io.fabric8.kubernetes.api.model.Secret> out = new ArrayList<>();
        plan.secrets().forEach((name, files) -> {
            out.add(new io.fabric8.kubernetes.api.model.SecretBuilder()
                    .withMetadata(ClusterObjectMeta.of(cluster, name, BrookLabels.Component.CLUSTER))
                    .withType("Opaque").withData(data(files)).build());
        });
        return out;
    }

    /** Files as a Secret's data (base64-encoded): the inverse of {@link #files}. */
    static Map<String, String> data(Map<String, byte[]> files) {
        Map<String, String> data = new TreeMap<>();
        files.forEach((file, content) -> data.put(file, java.util.Base64.getEncoder().encodeToString(content)));
        return data;
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
