package dev.brook.pki;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The next step in the life of a CA: create it, renew its certificate, replace its key in phases, or recover when it
 * has expired. Record in ({@link Input}: what the cluster holds and what its pods report), record out ({@link Step}:
 * one action, the phase, a reason). Pure and idempotent: planning twice on the same input gives the same step, and a
 * new key is asked for only when no new CA is stored yet, so a caller that re-plans after every write never makes two.
 *
 * <h2>Renewal (no phases)</h2>
 * Inside the renewal window ({@code notAfter - renewBefore}) the CA's certificate is renewed with the same key
 * ({@link Action#RENEW_CA_CERT}, {@link CertificateAuthority#renew}) and the bundle redistributed. Certificates it
 * signed stay valid, pods that still hold the old CA certificate keep trusting them: nothing waits for pods.
 *
 * <h2>Key replacement (the user bumps a one-shot id: {@code requestedReplacement != completedReplacement})</h2>
 * <ol>
 *   <li>{@link Phase#TRUSTING_NEW_CA}: {@link Action#GENERATE_NEW_CA} stores a new CA (new key, a subject of its own,
 *       tagged with the replacement id) as <em>pending</em>; {@link Action#DISTRIBUTE_BUNDLE} puts the current and the
 *       pending CA in the trust bundle; {@link Action#WAIT_FOR_PODS} until every pod reports it loaded both (Secret
 *       volumes are updated late by the kubelet; brokers reload their stores, ZooKeeper must be restarted).</li>
 *   <li>{@link Phase#MOVING_LEAVES}: {@link Action#REISSUE_LEAF} names one pod at a time (ZooKeeper first, then
 *       brokers, then other clients, each in ordinal order) whose certificate is re-issued from the pending CA, and
 *       waits until every pod presents the certificate it is configured with (the moved pod its new one, a restarted
 *       pod whatever it has) before naming the next. ZooKeeper pods are restarted by the caller, brokers reload.</li>
 *   <li>{@link Phase#DROPPING_OLD_CA}: {@link Action#DROP_OLD_CA} makes the pending CA the current one (keeping its
 *       replacement id) and deletes the old key; the bundle then holds the new CA only; wait until every pod reports
 *       exactly that bundle and the certificate it is configured with; {@link Action#DONE}: store
 *       {@link Step#completedReplacement()}.</li>
 * </ol>
 * No phase is skipped: each step's condition is checked again on every plan, so a pod that falls behind (restarted,
 * not yet reporting) makes the plan wait again rather than move on. A new request while one is in flight is handled
 * after it (its own three phases).
 *
 * <h2>Expired CA</h2>
 * When the current CA has expired, trust is already broken: phases would only prolong the outage.
 * {@link Action#REPLACE_EXPIRED_CA}: generate a new CA, trust only it, re-issue every certificate at once and restart
 * what must be restarted. The reason says so.
 *
 * <h2>Fingerprints</h2>
 * CA certificates are named by {@link CertificateInfo#fingerprint()} (trust bundles), the CA that signed a leaf by its
 * key, {@link CertificateInfo#publicKeyFingerprint()}, so a leaf signed before a renewal still counts as signed by
 * the renewed CA.
 */
public final class CaPlan {

    public enum Phase {
        /** One CA, nothing in progress. Leaves are signed by the current CA. */
        STEADY,
        /** Phase 1: the pending CA is being added to every pod's trust. Leaves: signed by current, current or pending accepted. */
        TRUSTING_NEW_CA,
        /** Phase 2: leaves move to the pending CA one pod at a time. Leaves: signed by pending, current or pending accepted. */
        MOVING_LEAVES,
        /** Phase 3: the old CA is gone from the bundle; waiting for every pod to drop it. Leaves: signed by current. */
        DROPPING_OLD_CA;

        /** Whether a leaf signed by the pending CA is as good as one signed by the current CA ({@link CertificateCheck.Desired}). */
        public boolean acceptsPendingIssuer() {
            return this == TRUSTING_NEW_CA || this == MOVING_LEAVES;
        }

        /** Whether new and renewed leaves are signed by the pending CA rather than the current one. */
        public boolean signsWithPending() {
            return this == MOVING_LEAVES;
        }
    }

    public enum Action {
        /** There is no CA: create one (tag it with {@link Step#replacementId()}), issue every certificate. */
        CREATE_CA,
        /** The CA expired: replace it with a new one (tag it), trust only it, re-issue everything at once. */
        REPLACE_EXPIRED_CA,
        /** Renew the current CA's certificate with the same key; then the bundle is redistributed. */
        RENEW_CA_CERT,
        /** Generate a new CA (new key, own subject), store it as pending, tagged with {@link Step#replacementId()}. */
        GENERATE_NEW_CA,
        /** Write the trust bundle so it holds exactly {@link Step#bundle()}. */
        DISTRIBUTE_BUNDLE,
        /** Nothing to write: the pods in {@link Step#pods()} have not loaded what they are configured with yet. */
        WAIT_FOR_PODS,
        /** Re-issue the leaf of the one pod in {@link Step#pods()} from the pending CA (restart it if it is ZooKeeper). */
        REISSUE_LEAF,
        /** Make the pending CA current (keep its tag), delete the old CA and its key. */
        DROP_OLD_CA,
        /** The key replacement is complete: store {@link Step#completedReplacement()}. */
        DONE,
        /** All is well until {@link Step#nextCheck()}. */
        NOTHING
    }

    /** What a pod is, for ordering the moves in phase 2 and for the caller to know how it loads new files. */
    public enum Role { ZOOKEEPER, BROKER, CLIENT }

    /**
     * A CA as stored in the cluster.
     *
     * @param fingerprint    SHA-256 of its certificate
     * @param keyFingerprint SHA-256 of its public key
     * @param createdFor     the replacement id it was generated for (null for a CA created when none was requested)
     */
    public record Ca(String fingerprint, String keyFingerprint, Instant notAfter, String createdFor) {
        public Ca {
            Objects.requireNonNull(fingerprint, "fingerprint");
            Objects.requireNonNull(keyFingerprint, "keyFingerprint");
            Objects.requireNonNull(notAfter, "notAfter");
        }

        public static Ca of(CertificateInfo certificate, String createdFor) {
            return new Ca(certificate.fingerprint(), certificate.publicKeyFingerprint(), certificate.notAfter(), createdFor);
        }
    }

    /**
     * One holder of a leaf from this CA, with what it reports it actually loaded. List every holder the operator
     * manages: ZooKeeper and broker pods, and the operator's own client certificate ({@link Role#CLIENT}).
     *
     * @param loadedBundle            fingerprints of the CA certificates the running process trusts; empty when it has
     *                                not reported
     * @param configuredLeafIssuerKey key fingerprint of the CA that signed the leaf in the pod's Secret; null if none
     * @param loadedLeafIssuerKey     key fingerprint of the CA that signed the leaf the running process presents; null
     *                                when it has not reported
     */
    public record Pod(String name, Role role, Set<String> loadedBundle, String configuredLeafIssuerKey,
                      String loadedLeafIssuerKey) {
        public Pod {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(role, "role");
            loadedBundle = Set.copyOf(Objects.requireNonNullElse(loadedBundle, Set.<String>of()));
        }
    }

    /**
     * @param current              the CA in use; null when there is none yet
     * @param pending              the new CA of a key replacement in progress; null otherwise
     * @param configuredBundle     fingerprints of the CA certificates in the trust bundle the pods are configured with
     * @param requestedReplacement the user's one-shot key replacement id; null when never set
     * @param completedReplacement the last completed replacement id
     * @param caValidity           how long a new or renewed CA certificate is valid
     * @param renewBefore          renew the CA certificate when less than this is left; shorter than {@code caValidity}
     */
    public record Input(Ca current, Ca pending, Set<String> configuredBundle, List<Pod> pods,
                        String requestedReplacement, String completedReplacement,
                        Duration caValidity, Duration renewBefore, Instant now) {
        public Input {
            configuredBundle = Set.copyOf(Objects.requireNonNullElse(configuredBundle, Set.<String>of()));
            pods = List.copyOf(Objects.requireNonNullElse(pods, List.<Pod>of()));
            Objects.requireNonNull(caValidity, "caValidity");
            Objects.requireNonNull(renewBefore, "renewBefore");
            Objects.requireNonNull(now, "now");
            if (renewBefore.isNegative() || renewBefore.compareTo(caValidity) >= 0) {
                throw new IllegalArgumentException("The CA renewal window (" + renewBefore + ") must be shorter than its "
                        + "validity (" + caValidity + "), or every renewed CA would be renewed again at once");
            }
            Set<String> names = new HashSet<>();
            for (Pod pod : pods) {
                if (!names.add(pod.name())) {
                    throw new IllegalArgumentException("Pod " + pod.name() + " is listed twice");
                }
            }
            if (current != null && pending != null && current.keyFingerprint().equals(pending.keyFingerprint())) {
                throw new IllegalArgumentException("The pending CA has the current CA's key; a key replacement needs a new key");
            }
        }
    }

    /**
     * @param pods                 the pods to wait for ({@link Action#WAIT_FOR_PODS}) or the one to move
     *                             ({@link Action#REISSUE_LEAF}); empty otherwise
     * @param bundle               fingerprints the trust bundle should hold now (current CA first); empty when the CA
     *                             that belongs in it does not exist yet
     * @param replacementId        the id to tag a CA generated by this step with; null for other actions
     * @param completedReplacement the completed replacement id to store (unchanged unless DONE, CREATE_CA or
     *                             REPLACE_EXPIRED_CA)
     * @param nextCheck            when to plan again if nothing happens before; empty when the caller should plan again
     *                             after acting or when a pod reports
     */
    public record Step(Action action, Phase phase, List<String> pods, Set<String> bundle, String reason,
                       String replacementId, String completedReplacement, Optional<Instant> nextCheck) {
    }

    private static final Comparator<Pod> MOVE_ORDER = Comparator.comparing(Pod::role)
            .thenComparingInt(pod -> pod.name().length())
            .thenComparing(Pod::name);

    private CaPlan() {
    }

    public static Step next(Input in) {
        Ca current = in.current();
        Ca pending = in.pending();
        String completed = in.completedReplacement();
        if (current == null) {
            return new Step(Action.CREATE_CA, Phase.STEADY, List.of(), Set.of(),
                    "There is no CA yet: create one and issue every certificate from it",
                    in.requestedReplacement(), in.requestedReplacement(), Optional.empty());
        }
        if (in.now().isAfter(current.notAfter())) {
            return new Step(Action.REPLACE_EXPIRED_CA, Phase.STEADY, List.of(), Set.of(),
                    "The CA " + brief(current.fingerprint()) + " expired at " + current.notAfter() + ": trust is already "
                            + "broken, so a new CA replaces it at once and every certificate is re-issued from it, "
                            + "without phases" + (pending == null ? "" : "; the pending CA " + brief(pending.fingerprint())
                            + " is discarded"),
                    in.requestedReplacement(), in.requestedReplacement(), Optional.empty());
        }
        boolean finishing = pending == null && current.createdFor() != null
                && !current.createdFor().equals(completed);
        boolean requested = in.requestedReplacement() != null && !in.requestedReplacement().equals(completed);
        if (pending == null && !finishing && requested) {
            return new Step(Action.GENERATE_NEW_CA, Phase.TRUSTING_NEW_CA, List.of(), bundle(current),
                    "Key replacement " + in.requestedReplacement() + " requested: generate a new CA with a new key and "
                            + "a subject of its own, and store it as pending",
                    in.requestedReplacement(), completed, Optional.empty());
        }
        Phase phase = pending != null ? (anyLeafConfiguredFrom(in.pods(), pending) ? Phase.MOVING_LEAVES : Phase.TRUSTING_NEW_CA)
                : finishing ? Phase.DROPPING_OLD_CA : Phase.STEADY;
        Instant renewal = current.notAfter().minus(in.renewBefore());
        if (!in.now().isBefore(renewal)) {
            return new Step(Action.RENEW_CA_CERT, phase, List.of(), pending == null ? bundle(current) : bundle(current, pending),
                    "The CA " + brief(current.fingerprint()) + " expires at " + current.notAfter() + ", inside its renewal "
                            + "window of " + in.renewBefore() + ": renew its certificate with the same key for "
                            + in.caValidity() + " (certificates it signed stay valid)",
                    null, completed, Optional.empty());
        }
        if (pending != null) {
            return replacing(in, current, pending, phase);
        }
        if (finishing) {
            return dropping(in, current);
        }
        Set<String> bundle = bundle(current);
        if (!in.configuredBundle().equals(bundle)) {
            return distribute(phase, bundle, completed);
        }
        return new Step(Action.NOTHING, Phase.STEADY, List.of(), bundle,
                "The CA " + brief(current.fingerprint()) + " is valid until " + current.notAfter() + "; renewal from "
                        + renewal, null, completed, Optional.of(renewal));
    }

    /** Phases 1 and 2: trust both CAs everywhere, then move the leaves one pod at a time. */
    private static Step replacing(Input in, Ca current, Ca pending, Phase phase) {
        String completed = in.completedReplacement();
        Set<String> bundle = bundle(current, pending);
        if (!in.configuredBundle().equals(bundle)) {
            return distribute(phase, bundle, completed);
        }
        List<String> untrusting = names(in.pods().stream().filter(pod -> !pod.loadedBundle().containsAll(bundle)).toList());
        if (!untrusting.isEmpty()) {
            return waitFor(phase, untrusting, bundle, completed, "Waiting for " + untrusting + " to trust both the "
                    + "current CA " + brief(current.fingerprint()) + " and the new CA " + brief(pending.fingerprint())
                    + " before any certificate is signed by the new one");
        }
        List<Pod> ordered = in.pods().stream().sorted(MOVE_ORDER).toList();
        // Not only the pod that moved last: a pod that restarted and has not reported its certificate yet holds the
        // next move too (moving a second ZooKeeper node while one is down could cost the quorum).
        List<String> loading = names(ordered.stream()
                .filter(pod -> !Objects.equals(pod.configuredLeafIssuerKey(), pod.loadedLeafIssuerKey()))
                .toList());
        if (!loading.isEmpty()) {
            return waitFor(phase, loading, bundle, completed, "Waiting for " + loading + " to present the certificate "
                    + "it is configured with (new CA " + brief(pending.fingerprint()) + ") before the next pod moves");
        }
        Optional<Pod> next = ordered.stream()
                .filter(pod -> !pending.keyFingerprint().equals(pod.configuredLeafIssuerKey()))
                .findFirst();
        if (next.isPresent()) {
            Pod pod = next.get();
            long moved = ordered.size() - ordered.stream()
                    .filter(p -> !pending.keyFingerprint().equals(p.configuredLeafIssuerKey())).count();
            return new Step(Action.REISSUE_LEAF, Phase.MOVING_LEAVES, List.of(pod.name()), bundle,
                    "Every pod trusts both CAs: re-issue the certificate of " + pod.name() + " from the new CA "
                            + brief(pending.fingerprint()) + (pod.role() == Role.ZOOKEEPER ? " and restart it" : "")
                            + " (" + moved + " of " + ordered.size() + " moved)",
                    null, completed, Optional.empty());
        }
        return new Step(Action.DROP_OLD_CA, Phase.DROPPING_OLD_CA, List.of(), bundle(pending),
                "Every pod presents a certificate from the new CA " + brief(pending.fingerprint()) + ": make it the "
                        + "current CA and drop the old CA " + brief(current.fingerprint()) + " and its key",
                null, completed, Optional.empty());
    }

    /** Phase 3: the new CA is current; wait until no pod trusts anything else. */
    private static Step dropping(Input in, Ca current) {
        String completed = in.completedReplacement();
        Set<String> bundle = bundle(current);
        if (!in.configuredBundle().equals(bundle)) {
            return distribute(Phase.DROPPING_OLD_CA, bundle, completed);
        }
        List<String> lagging = names(in.pods().stream()
                .filter(pod -> !pod.loadedBundle().equals(bundle)
                        || !Objects.equals(pod.configuredLeafIssuerKey(), pod.loadedLeafIssuerKey()))
                .toList());
        if (!lagging.isEmpty()) {
            return waitFor(Phase.DROPPING_OLD_CA, lagging, bundle, completed, "Waiting for " + lagging
                    + " to trust only the new CA " + brief(current.fingerprint()) + " and present its certificate");
        }
        return new Step(Action.DONE, Phase.STEADY, List.of(), bundle, "Key replacement " + current.createdFor()
                + " is complete: every pod trusts only the new CA " + brief(current.fingerprint()),
                null, current.createdFor(), Optional.empty());
    }

    private static Step distribute(Phase phase, Set<String> bundle, String completed) {
        return new Step(Action.DISTRIBUTE_BUNDLE, phase, List.of(), bundle,
                "The trust bundle should hold " + briefs(bundle), null, completed, Optional.empty());
    }

    private static Step waitFor(Phase phase, List<String> pods, Set<String> bundle, String completed, String reason) {
        return new Step(Action.WAIT_FOR_PODS, phase, pods, bundle, reason, null, completed, Optional.empty());
    }

    private static boolean anyLeafConfiguredFrom(List<Pod> pods, Ca ca) {
        return pods.stream().anyMatch(pod -> ca.keyFingerprint().equals(pod.configuredLeafIssuerKey()));
    }

    private static List<String> names(List<Pod> pods) {
        return pods.stream().sorted(MOVE_ORDER).map(Pod::name).toList();
    }

    private static Set<String> bundle(Ca... cas) {
        Set<String> fingerprints = new LinkedHashSet<>();
        for (Ca ca : cas) {
            fingerprints.add(ca.fingerprint());
        }
        return Collections.unmodifiableSet(fingerprints);
    }

    private static String briefs(Set<String> fingerprints) {
        List<String> briefs = new ArrayList<>();
        fingerprints.forEach(fingerprint -> briefs.add(brief(fingerprint)));
        return String.join(" and ", briefs);
    }

    /** The first 12 hex digits: enough to tell CAs apart in a message. */
    private static String brief(String fingerprint) {
        return fingerprint.length() <= 12 ? fingerprint : fingerprint.substring(0, 12);
    }
}
