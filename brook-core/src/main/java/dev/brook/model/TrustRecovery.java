package dev.brook.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Which pods must restart together because trust between them is already broken. That happens when a CA was replaced
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
     */
    public static Decision plan(List<CaLifecycle.PodTls> pods, Set<String> bundle) {
        List<String> cutOff = new ArrayList<>();
        for (CaLifecycle.PodTls pod : pods) {
            if (!pod.followsSecret() && !pod.trustedLoaded().isEmpty() && Collections.disjoint(pod.trustedLoaded(), bundle)) {
                cutOff.add(pod.pod());
            }
        }
        if (cutOff.isEmpty()) {
            return Decision.NONE;
        }
        return new Decision(List.copyOf(cutOff), cutOff.size() + " pod(s) trust none of the CAs in the cluster CA bundle (the CA was "
                + "replaced at once: it had expired, or the Secret of your own CA now holds another one), so they can neither reach "
                + "pods with the new certificates nor be reloaded: restarting them together to read the new certificates: "
                + String.join(", ", cutOff));
    }
}
