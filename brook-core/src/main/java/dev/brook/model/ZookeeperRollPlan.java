package dev.brook.model;

import java.util.Comparator;
import java.util.List;

/**
 * Which ZooKeeper server to restart next when pods run an outdated configuration: one at a time,
 * only while every server is ready (so the ensemble keeps its quorum through the restart), followers
 * first and the leader last (one leader election per roll).
 */
public final class ZookeeperRollPlan {
    /**
     * A ZooKeeper pod as observed; {@code leader} from the agent's status (peer state LEADING); {@code staleCertificate}
     * when it serves an older certificate than its key store file holds (ZooKeeper 3.8 reads it only at start).
     */
    public record ZookeeperPod(int ordinal, String name, boolean exists, boolean ready, boolean leader, String hash,
                               boolean staleCertificate) {
        public ZookeeperPod(int ordinal, String name, boolean exists, boolean ready, boolean leader, String hash) {
            this(ordinal, name, exists, ready, leader, hash, false);
        }

        /** Whether it must be restarted: another configuration than {@code desiredHash}, or a certificate it does not serve yet. */
        public boolean outdated(String desiredHash) {
            return exists && (!desiredHash.equals(hash) || staleCertificate);
        }

        String why(String desiredHash) {
            return desiredHash.equals(hash) ? "serves an older certificate than its Secret holds (ZooKeeper reads it only at start)"
                    : "outdated configuration";
        }
    }

    private ZookeeperRollPlan() {
    }

    public static RollingRestartPlan.Decision next(String desiredHash, List<ZookeeperPod> pods) {
        List<ZookeeperPod> outdated = pods.stream().filter(p -> p.outdated(desiredHash))
                .sorted(Comparator.comparing(ZookeeperPod::leader).thenComparingInt(ZookeeperPod::ordinal)).toList();
        if (outdated.isEmpty()) {
            return RollingRestartPlan.Decision.done();
        }
        for (ZookeeperPod p : pods) {
            if (!p.exists() || !p.ready()) {
                // An outdated server that is down anyway may go at once only if the others still hold a quorum.
                long readyOthers = pods.stream().filter(o -> o != p && o.exists() && o.ready()).count();
                if (p.outdated(desiredHash) && readyOthers > pods.size() / 2) {
                    return RollingRestartPlan.Decision.restart(p.name(), "not ready, so restarting it costs the quorum nothing");
                }
                return RollingRestartPlan.Decision.waitFor("ZooKeeper " + p.name() + " is not ready; one server at a time keeps the quorum");
            }
        }
        ZookeeperPod next = outdated.get(0);
        return RollingRestartPlan.Decision.restart(next.name(), next.why(desiredHash) + (next.leader()
                ? " (the leader, restarted last)" : " (a follower)"));
    }
}
