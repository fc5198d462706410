package dev.brook.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One measured load against a running 3-broker cluster: topics with RF=3, min.insync.replicas=2, 3 partitions; a warm-up
 * of a third of the records; then ProducerPerformance ({@code acks=all}, 1 KiB, unthrottled) and ConsumerPerformance of
 * the same records, each its own JVM; CPU seconds of brokers, ZooKeepers and clients. The clients' connection settings
 * (TLS or not) come as properties, written to a file the perf tools read.
 */
final class ProduceConsumeLoad {
    private static final Pattern PRODUCER = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec \\(([\\d.]+) MB/sec\\), "
            + "([\\d.]+) ms avg latency, ([\\d.]+) ms max latency, (\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th, (\\d+) ms 99.9th");

    record Result(double producerRecordsPerSec, double producerMBps, String producerLatency, double consumerRecordsPerSec,
                  double consumerMBps, double brokerCpuProduce, double clientCpuProduce, double brokerCpuConsume,
                  double clientCpuConsume, double zookeeperCpu, double produceSeconds, double consumerFetchMBps,
                  double consumerGroupJoinMs) {
    }

    private final int records;
    private final Path work;

    ProduceConsumeLoad(int records, Path work) {
        this.records = records;
        this.work = work;
    }

    /**
     * @param client     connection settings of every client (empty for plaintext)
     * @param brokerPid  pid of broker 0, 1, 2
     */
    Result run(String label, String bootstrap, Properties client, IntFunction<Long> brokerPid, List<Long> zkPids) throws Exception {
        try (Admin admin = admin(bootstrap, client)) {
            for (String topic : List.of("warmup", "bench")) {
                admin.createTopics(List.of(new NewTopic(topic, 3, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
                        .all().get(30, TimeUnit.SECONDS);
            }
            awaitFullIsr(admin, "bench");
        }
        Path clientConfig = work.resolve(label + "-client.properties");
        try (Writer out = Files.newBufferedWriter(clientConfig)) {
            client.store(out, "clients of the " + label + " run");
        }
        PerfRun.run("org.apache.kafka.tools.ProducerPerformance", producerArgs("warmup", records / 3, bootstrap, clientConfig),
                work.resolve(label + "-warmup.log"));
        double zk0 = cpu(zkPids);
        double b0 = brokerCpu(brokerPid);
        long t0 = System.nanoTime();
        PerfRun producer = PerfRun.run("org.apache.kafka.tools.ProducerPerformance", producerArgs("bench", records, bootstrap, clientConfig),
                work.resolve(label + "-producer.log"));
        double produceSeconds = (System.nanoTime() - t0) / 1e9;
        double b1 = brokerCpu(brokerPid);
        PerfRun consumer = PerfRun.run("org.apache.kafka.tools.ConsumerPerformance", List.of("--bootstrap-server", bootstrap,
                "--topic", "bench", "--messages", Integer.toString(records), "--timeout", "60000", "--group", "bench-" + label,
                "--consumer.config", clientConfig.toString()), work.resolve(label + "-consumer.log"));
        double b2 = brokerCpu(brokerPid);
        double zk1 = cpu(zkPids);
        Matcher p = PRODUCER.matcher(producer.lastLine());
        if (!p.find()) {
            throw new IllegalStateException("cannot parse producer result: " + producer.lastLine());
        }
        String[] c = consumer.lastLine().split(",\\s*"); // start, end, MB, MB/s, nMsg, nMsg/s, rebalance ms, fetch ms, fetch MB/s, ...
        System.out.println(label + " producer: " + producer.lastLine());
        System.out.println(label + " consumer: " + consumer.lastLine());
        return new Result(Double.parseDouble(p.group(2)), Double.parseDouble(p.group(3)),
                p.group(4) + " / " + p.group(6) + " / " + p.group(7) + " / " + p.group(8) + " / " + p.group(5),
                Double.parseDouble(c[5]), Double.parseDouble(c[3]), b1 - b0, producer.clientCpuSeconds(), b2 - b1,
                consumer.clientCpuSeconds(), zk1 - zk0, produceSeconds, Double.parseDouble(c[8]), Double.parseDouble(c[6]));
    }

    private static List<String> producerArgs(String topic, int count, String bootstrap, Path clientConfig) {
        List<String> args = new ArrayList<>(List.of("--topic", topic, "--num-records", Integer.toString(count), "--record-size", "1024",
                "--throughput", "-1", "--producer-props", "bootstrap.servers=" + bootstrap, "acks=all"));
        args.addAll(List.of("--producer.config", clientConfig.toString()));
        return args;
    }

    static void awaitFullIsr(Admin admin, String topic) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            boolean full = admin.describeTopics(List.of(topic)).allTopicNames().get(5, TimeUnit.SECONDS).get(topic)
                    .partitions().stream().allMatch(p -> p.isr().size() == 3);
            if (full) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(topic + " not fully in sync after 60 s");
    }

    static Admin admin(String bootstrap, Properties client) {
        Properties props = new Properties();
        props.putAll(client);
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        props.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 50);
        return Admin.create(props);
    }

    static double brokerCpu(IntFunction<Long> pid) {
        return ProcessCpu.seconds(pid.apply(0)) + ProcessCpu.seconds(pid.apply(1)) + ProcessCpu.seconds(pid.apply(2));
    }

    static double cpu(List<Long> pids) {
        return pids.stream().mapToDouble(ProcessCpu::seconds).sum();
    }
}
