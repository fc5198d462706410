package dev.brook.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operator as its own process: {@code java <the chart's jvmOptions> -jar operator/target/quarkus-app/quarkus-run.jar},
 * configured only through environment variables, its output in a log file. Reads its CPU and memory from /proc
 * and its Prometheus counters from /q/metrics.
 */
final class OperatorProcess implements AutoCloseable {
    private static final Pattern JVM_OPTIONS = Pattern.compile("^jvmOptions:\\s*\"(.*)\"\\s*$", Pattern.MULTILINE);

    private final Process process;
    private final int httpPort;
    private final Map<String, String> environment;
    private final List<String> command;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile long lastScrapeBytes;

    private OperatorProcess(Process process, int httpPort, Map<String, String> environment, List<String> command, Path log) {
        this.process = process;
        this.httpPort = httpPort;
        this.environment = environment;
        this.command = command;
        this.log = log;
    }

    /** The operator's production JVM settings: the top-level {@code jvmOptions} of the chart's values.yaml. */
    static List<String> chartJvmOptions(Path valuesYaml) throws IOException {
        Matcher m = JVM_OPTIONS.matcher(Files.readString(valuesYaml));
        if (!m.find()) {
            throw new IllegalStateException("no top-level jvmOptions line in " + valuesYaml);
        }
        return Arrays.stream(m.group(1).trim().split("\\s+")).toList();
    }

    /**
     * The environment that points the operator at the mock API and makes it behave as in production otherwise.
     * {@code watched} is the namespace of the Topic, User and ConsumerGroup controllers.
     */
    static Map<String, String> environment(String apiServerUrl, String watched, int httpPort, String topicResync, String groupRefresh) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL", apiServerUrl);
        env.put("QUARKUS_KUBERNETES_CLIENT_TRUST_CERTS", "true");
        env.put("QUARKUS_KUBERNETES_CLIENT_NAMESPACE", watched);
        // fabric8 would otherwise read ~/.kube/config (and a service account token) and might pick another server.
        env.put("KUBERNETES_AUTH_TRYKUBECONFIG", "false");
        env.put("KUBERNETES_AUTH_TRYSERVICEACCOUNT", "false");
        env.put("QUARKUS_OPERATOR_SDK_NAMESPACES", watched);
        // No kubelet runs the Cluster: its controller watches a namespace without Clusters, the benchmark writes the status.
        env.put("QUARKUS_OPERATOR_SDK_CONTROLLERS_CLUSTER_NAMESPACES", "cluster-controller-elsewhere");
        // The mock server cannot do server-side apply (404/415; JOSDK would retry forever).
        env.put("QUARKUS_OPERATOR_SDK_ENABLE_SSA", "false");
        // The benchmark registers crds/ itself, as the Helm chart does in production (the default: no apply, no check).
        env.put("QUARKUS_OPERATOR_SDK_CRD_APPLY", "false");
        env.put("QUARKUS_OPERATOR_SDK_CRD_VALIDATE", "false");
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        env.put("BROOK_TOPIC_RESYNC_INTERVAL", topicResync);
        env.put("BROOK_GROUP_REFRESH_INTERVAL", groupRefresh);
        env.put("BROOK_USER_RESYNC_INTERVAL", "PT2M");
        env.put("QUARKUS_LOG_CATEGORY__DEV_BROOK__LEVEL", "INFO");
        return env;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static OperatorProcess start(Path jar, List<String> jvmOptions, Map<String, String> environment, int httpPort, Path log,
            Duration readyTimeout) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("operator jar missing: " + jar + " (bench/topics builds it)");
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // Only what is set here, plus PATH/HOME/LANG: nothing from the caller's shell (e.g. a KUBECONFIG) leaks in.
        Map<String, String> inherited = new LinkedHashMap<>(builder.environment());
        builder.environment().clear();
        for (String keep : List.of("PATH", "HOME", "LANG", "TMPDIR")) {
            if (inherited.containsKey(keep)) {
                builder.environment().put(keep, inherited.get(keep));
            }
        }
        builder.environment().putAll(environment);
        OperatorProcess operator = new OperatorProcess(builder.start(), httpPort, environment, command, log);
        operator.awaitReady(readyTimeout);
        return operator;
    }

    private void awaitReady(Duration timeout) {
        Deadline deadline = Deadline.in(timeout, "the operator's /q/health/ready (log: " + log + ")");
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the operator exited with " + process.exitValue() + " before it was ready; log: " + log);
            }
            try {
                if (get("/q/health/ready").statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // keep polling
            }
            deadline.pause(Duration.ofMillis(250));
        }
    }

    private HttpResponse<String> get(String path) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).timeout(Duration.ofSeconds(10)).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The sum over all label sets of a counter or gauge in the Prometheus exposition of /q/metrics. */
    double metric(String name) {
        String text;
        try {
            HttpResponse<String> response = get("/q/metrics");
            if (response.statusCode() != 200) {
                throw new IllegalStateException("/q/metrics answered " + response.statusCode());
            }
            text = response.body();
            lastScrapeBytes = text.length();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot scrape the operator's /q/metrics", e);
        }
        return sum(text, name);
    }

    private static double sum(String text, String name) {
        double sum = 0;
        boolean found = false;
        for (String line : text.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                found = true;
            }
        }
        if (!found) {
            throw new IllegalStateException("metric " + name + " not in the operator's /q/metrics");
        }
        return sum;
    }

    /**
     * Characters of the last /q/metrics answer: it should not grow with the Topics managed (JOSDK's series are per
     * controller); the benchmark scrapes only at arm boundaries, so a scrape's cost stays out of the arms.
     */
    long lastScrapeBytes() {
        return lastScrapeBytes;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int exitValue() {
        return process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    double cpuSeconds() {
        return ProcessCpu.seconds(process.pid());
    }

    /** A field of /proc/&lt;pid&gt;/status in KiB, e.g. VmHWM (peak resident set) or VmRSS. */
    long memoryKib(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("\\D", ""));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("operator process " + process.pid() + " is gone", e);
        }
        throw new IllegalStateException(field + " not in /proc/" + process.pid() + "/status");
    }

    Map<String, String> environment() {
        return environment;
    }

    List<String> command() {
        return command;
    }

    Path log() {
        return log;
    }

    /** SIGTERM (Quarkus shuts down gracefully), SIGKILL after 20 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
