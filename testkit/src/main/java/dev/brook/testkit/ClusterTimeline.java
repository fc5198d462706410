package dev.brook.testkit;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.Condition;
import dev.brook.model.PodTemplateHash;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * What happened to a Cluster, in the order it was seen: its condition changes (from an informer on the
 * Cluster), its namespace's pods being created, deleted, turning Ready or not, containers restarting
 * (from an informer on the pods), and notes the test adds. Times are {@link System#nanoTime()} values;
 * {@link #lines} prints them in seconds relative to an {@link #origin} (by default the timeline's creation).
 *
 * <p>Start it before the pods exist: the informer's first list reports existing pods as created.
 */
public final class ClusterTimeline implements AutoCloseable {
    /** The summary condition: its lines carry the observed generation and resource version of the write. */
    public static final String READY = "Ready";
    private static final int LINE_LIMIT = 200;

    public record Event(long nanos, String text) {
    }

    /** A condition as written by one status update: a change of its status, reason or message. */
    public record ConditionChange(long nanos, String type, String status, String reason, String message, long observedGeneration,
            String resourceVersion) {
        String text() {
            return status + "/" + reason + ": " + message;
        }
    }

    public enum PodEventKind { CREATED, DELETED, READY, NOT_READY, CONTAINER_RESTARTED }

    public record PodEvent(long nanos, String pod, String uid, PodEventKind kind) {
    }

    /**
     * A pod deleted, and what followed for its name: a new pod (another uid) created, then Ready. Times
     * are {@link System#nanoTime()} values, -1 when not seen.
     */
    public record PodRestart(String pod, long deleted, long created, long ready) {
    }

    /** Time in one state between two instants, and how many times it was entered. */
    public record Span(long millis, int entered) {
    }

    private final List<Event> events = new ArrayList<>();
    private final List<ConditionChange> changes = new ArrayList<>();
    private final List<PodEvent> podEvents = new ArrayList<>();
    private final Map<String, String> lastCondition = new HashMap<>();
    private final Map<String, Boolean> readyByUid = new HashMap<>();
    private final Map<String, Integer> restartsByUid = new HashMap<>();
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
    private final String clusterName;
    private volatile long origin = System.nanoTime();

    /** A timeline fed by hand ({@link #note}, {@link #clusterEvents()}, {@link #podEvents()}). */
    public ClusterTimeline() {
        this(null);
    }

    private ClusterTimeline(String clusterName) {
        this.clusterName = clusterName;
    }

    /** A timeline fed by informers on the Cluster {@code name} and on the pods of {@code namespace}; {@link #close()} stops them. */
    public static ClusterTimeline watch(KubernetesClient client, String namespace, String name) {
        ClusterTimeline timeline = new ClusterTimeline(name);
        timeline.informers.add(client.pods().inNamespace(namespace).inform(timeline.podEvents()));
        timeline.informers.add(client.resources(Cluster.class).inNamespace(namespace).inform(timeline.clusterEvents()));
        return timeline;
    }

    /** Times in {@link #lines} are printed relative to this {@link System#nanoTime()} value. */
    public void origin(long nanos) {
        origin = nanos;
    }

    public long origin() {
        return origin;
    }

    public synchronized void note(String text) {
        events.add(new Event(System.nanoTime(), text));
    }

    /** Every event between {@code from} and {@code to} as {@code "+12.34  text"} (seconds from the origin), long texts cut. */
    public synchronized List<String> lines(long fromNanos, long toNanos) {
        long o = origin;
        return events.stream().filter(e -> e.nanos >= fromNanos && e.nanos <= toNanos)
                .map(e -> String.format(Locale.ROOT, "%+8.2f  %s", (e.nanos - o) / 1e9,
                        e.text.length() > LINE_LIMIT ? e.text.substring(0, LINE_LIMIT - 3) + "..." : e.text)).toList();
    }

    public List<String> lines() {
        return lines(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    // ---- the Cluster's conditions

    /** Records condition changes; with a cluster name, of that Cluster only. */
    public ResourceEventHandler<Cluster> clusterEvents() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Cluster c) {
                seen(c);
            }

            @Override
            public void onUpdate(Cluster old, Cluster c) {
                seen(c);
            }

            @Override
            public void onDelete(Cluster c, boolean finalStateUnknown) {
                if (clusterName == null || clusterName.equals(c.getMetadata().getName())) {
                    note("Cluster " + c.getMetadata().getName() + " deleted");
                }
            }
        };
    }

    private synchronized void seen(Cluster c) {
        if (c.getStatus() == null || c.getStatus().getConditions() == null
                || (clusterName != null && !clusterName.equals(c.getMetadata().getName()))) {
            return;
        }
        long now = System.nanoTime();
        long observed = c.getStatus().getObservedGeneration() == null ? 0 : c.getStatus().getObservedGeneration();
        for (Condition o : c.getStatus().getConditions()) {
            ConditionChange change = new ConditionChange(now, o.getType(), o.getStatus(), o.getReason(), o.getMessage(), observed,
                    c.getMetadata().getResourceVersion());
            if (!change.text().equals(lastCondition.put(o.getType(), change.text()))) {
                changes.add(change);
                events.add(new Event(now, "Cluster " + o.getType() + " " + change.text() + (READY.equals(o.getType())
                        ? " (observedGeneration " + observed + ", resourceVersion " + change.resourceVersion() + ")" : "")));
            }
        }
    }

    /** Every change of one condition type, in order. */
    public synchronized List<ConditionChange> changes(String type) {
        return changes.stream().filter(t -> t.type.equals(type)).toList();
    }

    /** The condition as last seen, as {@code "status/reason: message"}, or "" if not seen. */
    public synchronized String current(String type) {
        return Objects.requireNonNullElse(lastCondition.get(type), "");
    }

    /** The first change of {@code type} to {@code reason} after {@code afterNanos} describing at least that generation; -1 if none. */
    public synchronized long firstChange(String type, String reason, long afterNanos, long minObservedGeneration) {
        return changes(type).stream().filter(t -> t.nanos > afterNanos && t.observedGeneration >= minObservedGeneration
                && reason.equals(t.reason)).mapToLong(ConditionChange::nanos).findFirst().orElse(-1);
    }

    /** Time {@code type} spent in each reason between {@code from} and {@code to}. */
    public Map<String, Span> timeByReason(String type, long fromNanos, long toNanos) {
        return timeBy(type, fromNanos, toNanos, ConditionChange::reason);
    }

    /**
     * Time {@code type} spent in each "reason: message" between {@code from} and {@code to}, with the
     * message passed through {@code generalise} first (e.g. ids replaced, lists left out).
     */
    public Map<String, Span> timeByMessage(String type, long fromNanos, long toNanos, UnaryOperator<String> generalise) {
        return timeBy(type, fromNanos, toNanos, t -> t.reason + ": " + generalise.apply(t.message == null ? "" : t.message));
    }

    private synchronized Map<String, Span> timeBy(String type, long from, long to, Function<ConditionChange, String> key) {
        List<ConditionChange> list = changes(type);
        Map<String, Span> result = new TreeMap<>();
        for (int i = 0; i < list.size(); i++) {
            ConditionChange t = list.get(i);
            long start = Math.max(t.nanos, from);
            long end = Math.min(i + 1 < list.size() ? list.get(i + 1).nanos : to, to);
            if (end > start) {
                result.merge(key.apply(t), new Span((end - start) / 1_000_000, 1),
                        (a, b) -> new Span(a.millis + b.millis, a.entered + b.entered));
            }
        }
        return result;
    }

    /** How many times {@code type} entered {@code reason} (from another reason) between {@code from} and {@code to}. */
    public synchronized int episodes(String type, String reason, long fromNanos, long toNanos) {
        int n = 0;
        String previous = null;
        for (ConditionChange t : changes(type)) {
            if (t.nanos >= fromNanos && t.nanos <= toNanos && reason.equals(t.reason) && !reason.equals(previous)) {
                n++;
            }
            previous = t.reason;
        }
        return n;
    }

    // ---- pods

    /** Records pod creations, deletions, Ready transitions and container restarts. */
    public ResourceEventHandler<Pod> podEvents() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                synchronized (ClusterTimeline.this) {
                    pod(pod, PodEventKind.CREATED, "created (template hash " + templateHash(pod) + ")");
                    readiness(pod);
                }
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                synchronized (ClusterTimeline.this) {
                    readiness(pod);
                }
            }

            @Override
            public void onDelete(Pod pod, boolean finalStateUnknown) {
                synchronized (ClusterTimeline.this) {
                    pod(pod, PodEventKind.DELETED, "deleted (was " + (isReady(pod) ? "Ready" : "not Ready") + ")");
                    readyByUid.remove(pod.getMetadata().getUid());
                    restartsByUid.remove(pod.getMetadata().getUid());
                }
            }
        };
    }

    private void pod(Pod pod, PodEventKind kind, String text) {
        long now = System.nanoTime();
        podEvents.add(new PodEvent(now, pod.getMetadata().getName(), pod.getMetadata().getUid(), kind));
        events.add(new Event(now, "pod " + pod.getMetadata().getName() + " " + text));
    }

    private void readiness(Pod pod) {
        String uid = pod.getMetadata().getUid();
        boolean ready = isReady(pod);
        Boolean before = readyByUid.put(uid, ready);
        if (!Objects.equals(before, ready) && (before != null || ready)) {
            pod(pod, ready ? PodEventKind.READY : PodEventKind.NOT_READY, ready ? "Ready" : "not Ready");
        }
        int restarts = pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null ? 0
                : pod.getStatus().getContainerStatuses().stream().mapToInt(s -> s.getRestartCount() == null ? 0 : s.getRestartCount()).sum();
        Integer previous = restartsByUid.put(uid, restarts);
        if (previous != null && restarts > previous) {
            pod(pod, PodEventKind.CONTAINER_RESTARTED, "container restarted (restartCount " + restarts + ")");
        }
    }

    public synchronized List<PodEvent> podEventList() {
        return List.copyOf(podEvents);
    }

    /** Every pod deletion at or after {@code afterNanos}, in order, with the creation and readiness of its successor. */
    public synchronized List<PodRestart> restarts(long afterNanos) {
        List<PodRestart> result = new ArrayList<>();
        for (int i = 0; i < podEvents.size(); i++) {
            PodEvent deleted = podEvents.get(i);
            if (deleted.kind != PodEventKind.DELETED || deleted.nanos < afterNanos) {
                continue;
            }
            long created = -1;
            long ready = -1;
            String newUid = null;
            for (int j = i + 1; j < podEvents.size(); j++) {
                PodEvent e = podEvents.get(j);
                if (newUid == null && e.kind == PodEventKind.CREATED && e.pod.equals(deleted.pod) && !e.uid.equals(deleted.uid)) {
                    newUid = e.uid;
                    created = e.nanos;
                } else if (newUid != null && e.kind == PodEventKind.READY && e.uid.equals(newUid)) {
                    ready = e.nanos;
                    break;
                }
            }
            result.add(new PodRestart(deleted.pod, deleted.nanos, created, ready));
        }
        return result;
    }

    public static boolean isReady(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    public static String templateHash(Pod pod) {
        return pod.getMetadata().getAnnotations() == null ? null : pod.getMetadata().getAnnotations().get(PodTemplateHash.ANNOTATION);
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
        informers.clear();
    }

    @Override
    public synchronized String toString() {
        return String.join("\n", lines());
    }
}
