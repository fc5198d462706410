package dev.brook.e2e;

import static org.awaitility.Awaitility.await;

import dev.brook.model.BrookNames;
import dev.brook.testkit.PacedProducer;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.LocalPortForward;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Reaches the brokers from the test machine: one fabric8 port-forward per broker pod, each on its
 * own loopback address (127.0.78.(10+n), Linux routes all of 127/8 to lo), and a hosts file mapping
 * the brokers' in-cluster names (what they advertise) and the bootstrap Service to those addresses.
 * Kafka clients run in a child JVM started with {@code -Djdk.net.hosts.file}, so this JVM keeps normal
 * DNS for the API server. A port-forward reconnects per connection, so it survives a pod restart.
 */
final class KafkaAccess implements AutoCloseable {
    private final RealCluster cluster;
    private final String clusterName;
    private final int port;
    private final List<LocalPortForward> forwards = new ArrayList<>();
    private final Path hostsFile;
    /** The client properties of the user the traffic logs in as (a User's client.properties), or null for none. */
    private final Path clientConfig;
    final String bootstrap;

    KafkaAccess(RealCluster cluster, String clusterName, int replicas, int port) throws IOException {
        this(cluster, clusterName, replicas, port, null);
    }

    /**
     * @param clientConfig client properties the traffic applies (security settings and credentials of a user); its
     *                     bootstrap.servers is replaced by the port-forwarded one
     */
    KafkaAccess(RealCluster cluster, String clusterName, int replicas, int port, Path clientConfig) throws IOException {
        this.cluster = cluster;
        this.clientConfig = clientConfig;
        this.clusterName = clusterName;
        this.port = port;
        StatefulSet brokers = cluster.client.apps().statefulSets().inNamespace(cluster.namespace).withName(BrookNames.broker(clusterName)).get();
        String headless = brokers.getSpec().getServiceName();
        String bootstrapHost = RealCluster.status(cluster.resource("Cluster", clusterName).get()).path("bootstrapServers").asText()
                .split(",")[0].split(":")[0];
        Map<String, String> hosts = new HashMap<>();
        for (int n = 0; n < replicas; n++) {
            String address = "127.0.78." + (10 + n);
            String pod = BrookNames.brokerPod(clusterName, n);
            forwards.add(cluster.client.pods().inNamespace(cluster.namespace).withName(pod)
                    .portForward(port, InetAddress.getByName(address), port));
            for (String suffix : List.of("", "." + cluster.namespace, "." + cluster.namespace + ".svc",
                    "." + cluster.namespace + ".svc.cluster.local")) {
                hosts.put(pod + "." + headless + suffix, address);
            }
        }
        hosts.put(bootstrapHost, "127.0.78.10");
        hosts.put("localhost", "127.0.0.1");
        StringBuilder text = new StringBuilder();
        hosts.forEach((name, address) -> text.append(address).append(' ').append(name).append('\n'));
        hostsFile = Files.createTempFile("brook-e2e-hosts", "");
        Files.writeString(hostsFile, text.toString());
        bootstrap = bootstrapHost + ":" + port;
        RealCluster.log("port-forwards to " + replicas + " brokers of " + clusterName + " on 127.0.78.10-" + (9 + replicas) + ":" + port
                + "; hosts file " + hostsFile);
    }

    /** Starts {@link KafkaTraffic} in a child JVM. */
    Traffic start(String... args) throws IOException {
        return new Traffic(new ProcessBuilder(clientCommand(hostsFile, clientConfig, args)).redirectErrorStream(true).start());
    }

    /**
     * The child JVM's command line: this JVM's classpath (Surefire sets java.class.path to the test classpath), plus
     * the jars of the classes the child runs (KafkaTraffic, the test kit's PacedProducer, kafka-clients) should any be
     * missing from it.
     */
    static List<String> clientCommand(Path hostsFile, String... args) {
        return clientCommand(hostsFile, null, args);
    }

    /** With {@code clientConfig} (null: none) handed to {@link KafkaTraffic} as {@value KafkaTraffic#CLIENT_CONFIG}. */
    static List<String> clientCommand(Path hostsFile, Path clientConfig, String... args) {
        List<String> classpath = new ArrayList<>(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        for (Class<?> c : List.of(KafkaTraffic.class, PacedProducer.class, KafkaProducer.class)) {
            try {
                String location = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
                if (!classpath.contains(location)) {
                    classpath.add(location);
                }
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djdk.net.hosts.file=" + hostsFile, "-Dsun.net.inetaddr.ttl=0", "-cp", String.join(File.pathSeparator, classpath)));
        if (clientConfig != null) {
            command.add("-D" + KafkaTraffic.CLIENT_CONFIG + "=" + clientConfig);
        }
        command.add(KafkaTraffic.class.getName());
        command.addAll(List.of(args));
        return command;
    }

    /** Runs {@link KafkaTraffic} to the end and returns its RESULT fields. */
    Map<String, String> run(Duration timeout, String... args) throws IOException, InterruptedException {
        return start(args).result(timeout);
    }

    /** A running {@link KafkaTraffic} JVM whose output is read as it comes, so a test can wait for its progress. */
    static final class Traffic {
        private final Process process;
        private final StringBuffer output = new StringBuffer();
        private final AtomicLong acked = new AtomicLong();
        private final Thread reader;

        Traffic(Process process) throws IOException {
            this.process = process;
            process.getOutputStream().close();
            reader = new Thread(this::read, "kafka-traffic-output");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    output.append(line).append('\n');
                    if (line.startsWith("ACKED ")) {
                        acked.set(Long.parseLong(line.substring(6).trim()));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                output.append("(reading the output failed: ").append(e).append(")\n");
            }
        }

        /** Records the producer has had acknowledged so far (in steps of {@link KafkaTraffic#PROGRESS_EVERY}). */
        long acked() {
            return acked.get();
        }

        /** Waits, bounded, until at least {@code records} were acknowledged; fails at once if the producer ended. */
        void awaitAcked(long records, Duration timeout) {
            try {
                await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(() -> {
                    if (acked() < records && !process.isAlive()) {
                        throw new AssertionError("the producer ended after " + acked() + " acknowledged records:\n" + tail(output.toString()));
                    }
                    return acked() >= records;
                });
            } catch (ConditionTimeoutException e) {
                throw new AssertionError("the producer had " + acked() + " of " + records + " records acknowledged after "
                        + timeout.toSeconds() + " s:\n" + tail(output.toString()), e);
            }
        }

        /** Waits for the end and returns the RESULT fields. */
        Map<String, String> result(Duration timeout) throws InterruptedException {
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("Kafka client did not finish within " + timeout.toSeconds() + " s:\n" + tail(output.toString()));
            }
            reader.join(TimeUnit.SECONDS.toMillis(10));
            String out = output.toString();
            Map<String, String> fields = new HashMap<>();
            for (String line : out.split("\n")) {
                if (line.startsWith("RESULT ")) {
                    for (String kv : line.substring(7).trim().split(" ")) {
                        int eq = kv.indexOf('=');
                        fields.put(kv.substring(0, eq), kv.substring(eq + 1));
                    }
                }
            }
            if (fields.isEmpty() || process.exitValue() != 0) {
                throw new AssertionError("Kafka client failed (exit " + process.exitValue() + "):\n" + tail(out));
            }
            return fields;
        }
    }

    private static String tail(String out) {
        String[] lines = out.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 40), lines.length));
    }

    @Override
    public void close() throws IOException {
        for (LocalPortForward f : forwards) {
            f.close();
        }
        Files.deleteIfExists(hostsFile);
    }
}
