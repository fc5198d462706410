package dev.brook.local;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A real 3 ZooKeeper + 3 broker cluster forms and delivers 10,000 records exactly, in order per partition. */
class ClusterDeliveryTest {
    private static final int RECORDS = 10_000;
    private static LocalKafkaCluster cluster;
    private static ClusterProbe probe;

    @BeforeAll
    static void startCluster() {
        long begin = System.nanoTime();
        cluster = LocalKafkaCluster.builder("delivery").namespace("brook-test").addressBlock(1)
                .workDir(Path.of("target", "local-clusters", "delivery"))
                .jvmOptions(LocalKafkaCluster.FAST_START_JVM_OPTIONS).start();
        System.out.printf("3 ZooKeeper + 3 broker cluster ready in %d ms%n", (System.nanoTime() - begin) / 1_000_000);
        probe = new ClusterProbe(cluster.bootstrapServers());
    }

    @AfterAll
    static void stopCluster() {
        if (probe != null) {
            probe.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void ensembleFormsWithOneLeaderAndThreeBrokersRegister() throws Exception {
        int leaders = 0;
        for (int i = 0; i < 3; i++) {
            String status = cluster.runtime().status(cluster.zookeeperPod(i)).orElseThrow();
            assertThat(status).containsAnyOf("\"peerState\":\"leading\"", "\"peerState\":\"following\"");
            leaders += status.contains("\"peerState\":\"leading\"") ? 1 : 0;
        }
        assertThat(leaders).isEqualTo(1);
        assertThat(probe.registeredBrokers()).isEqualTo(3);
        for (int i = 0; i < 3; i++) {
            assertThat(cluster.runtime().status(cluster.brokerPod(i)).orElseThrow())
                    .contains("\"brokerState\":\"RUNNING\"", "\"registeredInZookeeper\":true", "\"remainingLogsToRecover\":0");
        }
    }

    @Test
    void healthAndPrometheusEndpointsServeZookeeperAndKafkaInternals() throws Exception {
        assertThat(httpGet(cluster.zookeeperAddress(0), 9191, "/healthz")).isEqualTo("live");
        assertThat(httpGet(cluster.zookeeperAddress(0), 9191, "/readyz")).isEqualTo("ready");
        assertThat(httpGet(cluster.zookeeperAddress(0), 9404, "/metrics"))
                .contains("zookeeper_").contains("jvm_memory_bytes_used");
        assertThat(httpGet(cluster.brokerAddress(0), 9404, "/metrics"))
                .contains("kafka_server_replicamanager_underreplicatedpartitions")
                .contains("kafka_controller_kafkacontroller_offlinepartitionscount")
                .contains("kafka_server_brokertopicmetrics_bytesinpersec_total")
                .contains("kafka_network_request_totaltimems")
                .contains("jvm_threads_current");
    }

    @Test
    void everyPodKeepsDnsAnswersBrieflySoARestartedPeerIsFoundAtItsNewAddress() throws Exception {
        String expected = "DNS answers cached " + dev.brook.contract.DnsCaching.POSITIVE_SECONDS + " s, failures "
                + dev.brook.contract.DnsCaching.NEGATIVE_SECONDS + " s";
        for (String pod : java.util.List.of(cluster.zookeeperPod(0), cluster.brokerPod(0))) {
            assertThat(java.nio.file.Files.readString(cluster.runtime().pod(pod).orElseThrow().logFile())).as(pod).contains(expected);
        }
    }

    private static String httpGet(String host, int port, String path) throws Exception {
        java.net.HttpURLConnection c = (java.net.HttpURLConnection) java.net.URI.create("http://" + host + ":" + port + path)
                .toURL().openConnection();
        c.setConnectTimeout(2000);
        c.setReadTimeout(5000);
        try (java.io.InputStream in = c.getInputStream()) {
            assertThat(c.getResponseCode()).isEqualTo(200);
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
        } finally {
            c.disconnect();
        }
    }

    @Test
    void tenThousandIdempotentRecordsAreConsumedInOrderPerPartitionByAGroupOfTwo() throws Exception {
        String topic = "delivery";
        probe.createTopic(topic, 3, 3, 2);

        // Both group members join before anything is produced, so both consume.
        Map<Integer, List<ConsumerRecord<String, String>>> byPartition = new ConcurrentHashMap<>();
        AtomicInteger consumed = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        List<GroupMember> members = List.of(new GroupMember("m1", topic, byPartition, consumed, stop),
                new GroupMember("m2", topic, byPartition, consumed, stop));
        members.forEach(Thread::start);
        try {
            await().atMost(Duration.ofSeconds(45)).until(() -> members.stream().allMatch(m -> m.assignedPartitions.get() > 0)
                    && members.stream().mapToInt(m -> m.assignedPartitions.get()).sum() == 3);

            Map<Integer, List<Long>> producedOffsets = new TreeMap<>();
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(idempotentProducer())) {
                List<Future<RecordMetadata>> sends = new ArrayList<>(RECORDS);
                for (int i = 0; i < RECORDS; i++) {
                    sends.add(producer.send(new ProducerRecord<>(topic, "key-" + (i % 97), Integer.toString(i))));
                }
                producer.flush();
                for (Future<RecordMetadata> send : sends) {
                    RecordMetadata md = send.get(60, TimeUnit.SECONDS);
                    producedOffsets.computeIfAbsent(md.partition(), p -> new ArrayList<>()).add(md.offset());
                }
            }
            assertThat(producedOffsets.values().stream().mapToInt(List::size).sum()).isEqualTo(RECORDS);

            await().atMost(Duration.ofSeconds(60)).until(() -> distinctOffsets(byPartition) >= RECORDS);
            stop.set(true);
            for (GroupMember m : members) {
                m.join(10_000);
            }

            assertThat(members).allSatisfy(m -> assertThat(m.records.get()).as("records consumed by " + m.getName()).isPositive());
            for (Map.Entry<Integer, List<ConsumerRecord<String, String>>> e : byPartition.entrySet()) {
                // A rebalance may redeliver; the distinct offsets must be exactly what the producer was acknowledged,
                // and values (the send order) must rise with offsets: order per partition is kept.
                TreeMap<Long, String> byOffset = new TreeMap<>();
                e.getValue().forEach(r -> byOffset.putIfAbsent(r.offset(), r.value()));
                assertThat(new ArrayList<>(byOffset.keySet())).isEqualTo(producedOffsets.get(e.getKey()));
                List<Integer> values = byOffset.values().stream().map(Integer::parseInt).toList();
                assertThat(values).isSorted();
            }
            assertThat(distinctOffsets(byPartition)).isEqualTo(RECORDS);
        } finally {
            stop.set(true);
        }
    }

    private static int distinctOffsets(Map<Integer, List<ConsumerRecord<String, String>>> byPartition) {
        return byPartition.values().stream()
                .mapToInt(list -> (int) list.stream().mapToLong(ConsumerRecord::offset).distinct().count()).sum();
    }

    private static Properties idempotentProducer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        return props;
    }

    /** One consumer of the group, polling on its own thread (KafkaConsumer is single-threaded). */
    private static final class GroupMember extends Thread {
        final AtomicInteger assignedPartitions = new AtomicInteger();
        final AtomicInteger records = new AtomicInteger();
        private final String topic;
        private final Map<Integer, List<ConsumerRecord<String, String>>> byPartition;
        private final AtomicInteger consumed;
        private final AtomicBoolean stop;

        GroupMember(String name, String topic, Map<Integer, List<ConsumerRecord<String, String>>> byPartition,
                    AtomicInteger consumed, AtomicBoolean stop) {
            super("consumer-" + name);
            this.topic = topic;
            this.byPartition = byPartition;
            this.consumed = consumed;
            this.stop = stop;
        }

        @Override
        public void run() {
            Properties props = new Properties();
            props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
            props.put(ConsumerConfig.GROUP_ID_CONFIG, "delivery-group");
            props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
                consumer.subscribe(List.of(topic));
                while (!stop.get()) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                        byPartition.computeIfAbsent(r.partition(), p -> java.util.Collections.synchronizedList(new ArrayList<>())).add(r);
                        records.incrementAndGet();
                        consumed.incrementAndGet();
                    }
                    assignedPartitions.set(consumer.assignment().size());
                }
            }
        }
    }
}
