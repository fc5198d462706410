package dev.brook.operator.harness;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.ZKClientConfig;

/**
 * Watches a ZooKeeper ensemble from outside while the operator changes it: a client writes a sequential
 * znode every 100 ms (what was acknowledged must be there afterwards; the longest time without a
 * successful write says whether the ensemble kept its quorum), and the servers' peer states (their agents'
 * {@code /status}: the client port speaks only TLS, so no four-letter words) are polled every 250 ms to record
 * every change of leader. The client speaks mutual TLS when given a TLS client config.
 */
final class ZookeeperProbe implements AutoCloseable {
    private static final String ROOT = "/harness-probe";

    private final ZooKeeper zk;
    private final ZKClientConfig clientConfig;
    private final IntFunction<String> serverStatus;
    private final int servers;
    private final List<String> acknowledged = new CopyOnWriteArrayList<>();
    private final List<Integer> leaders = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;
    private volatile long longestGapMs;
    private volatile int failures;
    private final Thread writer;
    private final Thread leaderPoller;

    /**
     * @param connect      client connect string (no chroot)
     * @param clientConfig the client's settings (mutual TLS)
     * @param serverStatus the agent's {@code /status} of server ordinal n (empty when it does not answer)
     * @param servers      how many ordinals to poll for the leader (the largest size the ensemble will have)
     */
    ZookeeperProbe(String connect, ZKClientConfig clientConfig, IntFunction<String> serverStatus, int servers) throws Exception {
        this.clientConfig = clientConfig;
        this.serverStatus = serverStatus;
        this.servers = servers;
        this.zk = new ZooKeeper(connect, 20_000, event -> { }, clientConfig);
        long deadline = System.currentTimeMillis() + 30_000;
        while (true) {
            try {
                if (zk.exists(ROOT, false) == null) {
                    zk.create(ROOT, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
                }
                break;
            } catch (KeeperException.ConnectionLossException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
        writer = new Thread(this::write, "zookeeper-probe-writer");
        leaderPoller = new Thread(this::pollLeader, "zookeeper-probe-leader");
        writer.start();
        leaderPoller.start();
    }

    private void write() {
        long lastSuccess = System.nanoTime();
        int n = 0;
        while (running) {
            try {
                acknowledged.add(zk.create(ROOT + "/w-", Integer.toString(n++).getBytes(StandardCharsets.UTF_8), ZooDefs.Ids.OPEN_ACL_UNSAFE,
                        CreateMode.PERSISTENT_SEQUENTIAL));
                long now = System.nanoTime();
                longestGapMs = Math.max(longestGapMs, TimeUnit.NANOSECONDS.toMillis(now - lastSuccess));
                lastSuccess = now;
            } catch (KeeperException e) {
                failures++;
            } catch (InterruptedException e) {
                return;
            }
            sleep(100);
        }
    }

    private void pollLeader() {
        while (running) {
            for (int i = 0; i < servers; i++) {
                if (serverStatus.apply(i).contains("\"peerState\":\"leading\"")) {
                    if (leaders.isEmpty() || leaders.get(leaders.size() - 1) != i) {
                        leaders.add(i);
                    }
                }
            }
            sleep(250);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Leader ordinals in the order they led (consecutive duplicates folded). */
    List<Integer> leaders() {
        return new ArrayList<>(leaders);
    }

    long longestGapMs() {
        return longestGapMs;
    }

    int failures() {
        return failures;
    }

    List<String> acknowledged() {
        return new ArrayList<>(acknowledged);
    }

    /** The acknowledged znodes missing now (read with a fresh session). */
    List<String> missing(String connect) throws Exception {
        ZooKeeper reader = new ZooKeeper(connect, 20_000, event -> { }, clientConfig);
        try {
            long deadline = System.currentTimeMillis() + 30_000;
            while (true) {
                try {
                    List<String> children = reader.getChildren(ROOT, false);
                    java.util.Set<String> present = new java.util.HashSet<>();
                    children.forEach(c -> present.add(ROOT + "/" + c));
                    return acknowledged.stream().filter(p -> !present.contains(p)).toList();
                } catch (KeeperException.ConnectionLossException e) {
                    if (System.currentTimeMillis() > deadline) {
                        throw e;
                    }
                    Thread.sleep(200);
                }
            }
        } finally {
            reader.close();
        }
    }

    void stop() throws InterruptedException {
        running = false;
        writer.join(10_000);
        leaderPoller.join(10_000);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        zk.close();
    }
}
