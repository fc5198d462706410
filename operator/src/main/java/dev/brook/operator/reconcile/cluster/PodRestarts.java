package dev.brook.operator.reconcile.cluster;

import dev.brook.model.RollingRestartPlan;
import dev.brook.operator.reconcile.EventRecorder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Restarts pods by deleting them (the StatefulSet controller recreates them from the current template), and
 * paces postponed rolls. What it remembers is only a guard: the informer cache can still show a pod this
 * operator deleted for a moment after the delete, and that pod must count as "being recreated", never as a pod
 * to restart again. The roll itself is decided from the cluster's state alone.
 */
@Singleton
public class PodRestarts {
    private static final Logger LOG = Logger.getLogger(PodRestarts.class);
    private final KubernetesClient client;
    private final EventRecorder events;
    /** Uids of pods this operator deleted for a restart. */
    private final Set<String> deletedUids = ConcurrentHashMap.newKeySet();
    /** Postponements in a row per cluster ({@code ns/name}), for the retry back-off. */
    private final Map<String, Integer> postponements = new ConcurrentHashMap<>();

    public PodRestarts(KubernetesClient client, EventRecorder events) {
        this.client = client;
        this.events = events;
    }

    boolean deletedByUs(Pod pod) {
        return deletedUids.contains(pod.getMetadata().getUid());
    }

    /** Carries out a restart decision (logs the others): one log line and Event per pod restarted. */
    void carryOut(ClusterObservation observed, RollingRestartPlan.Decision decision, int outdated) {
        switch (decision.kind()) {
            case RESTART -> {
                String pods = String.join(", ", decision.pods());
                LOG.infof("cluster %s: restarting pod %s: %s (%d outdated pod(s) before this)", observed.ref(), pods,
                        decision.reason(), outdated);
                events.normal(observed.cluster(), "RestartingPod", "restarting " + pods + ": " + decision.reason());
                decision.pods().forEach(name -> observed.pod(name).ifPresent(this::delete));
            }
            case POSTPONE -> LOG.infof("cluster %s: rolling restart postponed: %s: %s", observed.ref(), decision.reason(),
                    dev.brook.model.ClusterRoll.shortList(decision.blocking()));
            case WAIT -> LOG.debugf("cluster %s: rolling restart waits: %s", observed.ref(), decision.reason());
            default -> {
            }
        }
    }

    /**
     * Restarts {@code pods} at once, not one at a time: for pods that cannot work with each other as they are (trust
     * broken by a CA replaced at once), where a roll would wait forever for the first one to become ready. One log
     * line and one Event for the lot; pods already deleted by this operator are not deleted again.
     */
    public void restartTogether(ClusterObservation observed, List<String> pods, String reason) {
        List<String> deleted = new ArrayList<>();
        for (String name : pods) {
            observed.pod(name).filter(pod -> !deletedByUs(pod)).ifPresent(pod -> {
                delete(pod);
                deleted.add(name);
            });
        }
        if (!deleted.isEmpty()) {
            LOG.infof("cluster %s: restarting %s together: %s", observed.ref(), String.join(", ", deleted), reason);
            events.warning(observed.cluster(), "RestartingPods", "restarting " + String.join(", ", deleted) + " together: " + reason);
        }
    }

    /** Deletes {@code pod} for a restart, remembering its uid (see the class comment). */
    private void delete(Pod pod) {
        deletedUids.add(pod.getMetadata().getUid());
        client.resource(pod).delete();
    }

    /**
     * When to look again: 2 s while a roll moves or waits; after postponements 2 s doubling to 60 s. Counted in
     * memory: it only paces retries (an operator restart starts again at 2 s); pod changes reconcile at once anyway.
     */
    Duration nextCheck(String ref, RollingRestartPlan.Decision decision) {
        if (decision.kind() != RollingRestartPlan.Kind.POSTPONE) {
            postponements.remove(ref);
            return Duration.ofSeconds(2);
        }
        int n = postponements.merge(ref, 1, Integer::sum);
        return Duration.ofSeconds(Math.min(60, 1L << Math.min(6, n)));
    }

    void rollDone(String ref) {
        postponements.remove(ref);
    }

    /** Drops what only this process remembers, as a new operator process starts without it. */
    public void forget() {
        deletedUids.clear();
        postponements.clear();
    }
}
