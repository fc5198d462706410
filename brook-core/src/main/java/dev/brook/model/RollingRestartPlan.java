package dev.brook.model;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides which broker to restart next when pods run an outdated configuration, or why none may
 * restart now. Pure: everything it needs is passed in, and all of it is read from the cluster each
 * time, so a roll resumes correctly after an operator restart (a restarted pod carries the new
 * hash and is never restarted twice).
 *
 * <p>Rules, in order: wait while any pod is being recreated or has not rejoined; restart outdated
 * pods that are not ready first (they serve nothing) unless they are recovering logs or Kafka still
 * counts them in sync where that matters; wait while only restarted brokers are catching up; postpone
 * while any other partition is under-replicated; then restart ready outdated brokers one at a time, the
 * controller last, and only one whose restart keeps every partition it is in sync for at or above
 * {@code min.insync.replicas}.
 */
public final class RollingRestartPlan {
    /**
     * A broker pod as observed: {@code hash} is its config-hash annotation (null when the pod does not exist);
     * {@code startFailure} is the one line its agent left when it last exited with an error (the container's
     * termination message), or null.
     */
    public record BrokerPod(int id, String name, boolean exists, boolean ready, String hash, String startFailure) {
        public BrokerPod(int id, String name, boolean exists, boolean ready, String hash) {
            this(id, name, exists, ready, hash, null);
        }

        /** "broker 1 (c-broker-1)", with the reason it fails to start when it left one. */
        String describe(String state) {
            String broker = "broker " + id + " (" + name + ")";
            if (startFailure != null && !ready) {
                return broker + " fails to start: " + startFailure + "; no further broker restarts until it starts";
            }
            return broker + " " + state;
        }
    }

    /**
     * One partition: replicas (the first is its preferred leader) and in-sync replicas by broker id, the effective
     * min.insync.replicas of its topic, and its leader (-1 when there is none or it is not known).
     */
    public record PartitionState(String topic, int partition, List<Integer> replicas, List<Integer> isr, int minIsr, int leader) {
        /** Leader not known. */
        public PartitionState(String topic, int partition, List<Integer> replicas, List<Integer> isr, int minIsr) {
            this(topic, partition, replicas, isr, minIsr, -1);
        }

        public boolean underReplicated() {
            return isr.size() < replicas.size();
        }

        @Override
        public String toString() {
            return topic + "-" + partition;
        }
    }

    /**
     * @param maxParallel    at most this many brokers restart at once (1: one at a time)
     * @param racks          each broker's rack (from Kafka), empty without rack awareness
     * @param restoreLeaders give a restarted broker back the leadership it prefers once it is in sync, before the next
     *                       restart (false when the user switched Kafka's own leader rebalancing off)
     */
    public record Input(String desiredHash, List<BrokerPod> pods, int controllerId, List<PartitionState> partitions,
                        Set<Integer> recovering, int maxParallel, Map<Integer, String> racks, boolean restoreLeaders) {
        public Input {
            racks = racks == null ? Map.of() : Map.copyOf(racks);
        }

        /** One broker at a time, leadership restored. */
        public Input(String desiredHash, List<BrokerPod> pods, int controllerId, List<PartitionState> partitions, Set<Integer> recovering) {
            this(desiredHash, pods, controllerId, partitions, recovering, 1, Map.of(), true);
        }

        /** The same, with leadership left as it is (after it was given back, or Kafka refused). */
        public Input withoutLeaderRestore() {
            return new Input(desiredHash, pods, controllerId, partitions, recovering, maxParallel, racks, false);
        }
    }

    /** {@code ELECT}: move leadership back to restarted brokers ({@link Decision#blocking()} names the partitions). */
    public enum Kind { DONE, RESTART, WAIT, POSTPONE, ELECT }

    /**
     * What to do now: restart {@code pod} (and {@code alongside}, restarted at the same time), wait (a restart is in
     * progress), postpone (availability), or nothing.
     */
    public record Decision(Kind kind, String pod, String reason, List<String> blocking, List<String> alongside) {
        public Decision {
            alongside = alongside == null ? List.of() : List.copyOf(alongside);
        }

        public Decision(Kind kind, String pod, String reason, List<String> blocking) {
            this(kind, pod, reason, blocking, List.of());
        }

        /** Every pod this decision restarts. */
        public List<String> pods() {
            List<String> all = new ArrayList<>();
            if (pod != null) {
                all.add(pod);
            }
            all.addAll(alongside);
            return all;
        }

        static Decision done() {
            return new Decision(Kind.DONE, null, "every broker runs the current configuration", List.of());
        }

        static Decision restart(String pod, String reason) {
            return new Decision(Kind.RESTART, pod, reason, List.of());
        }

        /** A restart decided outside the roll plans (e.g. moving ZooKeeper's leadership during a resize). */
        public static Decision restartFor(String pod, String reason) {
            return restart(pod, reason);
        }

        public static Decision waitFor(String reason) {
            return new Decision(Kind.WAIT, null, reason, List.of());
        }

        static Decision postpone(String reason, List<String> blocking) {
            return new Decision(Kind.POSTPONE, null, reason, blocking);
        }

        static Decision elect(String reason, List<PartitionState> partitions) {
            return new Decision(Kind.ELECT, null, reason, partitions.stream().map(Object::toString).toList());
        }
    }

    private RollingRestartPlan() {
    }

    public static int outdated(String desiredHash, List<BrokerPod> pods) {
        return (int) pods.stream().filter(p -> p.exists() && !desiredHash.equals(p.hash())).count();
    }

    public static Decision next(Input in) {
        List<BrokerPod> outdated = in.pods().stream().filter(p -> p.exists() && !in.desiredHash().equals(p.hash()))
                .sorted(Comparator.comparingInt(BrokerPod::id)).toList();
        if (outdated.isEmpty()) {
            return Decision.done();
        }
        for (BrokerPod p : in.pods()) {
            if (!p.exists()) {
                return Decision.waitFor("pod " + p.name() + " is being recreated");
            }
        }
        Decision unreadyBlocked = null;
        for (BrokerPod p : outdated) {
            if (!p.ready()) {
                if (in.recovering().contains(p.id())) {
                    return Decision.waitFor("broker " + p.id() + " (" + p.name() + ") is recovering its logs; restarting it would start over");
                }
                // "Not ready" is the pod's probe: a broker on a busy node can miss it and still be in sync
                // for partitions. Kafka's view decides whether restarting it costs availability.
                List<String> blocking = in.partitions() == null ? List.of() : blocking(p.id(), in.partitions());
                if (blocking.isEmpty()) {
                    return Decision.restart(p.name(), "not ready, so restarting it costs no availability");
                }
                if (unreadyBlocked == null) {
                    unreadyBlocked = Decision.postpone("broker " + p.id() + " (" + p.name() + ") is not ready but still in sync for "
                            + "partitions that restarting it would take below min.insync.replicas", blocking);
                }
            }
        }
        if (unreadyBlocked != null) {
            return unreadyBlocked;
        }
        for (BrokerPod p : in.pods()) {
            if (!p.ready()) {
                List<String> underReplicated = in.partitions() == null ? List.of()
                        : in.partitions().stream().filter(PartitionState::underReplicated).map(Object::toString).toList();
                if (!underReplicated.isEmpty() && in.desiredHash().equals(p.hash()) && onlyRestartedOutOfSync(in)) {
                    // Restarted in this roll and starting: its partitions are under-replicated until it is back.
                    return new Decision(Kind.WAIT, null, p.describe("restarted and has not rejoined yet; under-replicated until it is back"),
                            underReplicated);
                }
                if (!underReplicated.isEmpty()) {
                    return Decision.postpone(p.describe("is not ready") + "; partitions are under-replicated", underReplicated);
                }
                // A broker restarted with the new configuration that never comes back stops the roll here.
                return Decision.waitFor(p.describe("has not rejoined yet"));
            }
        }
        if (in.partitions() == null) {
            return Decision.waitFor("partition state could not be read from the brokers");
        }
        List<PartitionState> lagging = in.partitions().stream().filter(PartitionState::underReplicated).toList();
        if (!lagging.isEmpty()) {
            List<String> names = lagging.stream().map(Object::toString).toList();
            if (onlyRestartedOutOfSync(in)) {
                // Only brokers restarted in this roll are out of sync, and they are up: the normal end of a restart.
                return new Decision(Kind.WAIT, null, "restarted brokers are catching up", names);
            }
            return Decision.postpone("partitions are under-replicated; restarting a broker now could take them offline", names);
        }
        List<PartitionState> leaders = leadersToRestore(in);
        if (!leaders.isEmpty()) {
            return Decision.elect(restoring(leaders, "the next restart"), leaders);
        }
        List<BrokerPod> order = new ArrayList<>(outdated);
        order.sort(Comparator.comparing((BrokerPod p) -> p.id() == in.controllerId()).thenComparingInt(BrokerPod::id));
        List<String> firstBlocking = null;
        for (BrokerPod candidate : order) {
            if (in.recovering().contains(candidate.id())) {
                continue;
            }
            List<String> blocking = blocking(candidate.id(), in.partitions());
            if (blocking.isEmpty()) {
                if (candidate.id() == in.controllerId()) {
                    return Decision.restart(candidate.name(), "outdated configuration (the controller, restarted last)");
                }
                List<BrokerPod> group = group(candidate, order, in);
                if (group.size() == 1) {
                    return Decision.restart(candidate.name(), "outdated configuration");
                }
                String why = "outdated configuration; restarted together with " + group.subList(1, group.size()).stream()
                        .map(BrokerPod::name).collect(java.util.stream.Collectors.joining(", "))
                        + (in.racks().isEmpty() ? " (they share no partition)" : " (rack " + in.racks().get(candidate.id()) + ")")
                        + ", no partition goes below min.insync.replicas";
                return new Decision(Kind.RESTART, candidate.name(), why, List.of(),
                        group.subList(1, group.size()).stream().map(BrokerPod::name).toList());
            }
            if (firstBlocking == null) {
                firstBlocking = blocking;
            }
        }
        if (firstBlocking == null) {
            return Decision.waitFor("every outdated broker is recovering its logs");
        }
        return Decision.postpone("restarting any outdated broker would take partitions below min.insync.replicas", firstBlocking);
    }

    /**
     * The brokers restarted with {@code first}: up to {@link Input#maxParallel()}, never the controller, none recovering.
     * With racks, brokers of the first one's rack (a rack at a time); without, brokers that share no partition with
     * the group (each partition loses at most one replica). Either way no partition goes below its min.insync.replicas
     * with the whole group down, counted over the group, not per broker.
     */
    private static List<BrokerPod> group(BrokerPod first, List<BrokerPod> order, Input in) {
        List<BrokerPod> group = new ArrayList<>(List.of(first));
        boolean byRack = !in.racks().isEmpty() && in.racks().get(first.id()) != null;
        for (BrokerPod other : order) {
            if (group.size() >= in.maxParallel()) {
                break;
            }
            if (other == first || other.id() == in.controllerId() || in.recovering().contains(other.id())) {
                continue;
            }
            if (byRack && !in.racks().get(first.id()).equals(in.racks().get(other.id()))) {
                continue;
            }
            Set<Integer> ids = new java.util.TreeSet<>();
            group.forEach(b -> ids.add(b.id()));
            if (!byRack && in.partitions().stream().anyMatch(p -> p.replicas().contains(other.id())
                    && p.replicas().stream().anyMatch(ids::contains))) {
                continue;
            }
            ids.add(other.id());
            if (blockingTogether(ids, in.partitions()).isEmpty()) {
                group.add(other);
            }
        }
        return group;
    }

    /** Partitions that restarting all of {@code brokers} at once would take below min.insync.replicas. */
    static List<String> blockingTogether(Set<Integer> brokers, List<PartitionState> partitions) {
        List<String> result = new ArrayList<>();
        for (PartitionState p : partitions) {
            long down = p.isr().stream().filter(brokers::contains).count();
            if (down > 0 && p.replicas().size() > p.minIsr() && p.isr().size() - down < p.minIsr()) {
                result.add(p.toString());
            }
        }
        return result;
    }

    /**
     * Partitions whose preferred leader (first replica) is a broker restarted in this roll (current hash, ready) and in
     * sync, but another broker leads: its controlled shutdown moved the leadership away. Giving it back before the next
     * restart keeps each leader move where the roll puts it (Kafka's own rebalance would move it at a time of its
     * choosing, also in the middle of the next broker's restart), and the load spread as the topics were laid out.
     */
    public static List<PartitionState> leadersToRestore(Input in) {
        if (!in.restoreLeaders() || in.partitions() == null) {
            return List.of();
        }
        Set<Integer> restarted = new java.util.TreeSet<>();
        in.pods().stream().filter(p -> p.ready() && in.desiredHash().equals(p.hash())).forEach(p -> restarted.add(p.id()));
        return in.partitions().stream().filter(p -> p.leader() >= 0 && !p.replicas().isEmpty()).filter(p -> {
            int preferred = p.replicas().get(0);
            return preferred != p.leader() && restarted.contains(preferred) && p.isr().contains(preferred);
        }).toList();
    }

    /** "moving leadership back to broker(s) [0, 2], restarted and in sync, before {@code then}". */
    static String restoring(List<PartitionState> partitions, String then) {
        Set<Integer> to = new java.util.TreeSet<>();
        partitions.forEach(p -> to.add(p.replicas().get(0)));
        return "moving leadership back to broker(s) " + to + ", restarted and in sync, before " + then;
    }

    /** Every replica out of sync is on a broker already restarted in this roll (it is starting or catching up). */
    private static boolean onlyRestartedOutOfSync(Input in) {
        if (in.partitions() == null) {
            return false;
        }
        Set<Integer> restarted = new java.util.TreeSet<>();
        in.pods().stream().filter(p -> in.desiredHash().equals(p.hash())).forEach(p -> restarted.add(p.id()));
        return in.partitions().stream().filter(PartitionState::underReplicated)
                .allMatch(p -> p.replicas().stream().filter(r -> !p.isr().contains(r)).allMatch(restarted::contains));
    }

    /**
     * Partitions that a restart of {@code broker} would take below min.insync.replicas. A partition
     * with no more replicas than min.insync.replicas can never survive losing one, so it does not
     * block (otherwise a roll could never finish); such partitions are unavailable during any restart.
     */
    static List<String> blocking(int broker, List<PartitionState> partitions) {
        List<String> result = new ArrayList<>();
        for (PartitionState p : partitions) {
            if (p.isr().contains(broker) && p.replicas().size() > p.minIsr() && p.isr().size() - 1 < p.minIsr()) {
                result.add(p.toString());
            }
        }
        return result;
    }
}
