package dev.brook.bench;

import dev.brook.local.BrookImage;
import dev.brook.local.LoopbackAddresses;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * The same Kafka 3.9.2 / ZooKeeper 3.8.4 jars (the image's lib/) started the stock way:
 * {@code QuorumPeerMain zoo.cfg} and {@code kafka.Kafka server.properties} with Kafka's shipped
 * config/zookeeper.properties and config/server.properties, the same heap and GC flags as the Brook
 * launcher. The only changes are what co-hosting needs: a 3-server list, per-node bind addresses (the local
 * platform's {@link LoopbackAddresses}, so a block means the same as for Brook's pods),
 * data dirs, broker ids and zookeeper.connect.
 */
final class StockCluster implements AutoCloseable {
    private static final List<String> GC = List.of("-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20",
            "-XX:InitiatingHeapOccupancyPercent=35", "-XX:+ExplicitGCInvokesConcurrent", "-Djava.awt.headless=true");
    private final List<Process> zookeepers = new ArrayList<>();
    private final List<Process> brokers = new ArrayList<>();
    private final List<Path> brokerConfigs = new ArrayList<>();
    private BrookImage image;
    private Path dir;
    private final LoopbackAddresses addresses;

    StockCluster(int block) {
        this.addresses = LoopbackAddresses.block(block);
    }

    String zookeeperAddress(int i) {
        return addresses.zookeeper(i);
    }

    String brokerAddress(int i) {
        return addresses.broker(i);
    }

    String bootstrapServers() {
        return String.join(",", List.of(brokerAddress(0) + ":9092", brokerAddress(1) + ":9092", brokerAddress(2) + ":9092"));
    }

    List<Process> brokers() {
        return brokers;
    }

    List<Process> zookeepers() {
        return zookeepers;
    }

    void start(BrookImage image, Path dir) throws IOException, InterruptedException {
        this.image = image;
        this.dir = dir;
        for (int i = 0; i < 3; i++) {
            Path data = dir.resolve("zookeeper-" + i);
            Files.createDirectories(data);
            Files.writeString(data.resolve("myid"), (i + 1) + "\n");
            Map<String, String> cfg = new TreeMap<>();
            // Kafka's config/zookeeper.properties ...
            cfg.put("dataDir", data.toString());
            cfg.put("clientPort", "2181");
            cfg.put("maxClientCnxns", "0");
            cfg.put("admin.enableServer", "false");
            // ... plus what a 3-server ensemble on one host needs.
            cfg.put("clientPortAddress", zookeeperAddress(i));
            cfg.put("tickTime", "2000");
            cfg.put("initLimit", "10");
            cfg.put("syncLimit", "5");
            for (int s = 0; s < 3; s++) {
                cfg.put("server." + (s + 1), zookeeperAddress(s) + ":2888:3888");
            }
            Path file = dir.resolve("zookeeper-" + i + ".properties");
            write(file, cfg);
            zookeepers.add(launch(image, "256m", "org.apache.zookeeper.server.quorum.QuorumPeerMain", file, dir.resolve("zookeeper-" + i + ".log")));
        }
        waitForPort(zookeeperAddress(0), 2181);
        Thread.sleep(3000); // no readiness endpoint in the stock way: give the ensemble time to elect
        String connect = zookeeperAddress(0) + ":2181," + zookeeperAddress(1) + ":2181," + zookeeperAddress(2) + ":2181";
        for (int i = 0; i < 3; i++) {
            Map<String, String> props = new TreeMap<>();
            // Kafka 3.9.2 config/server.properties, as shipped ...
            props.put("broker.id", Integer.toString(i));
            props.put("num.network.threads", "3");
            props.put("num.io.threads", "8");
            props.put("socket.send.buffer.bytes", "102400");
            props.put("socket.receive.buffer.bytes", "102400");
            props.put("socket.request.max.bytes", "104857600");
            props.put("log.dirs", dir.resolve("kafka-logs-" + i).toString());
            props.put("num.partitions", "1");
            props.put("num.recovery.threads.per.data.dir", "1");
            props.put("offsets.topic.replication.factor", "1");
            props.put("transaction.state.log.replication.factor", "1");
            props.put("transaction.state.log.min.isr", "1");
            props.put("log.retention.hours", "168");
            props.put("log.retention.check.interval.ms", "300000");
            props.put("zookeeper.connect", connect);
            props.put("zookeeper.connection.timeout.ms", "18000");
            props.put("group.initial.rebalance.delay.ms", "0");
            // ... plus a per-broker address (the shipped file leaves listeners commented out: all interfaces).
            props.put("listeners", "PLAINTEXT://" + brokerAddress(i) + ":9092");
            Path file = dir.resolve("server-" + i + ".properties");
            write(file, props);
            brokerConfigs.add(file);
            brokers.add(launch(image, "512m", "kafka.Kafka", file, dir.resolve("broker-" + i + ".log")));
        }
        for (int i = 0; i < 3; i++) {
            waitForPort(brokerAddress(i), 9092);
        }
    }

    /** SIGTERM, as {@code kafka-server-stop.sh} does, and waits for the exit. */
    void stopBroker(int i) throws InterruptedException {
        brokers.get(i).destroy();
        if (!brokers.get(i).waitFor(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("stock broker " + i + " still running 120 s after SIGTERM");
        }
    }

    /** The same command again on the same log dirs (its output appended to the same log). */
    void startBroker(int i) throws IOException {
        brokers.set(i, launch(image, "512m", "kafka.Kafka", brokerConfigs.get(i), dir.resolve("broker-" + i + ".log")));
    }

    private static Process launch(BrookImage image, String heap, String mainClass, Path config, Path log) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("java", "-Xms" + heap, "-Xmx" + heap));
        cmd.addAll(GC);
        cmd.add("-Dlog4j.configuration=file:" + image.home().resolve("config/log4j.properties"));
        cmd.addAll(List.of("-cp", image.home().resolve("lib") + "/*", mainClass, config.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    private static void write(Path file, Map<String, String> entries) throws IOException {
        StringBuilder text = new StringBuilder();
        entries.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        Files.writeString(file, text.toString());
    }

    private static void waitForPort(String host, int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            try (java.net.Socket s = new java.net.Socket()) {
                s.connect(new java.net.InetSocketAddress(host, port), 500);
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException(host + ":" + port + " not listening after 90 s");
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : brokers) {
            p.destroyForcibly();
        }
        for (Process p : zookeepers) {
            p.destroyForcibly();
        }
        for (Process p : brokers) {
            p.waitFor();
        }
        for (Process p : zookeepers) {
            p.waitFor();
        }
    }
}
