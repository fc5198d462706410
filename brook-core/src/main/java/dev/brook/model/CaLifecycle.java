package dev.brook.model;

import dev.brook.pki.CaPlan;
import dev.brook.pki.CertificateAuthority;
import dev.brook.pki.CertificateInfo;
import dev.brook.pki.Subject;
import dev.brook.pki.Validity;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.IntFunction;

/**
 * Carries out {@link CaPlan} for one CA that Brook manages: reads the CA Secret (the current CA, a pending one during a
 * key replacement, and the replacement ids), applies the plan's steps to it in memory until the plan waits for pods
 * (or has nothing to do), and says what the Secrets must hold: the CA Secret, which CAs the trust bundles hold, and
 * which pods' certificates move to the new CA. Every step is one the plan chose; the state it leaves is written to the
 * cluster, so a new operator (or a second plan on the same input) picks up where this one stopped.
 *
 * <p>CA Secret files besides {@code ca.crt}/{@code ca.key}/{@code generation}: {@code pending.crt}/{@code pending.key}
 * (the new CA of a key replacement in progress), {@code created-for} and {@code pending-created-for} (the replacement id
 * each was generated for) and {@code completed-replacement} (the last replacement carried out to the end).
 */
public final class CaLifecycle {
    static final String PENDING_CERT = "pending.crt";
    static final String PENDING_KEY = "pending.key";
    static final String CREATED_FOR = "created-for";
    static final String PENDING_CREATED_FOR = "pending-created-for";
    static final String COMPLETED = "completed-replacement";
    /** Enough for the longest legal sequence (create or renew, generate, distribute, move, drop, distribute, done). */
    private static final int MAX_STEPS = 16;

    /**
     * What one pod reports of the TLS material its running process uses.
     *
     * @param trustedLoaded fingerprints of the CAs it trusts now; empty when unknown
     * @param servedLeaf    fingerprint of the certificate it presents now; null when unknown
     * @param followsSecret true for a holder that loads whatever its Secret holds at once (the operator's own client
     *                      certificate: its Admin clients are rebuilt when it changes); the reports are then ignored
     * @param servedNotAfter the expiry of the certificate it presents now; null when unknown
     */
    public record PodTls(String pod, CaPlan.Role role, Set<String> trustedLoaded, String servedLeaf, boolean followsSecret,
                         Instant servedNotAfter) {
        public PodTls {
            Objects.requireNonNull(pod, "pod");
            Objects.requireNonNull(role, "role");
            trustedLoaded = Set.copyOf(Objects.requireNonNullElse(trustedLoaded, Set.<String>of()));
        }

        public PodTls(String pod, CaPlan.Role role, Set<String> trustedLoaded, String servedLeaf, boolean followsSecret) {
            this(pod, role, trustedLoaded, servedLeaf, followsSecret, null);
        }

        public static PodTls follower(String pod) {
            return new PodTls(pod, CaPlan.Role.CLIENT, Set.of(), null, true);
        }
    }

    /**
     * @param current   the CA in use after the steps
     * @param pending   the new CA of a key replacement in progress, else null
     * @param trusted   the CA certificates the trust bundles hold (current first)
     * @param moved     the pods whose certificate is to be issued again from the pending CA now
     * @param last      the last step planned: the phase, and why it waits
     * @param caSecret  the CA Secret's files
     * @param changes   one line per step that changed something
     */
    public record Result(CertificateAuthority current, CertificateAuthority pending, List<X509Certificate> trusted, Set<String> moved,
                         CaPlan.Step last, Map<String, byte[]> caSecret, List<String> changes) {
        /** Whether leaves signed by the pending CA count as good (phases 1 and 2). */
        public List<X509Certificate> acceptedIssuers() {
            return pending != null && last.phase().acceptsPendingIssuer() ? List.of(current.certificate(), pending.certificate())
                    : List.of(current.certificate());
        }

        /** The CA that signs certificates issued now (other than the moved ones, which the pending CA signs). */
        public CertificateAuthority signer() {
            return pending != null && last.phase().signsWithPending() ? pending : current;
        }

        /** A key replacement is in progress (or its old CA is still being dropped). */
        public boolean replacing() {
            return last.phase() != CaPlan.Phase.STEADY;
        }
    }

    /** The inputs that stay the same through the steps. */
    public record Settings(String what, ClusterTls.CaSettings ca, IntFunction<Subject> subject, Instant now) {
    }

    private CaLifecycle() {
    }

    /**
     * @param stored           the CA Secret's files now; null when there is none
     * @param configuredBundle the CA certificates the trust bundles hold now (fingerprints)
     * @param storedLeaves     each pod's certificate in its Secret now, by pod name
     * @param pods             what each pod that holds a certificate from this CA reports
     */
    public static Result run(Map<String, byte[]> stored, Set<String> configuredBundle, Map<String, X509Certificate> storedLeaves,
            List<PodTls> pods, Settings settings) {
        State state = State.read(stored);
        Set<String> bundle = new LinkedHashSet<>(configuredBundle);
        Set<String> moved = new HashSet<>();
        List<String> changes = new ArrayList<>();
        Map<String, String> configuredIssuer = new HashMap<>();
        Map<String, String> loadedIssuer = new HashMap<>();
        storedLeaves.forEach((pod, leaf) -> {
            String issuer = state.issuerKey(leaf);
            configuredIssuer.put(pod, issuer);
            loadedIssuer.put(pod, issuer);
        });
        Instant now = settings.now();
        CaPlan.Step step = null;
        for (int i = 0; i < MAX_STEPS; i++) {
            step = CaPlan.next(new CaPlan.Input(state.current == null ? null : CaPlan.Ca.of(state.current.info(), state.createdFor),
                    state.pending == null ? null : CaPlan.Ca.of(state.pending.info(), state.pendingCreatedFor), bundle,
                    planPods(pods, storedLeaves, configuredIssuer, loadedIssuer, bundle), settings.ca().replaceKey(), state.completed,
                    settings.ca().validity(), settings.ca().renewBefore(), now));
            switch (step.action()) {
                case CREATE_CA, REPLACE_EXPIRED_CA -> {
                    boolean expired = step.action() == CaPlan.Action.REPLACE_EXPIRED_CA;
                    state.current = create(settings, state.nextGeneration());
                    state.pending = null;
                    state.createdFor = step.replacementId();
                    state.pendingCreatedFor = null;
                    state.completed = step.completedReplacement();
                    bundle = fingerprints(state.current);
                    configuredIssuer.replaceAll((pod, issuer) -> null);
                    changes.add(settings.what() + (expired ? ": " + step.reason() + " (clients must trust the new CA certificate)" : " created"));
                }
                case RENEW_CA_CERT -> {
                    state.current = state.current.renew(Validity.of(now.minus(ClusterCertificates.CLOCK_SKEW), settings.ca().validity()));
                    changes.add(settings.what() + " certificate renewed with the same key (valid until " + state.current.info().notAfter() + ")");
                }
                case GENERATE_NEW_CA -> {
                    state.pending = create(settings, state.nextGeneration());
                    state.pendingCreatedFor = step.replacementId();
                    changes.add(settings.what() + ": key replacement " + step.replacementId() + " phase 1 of 3: new CA "
                            + state.pending.info().subject() + " generated; it is trusted everywhere before it signs anything");
                }
                case DISTRIBUTE_BUNDLE -> {
                    bundle = new LinkedHashSet<>(step.bundle());
                    changes.add(settings.what() + ": trust bundles now hold " + describe(state, bundle));
                }
                case REISSUE_LEAF -> {
                    String pod = step.pods().get(0);
                    moved.add(pod);
                    configuredIssuer.put(pod, state.pending.info().publicKeyFingerprint());
                    changes.add(settings.what() + ": key replacement phase 2 of 3: " + step.reason());
                }
                case DROP_OLD_CA -> {
                    changes.add(settings.what() + ": key replacement phase 3 of 3: " + step.reason());
                    state.current = state.pending;
                    state.createdFor = state.pendingCreatedFor;
                    state.pending = null;
                    state.pendingCreatedFor = null;
                }
                case DONE -> {
                    state.completed = step.completedReplacement();
                    changes.add(settings.what() + ": " + step.reason());
                }
                case WAIT_FOR_PODS, NOTHING -> {
                    return result(state, bundle, moved, step, stored, changes);
                }
                default -> throw new IllegalStateException("unknown CA plan action " + step.action());
            }
        }
        // The plan converges within MAX_STEPS for any input; stopping here only delays the rest to the next reconcile.
        return result(state, bundle, moved, step, stored, changes);
    }

    private static List<CaPlan.Pod> planPods(List<PodTls> pods, Map<String, X509Certificate> storedLeaves, Map<String, String> configuredIssuer,
            Map<String, String> loadedIssuer, Set<String> bundle) {
        List<CaPlan.Pod> out = new ArrayList<>();
        for (PodTls pod : pods) {
            String configured = configuredIssuer.get(pod.pod());
            if (pod.followsSecret()) {
                out.add(new CaPlan.Pod(pod.pod(), pod.role(), bundle, configured, configured));
                continue;
            }
            X509Certificate stored = storedLeaves.get(pod.pod());
            // What the pod presents is known only as a fingerprint: it is the stored leaf, whose issuer is known, or
            // something else (older, or not yet mounted), which counts as "not what it is configured with".
            boolean presentsStored = stored != null && pod.servedLeaf() != null
                    && pod.servedLeaf().equals(CertificateInfo.of(stored).fingerprint());
            out.add(new CaPlan.Pod(pod.pod(), pod.role(), pod.trustedLoaded(), configured,
                    presentsStored ? loadedIssuer.get(pod.pod()) : null));
        }
        return out;
    }

    private static Result result(State state, Set<String> bundle, Set<String> moved, CaPlan.Step step, Map<String, byte[]> stored,
            List<String> changes) {
        List<X509Certificate> trusted = new ArrayList<>();
        for (CertificateAuthority ca : state.cas()) {
            if (bundle.contains(ca.info().fingerprint())) {
                trusted.add(ca.certificate());
            }
        }
        if (trusted.isEmpty()) {
            trusted.add(state.current.certificate()); // never an empty bundle: at least the CA that signs
        }
        return new Result(state.current, state.pending, List.copyOf(trusted), Set.copyOf(moved), step, state.write(stored), List.copyOf(changes));
    }

    private static CertificateAuthority create(Settings settings, int generation) {
        return CertificateAuthority.create(settings.subject().apply(generation),
                Validity.of(settings.now().minus(ClusterCertificates.CLOCK_SKEW), settings.ca().validity()), settings.ca().keyAlgorithm());
    }

    private static Set<String> fingerprints(CertificateAuthority ca) {
        return new LinkedHashSet<>(List.of(ca.info().fingerprint()));
    }

    private static String describe(State state, Set<String> bundle) {
        List<String> names = new ArrayList<>();
        for (CertificateAuthority ca : state.cas()) {
            if (bundle.contains(ca.info().fingerprint())) {
                names.add(ca.info().subject());
            }
        }
        return String.join(" and ", names);
    }

    /** The CA Secret, read and written. */
    private static final class State {
        CertificateAuthority current;
        CertificateAuthority pending;
        String createdFor;
        String pendingCreatedFor;
        String completed;
        int generation;

        static State read(Map<String, byte[]> secret) {
            State state = new State();
            if (secret == null) {
                return state;
            }
            state.current = authority(secret, ClusterCertificates.CA_CERT, ClusterCertificates.CA_KEY).orElse(null);
            state.pending = state.current == null ? null : authority(secret, PENDING_CERT, PENDING_KEY).orElse(null);
            state.createdFor = text(secret, CREATED_FOR);
            state.pendingCreatedFor = text(secret, PENDING_CREATED_FOR);
            state.completed = text(secret, COMPLETED);
            String generation = text(secret, ClusterCertificates.GENERATION);
            state.generation = generation != null && generation.matches("\\d+") ? Integer.parseInt(generation) : 0;
            return state;
        }

        List<CertificateAuthority> cas() {
            List<CertificateAuthority> out = new ArrayList<>();
            out.add(current);
            if (pending != null) {
                out.add(pending);
            }
            return out;
        }

        /** The next CA's number: one more than any this Secret has held, so every CA has a subject of its own. */
        int nextGeneration() {
            int highest = generation;
            for (CertificateAuthority ca : current == null ? List.<CertificateAuthority>of() : cas()) {
                highest = Math.max(highest, generationOf(ca));
            }
            return highest + 1;
        }

        /** The public key fingerprint of the CA (current or pending) that signed {@code leaf}; null when neither did. */
        String issuerKey(X509Certificate leaf) {
            if (current == null) {
                return null;
            }
            for (CertificateAuthority ca : cas()) {
                try {
                    if (ca.certificate().getSubjectX500Principal().equals(leaf.getIssuerX500Principal())) {
                        leaf.verify(ca.certificate().getPublicKey());
                        return ca.info().publicKeyFingerprint();
                    }
                } catch (java.security.GeneralSecurityException | RuntimeException otherIssuer) {
                    // try the other one
                }
            }
            return null;
        }

        Map<String, byte[]> write(Map<String, byte[]> before) {
            Map<String, byte[]> out = new TreeMap<>();
            out.put(ClusterCertificates.CA_CERT, bytes(current.certificatePem()));
            out.put(ClusterCertificates.CA_KEY, bytes(current.privateKeyPem()));
            out.put(ClusterCertificates.GENERATION, bytes(String.valueOf(Math.max(1, generationOf(current)))));
            if (pending != null) {
                out.put(PENDING_CERT, bytes(pending.certificatePem()));
                out.put(PENDING_KEY, bytes(pending.privateKeyPem()));
                putIfSet(out, PENDING_CREATED_FOR, pendingCreatedFor);
            }
            putIfSet(out, CREATED_FOR, createdFor);
            putIfSet(out, COMPLETED, completed);
            return before != null && ClusterCertificates.sameContent(before, out) ? before : out;
        }

        private static int generationOf(CertificateAuthority ca) {
            String number = ca.info().subject().replaceAll("^CN=[^,]*-ca-(\\d+),.*$", "$1");
            return number.matches("\\d+") ? Integer.parseInt(number) : 0;
        }

        private static Optional<CertificateAuthority> authority(Map<String, byte[]> secret, String cert, String key) {
            if (secret.get(cert) == null || secret.get(key) == null) {
                return Optional.empty();
            }
            try {
                return Optional.of(CertificateAuthority.fromPem(ClusterCertificates.text(secret.get(cert)),
                        ClusterCertificates.text(secret.get(key))));
            } catch (RuntimeException unreadable) {
                return Optional.empty();
            }
        }

        private static String text(Map<String, byte[]> secret, String file) {
            byte[] value = secret.get(file);
            return value == null ? null : ClusterCertificates.text(value).trim();
        }

        private static void putIfSet(Map<String, byte[]> out, String file, String value) {
            if (value != null) {
                out.put(file, bytes(value));
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
