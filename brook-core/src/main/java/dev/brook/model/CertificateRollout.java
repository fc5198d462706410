package dev.brook.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Which pods do not serve the certificate their Secret holds yet, and why, for the {@code Certificates} condition. A
 * new certificate reaches a pod in steps: Kubernetes updates the Secret volume (late, at its own pace), then a broker
 * reloads it when the operator asks Kafka to, and a ZooKeeper server when it restarts. Each pod's agent reports what
 * its files hold and whether it serves it; a pod whose agent does not answer is not judged (it is starting, or gone).
 */
public final class CertificateRollout {
    private CertificateRollout() {
    }

    /**
     * What one pod's agent says.
     *
     * @param pod            pod name
     * @param inSecret       fingerprint of the pod's certificate in its Secret
     * @param inFile         fingerprint of the certificate its mounted file holds, or null when its agent does not answer
     * @param staleListeners a broker's TLS listeners that serve an older certificate than the file (empty otherwise)
     * @param restartPending a ZooKeeper server that serves an older certificate than its file until it restarts
     */
    public record PodView(String pod, String inSecret, String inFile, List<String> staleListeners, boolean restartPending) {
        public PodView {
            staleListeners = List.copyOf(staleListeners);
        }
    }

    /** One line per pod that lags, in the order given: {@code <pod>: <why>}. */
    public static List<String> lagging(List<PodView> pods) {
        List<String> out = new ArrayList<>();
        for (PodView p : pods) {
            if (p.inFile() == null || p.inSecret() == null) {
                continue;
            }
            if (!p.inFile().equals(p.inSecret())) {
                out.add(p.pod() + ": its volume still holds the previous certificate (Kubernetes updates Secret volumes late)");
            } else if (!p.staleListeners().isEmpty()) {
                out.add(p.pod() + ": serves the previous certificate on " + String.join(", ", p.staleListeners())
                        + " until Kafka reloads it");
            } else if (p.restartPending()) {
                out.add(p.pod() + ": serves the previous certificate until it restarts (ZooKeeper reads it only at start)");
            }
        }
        return out;
    }

    /** The condition's addition: empty when every judged pod serves its current certificate; at most 5 pods named. */
    public static String summary(List<String> lagging) {
        if (lagging.isEmpty()) {
            return "";
        }
        List<String> shown = lagging.subList(0, Math.min(5, lagging.size()));
        return "; renewing: " + lagging.size() + " pod(s) not serving their current certificate yet: " + String.join("; ", shown)
                + (lagging.size() > shown.size() ? "; ..." : "");
    }
}
