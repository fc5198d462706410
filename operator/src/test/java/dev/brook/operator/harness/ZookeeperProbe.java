package dev.brook.operator.harness;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
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

/**
 * Watches a ZooKeeper ensemble from outside while the operator changes it: a client writes a sequential
 * znode every 100 ms (what was acknowledged must be there afterwards; the longest time without a
 * successful write says whether the ensemble kept its quorum), and the servers' {@code srvr} answers
 * are polled every 250 ms to record every change of leader.
 */
final class ZookeeperProbe implements AutoCloseable {
    private static final String ROOT = "/harness-probe";

    private final ZooKeeper zk;
    private final IntFunction<String> serverAddress;
    private final int servers;
    private final List<String> acknowledged = new CopyOnWriteArrayList<>();
    private final List<Integer> leaders = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;
    private volatile long longestGapMs;
    private volatile int failures;
    private final Thread writer;
    private final Thread leaderPoller;

    /**
     * @param connect       client connect string (no chroot)
     * @param serverAddress loopback address of server ordinal n
     * @param servers       how many ordinals to poll for the leader (the largest size the ensemble will have)
     */
    ZookeeperProbe(String connect, IntFunction<String> serverAddress, int servers) throws Exception {
        this.serverAddress = serverAddress;
        this.servers = servers;
        this.zk = new ZooKeeper(connect, 20_000, event -> { });
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
                if ("leader".equals(mode(serverAddress.apply(i)))) {
                    if (leaders.isEmpty() || leaders.get(leaders.size() - 1) != i) {
                        leaders.add(i);
                    }
                }
            }
            sleep(250);
        }
    }

    /** {@code leader}, {@code follower}, {@code standalone}, or null when the server does not answer. */
    static String mode(String address) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, 2181), 500);
            s.setSoTimeout(1000);
            s.getOutputStream().write("srvr".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            in.transferTo(out);
            for (String line : out.toString(StandardCharsets.US_ASCII).split("\n")) {
                if (line.startsWith("Mode: ")) {
                    return line.substring("Mode: ".length()).trim();
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
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
        ZooKeeper reader = new ZooKeeper(connect, 20_000, event -> { });
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
