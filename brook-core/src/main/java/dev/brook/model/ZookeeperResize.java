package dev.brook.model;

/**
 * One step of changing the ZooKeeper ensemble's size, computed from what runs. ZooKeeper's servers
 * read the server list at start, so Brook changes it one server at a time with a rolling config update
 * ({@link ZookeeperRollPlan} restarts followers first, the leader last), keeping a quorum at every step:
 * <ul>
 *   <li>growing N -> N+1: the new server starts with the N+1 list (it joins the running leader), then the
 *       old servers restart with the N+1 list one at a time; the restarted leader's successor is elected by
 *       servers that all know N+1 members;</li>
 *   <li>shrinking N -> N-1: the remaining servers restart with the N-1 list one at a time while the last
 *       server still runs (so the old leader's majority of N stays reachable), then the last server is
 *       removed.</li>
 * </ul>
 * The step's state lives in the cluster: the StatefulSet's replicas ({@code liveReplicas}) and the server
 * list its pods are given ({@code liveServers}, from the inputs ConfigMap). A step starts only once the
 * previous one has settled: every server of the list exists, is ready and runs the current template.
 * Growing from or shrinking to a single server cannot keep a quorum (a single server runs standalone):
 * expect a pause of ZooKeeper there.
 *
 * @param replicas the StatefulSet's replicas to apply (pods)
 * @param servers  the server list size to give the pods (the ensemble's size in their config)
 * @param step     what is happening, for logs and the condition; null when the ensemble has the desired size
 * @param moveLeaderFrom ordinal of a server to restart so that another one leads, or -1: a server about to be
 *                 removed must not lead, because servers given the shorter list ignore a leader that is not on it
 */
public record ZookeeperResize(int replicas, int servers, String step, int moveLeaderFrom) {
    public ZookeeperResize(int replicas, int servers, String step) {
        this(replicas, servers, step, -1);
    }

    public static ZookeeperResize steady(int size) {
        return new ZookeeperResize(size, size, null);
    }

    /**
     * @param desired     spec.zookeeper.replicas
     * @param liveReplicas the StatefulSet's replicas, or null when it does not exist yet
     * @param liveServers  the server list the pods are given now (the live inputs); may equal liveReplicas
     * @param settled      every server of the live list exists, is ready and runs the live template
     */
    public static ZookeeperResize next(int desired, Integer liveReplicas, int liveServers, boolean settled) {
        return next(desired, liveReplicas, liveServers, settled, false, -1);
    }

    /**
     * @param resizing a resize was in progress before (the status says so): the last step is reported until it settled
     * @param leader   ordinal of the leading server when known (only the last server is asked), else -1
     */
    public static ZookeeperResize next(int desired, Integer liveReplicas, int liveServers, boolean settled, boolean resizing, int leader) {
        if (liveReplicas == null) {
            return steady(desired);
        }
        int live = liveReplicas;
        if (liveServers < live && leader == live - 1) {
            // Mid-shrink, the server being removed leads (an election chose it): the servers already given the
            // shorter list can never follow it. Restart it; it comes back with the shorter list and stays out.
            return new ZookeeperResize(live, liveServers, "resizing to " + desired + " servers: server " + live
                    + " leads but is being removed; restarting it so a remaining server leads", live - 1);
        }
        if (live == desired && liveServers == desired && resizing && !settled) {
            return new ZookeeperResize(desired, desired, "resizing to " + desired + " servers: last step, restarting the servers with a list of "
                    + desired + ", the leader last");
        }
        if (liveServers < live) {
            // Shrinking, second half: the remaining servers got the shorter list; remove the last one once they run it.
            int removed = live - 1;
            if (settled) {
                return new ZookeeperResize(liveServers, liveServers, liveServers == desired ? null
                        : "resizing to " + desired + " servers: removed server " + (removed + 1) + ", " + liveServers + " remain");
            }
            return new ZookeeperResize(live, liveServers, "resizing to " + desired + " servers: restarting servers 1.." + liveServers
                    + " with a list of " + liveServers + " before removing server " + (removed + 1));
        }
        if (live == desired) {
            return steady(desired);
        }
        if (!settled) {
            return new ZookeeperResize(live, live, (desired > live ? "growing" : "shrinking") + " to " + desired + " servers: waiting for the "
                    + live + " running servers to be ready and up to date before the next step");
        }
        if (desired > live) {
            return new ZookeeperResize(live + 1, live + 1, "growing to " + desired + " servers: adding server " + (live + 1)
                    + ", then restarting the others with a list of " + (live + 1) + ", the leader last");
        }
        if (leader == live - 1) {
            return new ZookeeperResize(live, live, "shrinking to " + desired + " servers: moving the leadership off server " + live
                    + " before removing it (restarting it with the current list)", live - 1);
        }
        return new ZookeeperResize(live, live - 1, "shrinking to " + desired + " servers: restarting servers 1.." + (live - 1)
                + " with a list of " + (live - 1) + ", the leader last, then removing server " + live);
    }
}
