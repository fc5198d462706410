package dev.brook.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Which pods must restart together because trust between them is already broken. That happens when a pod presents an
 * expired certificate (the operator was away past its renewal: nobody accepts it any more, and the operator cannot
 * reach the pod to reload a new one), or when a CA was replaced
 * at once rather than in phases: Brook's CA had expired (every certificate is then issued again from a new CA), or the
 * Secret of a CA of the user's own now holds another CA. A pod whose running server trusts none of the CAs its trust
 * bundle holds now can neither talk to a pod that already has the new certificates nor be reached by the operator to
 * reload (its Admin client presents a certificate from the new CA); a ZooKeeper server restarted alone would not find a
 * quorum that trusts it. So every such pod restarts at once, reading the new files at start. Pods whose agent does not
 * report what they trust are never judged cut off (they are starting, or gone); a phased key replacement never gets
 * here, since a pod trusts the old and the new CA until none presents the old one.
 */
public final class TrustRecovery {
    private TrustRecovery() {
    }

    /**
     * @param restart the pods to restart now, together; empty when trust is intact
     * @param message for the {@code Certificates} condition and the Event; empty when trust is intact
     */
    public record Decision(List<String> restart, String message) {
        public static final Decision NONE = new Decision(List.of(), "");

        public boolean needed() {
            return !restart.isEmpty();
        }
    }

    /**
     * @param pods   what each pod reports it trusts (as for the key replacement)
     * @param bundle fingerprints of the CA certificates the cluster CA trust bundle holds now
     * @param now    to tell an expired certificate
     */
    public static Decision plan(List<CaLifecycle.PodTls> pods, Set<String> bundle, Instant now) {
        List<String> untrusting = new ArrayList<>();
        List<String> expired = new ArrayList<>();
        List<String> expiredSince = new ArrayList<>();
        for (CaLifecycle.PodTls pod : pods) {
            if (pod.followsSecret()) {
                continue;
            }
            if (!pod.trustedLoaded().isEmpty() && Collections.disjoint(pod.trustedLoaded(), bundle)) {
                untrusting.add(pod.pod());
            } else if (pod.servedNotAfter() != null && !pod.servedNotAfter().isAfter(now)) {
                expired.add(pod.pod());
                expiredSince.add(pod.pod() + " (expired " + pod.servedNotAfter() + ")");
            }
        }
        if (untrusting.isEmpty() && expired.isEmpty()) {
            return Decision.NONE;
        }
        List<String> why = new ArrayList<>();
        if (!untrusting.isEmpty()) {
            why.add(untrusting.size() + " pod(s) trust none of the CAs in the cluster CA bundle (the CA was replaced at once: it "
                    + "had expired, or the Secret of your own CA now holds another one): " + String.join(", ", untrusting));
        }
        if (!expired.isEmpty()) {
            why.add(expired.size() + " pod(s) present an expired certificate: " + String.join(", ", expiredSince));
        }
        List<String> restart = new ArrayList<>(untrusting);
        restart.addAll(expired);
        return new Decision(List.copyOf(restart), String.join("; ", why) + ". They can neither reach the other pods nor be "
                + "reloaded: restarting them together to read their new certificates");
    }
}
