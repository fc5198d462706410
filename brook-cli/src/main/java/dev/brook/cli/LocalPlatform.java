package dev.brook.cli;

import dev.brook.local.BrookImage;
import dev.brook.local.LocalPod;
import dev.brook.local.LocalProcessRuntime;
import dev.brook.local.PodSpec;
import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.ConsumerGroup;
import dev.brook.api.v1alpha1.Topic;
import dev.brook.api.v1alpha1.TopicStatus;
import dev.brook.kafka.KafkaConnection;
import dev.brook.kafka.KafkaConnections;
import dev.brook.model.BrokerSet;
import dev.brook.model.Reason;
import dev.brook.model.Refusal;
import dev.brook.model.TopicClaims;
import dev.brook.model.ZookeeperEnsemble;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The {@code brook local} commands, on one data dir. Exit codes: see {@link BrookLocal}. */
final class LocalPlatform {
    static final int OK = 0;
    static final int FAILED = 1;
    static final int INVALID = 3;
    static final int REFUSED = 4;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final LocalState state;
    private final PrintStream out;
    private final PrintStream err;

    LocalPlatform(Path dataDir, PrintStream out, PrintStream err) {
        this.state = new LocalState(dataDir);
        this.out = out;
        this.err = err;
    }

    int up(List<Path> files, int addressBlock, Duration wait) {
        LocalResources resources = LocalResources.read(files);
        if (resources.clusters().isEmpty() && resources.problems().isEmpty()) {
            err.println(String.join(", ", files.stream().map(Path::toString).toList()) + ": no Cluster (kind: Cluster, apiVersion: brook.dev/v1alpha1) to start");
            return INVALID;
        }
        String clusterName = resources.clusters().isEmpty() ? null : resources.clusters().get(0).name();
        if (reportProblems(resources.problemsFor(clusterName))) {
            return INVALID;
        }
        Optional<LocalState.Processes> running = state.processes();
        if (running.isPresent()) {
            List<LocalState.Pod> alive = LocalState.alive(running.get().pods());
            if (!alive.isEmpty()) {
                err.println("cluster " + running.get().cluster() + " is already running from " + state.dataDir() + " (" + alive.size()
                        + " process(es)); see `brook local status`, or stop it with `brook local down`");
                return FAILED;
            }
            state.removeProcesses();
        }
        Cluster cluster = resources.clusters().get(0).resource();
        LocalClusterPlan plan = new LocalClusterPlan(cluster, addressBlock);
        List<String> ignored = plan.ignored();
        if (!ignored.isEmpty()) {
            out.println("Ignored locally (no meaning on this machine):");
            ignored.forEach(i -> out.println("  " + i));
        }
        out.println("Starting cluster " + plan.clusterName() + ": " + plan.zookeepers() + " ZooKeeper + " + plan.brokers()
                + " broker(s) on 127.0." + addressBlock + ".x, data in " + state.dataDir());
        Instant begin = Instant.now();
        long deadline = System.nanoTime() + wait.toNanos();
        LocalProcessRuntime runtime = LocalProcessRuntime.detached(BrookImage.locate(), state.dataDir());
        List<LocalState.Pod> pods = new ArrayList<>();
        LocalState.Processes processes = null;
        try {
            List<PodSpec> zookeepers = new ArrayList<>();
            for (int n = 0; n < plan.zookeepers(); n++) {
                zookeepers.add(plan.zookeeperPod(n, state.podsRoot()));
            }
            List<PodSpec> brokers = new ArrayList<>();
            for (int n = 0; n < plan.brokers(); n++) {
                brokers.add(plan.brokerPod(n, state.podsRoot()));
            }
            for (PodSpec spec : zookeepers) {
                pods.add(started(runtime.start(spec), "zookeeper"));
            }
            processes = new LocalState.Processes(plan.clusterName(), plan.namespace(), addressBlock, plan.bootstrapServers(),
                    plan.brokers(), plan.zookeepers(), plan.inputsHash(), begin.toString(), pods);
            state.writeProcesses(processes);
            awaitReady(runtime, zookeepers, "ZooKeeper", deadline, begin);
            for (PodSpec spec : brokers) {
                pods.add(started(runtime.start(spec), "broker"));
            }
            processes = new LocalState.Processes(plan.clusterName(), plan.namespace(), addressBlock, plan.bootstrapServers(),
                    plan.brokers(), plan.zookeepers(), plan.inputsHash(), begin.toString(), List.copyOf(pods));
            state.writeProcesses(processes);
            awaitReady(runtime, brokers, "brokers", deadline, begin);
        } catch (RuntimeException e) {
            err.println("start failed: " + e.getMessage());
            err.println("stopping what was started; logs stay under " + state.podsRoot());
            stopAll(pods, true);
            state.removeProcesses();
            return FAILED;
        } finally {
            runtime.close(); // detached: the pods keep running
        }
        LocalState.Applied applied = state.applied();
        applied = new LocalState.Applied(LocalState.toMap(cluster), applied.topics(), applied.groups(), applied.lastAppliedResetIds());
        int code = applyAndShow(resources, processes, applied);
        out.println();
        out.println("Up in " + seconds(begin) + ". Bootstrap: " + plan.bootstrapServers()
                + "   (brook local status | logs POD | apply -f FILE | down)");
        return code;
    }

    int apply(List<Path> files) {
        Optional<LocalState.Processes> running = runningCluster();
        if (running.isEmpty()) {
            return FAILED;
        }
        LocalState.Processes p = running.get();
        LocalResources resources = LocalResources.read(files);
        List<LocalResources.FileProblem> problems = new ArrayList<>(resources.problemsFor(p.cluster()));
        for (LocalResources.Sourced<Cluster> c : resources.clusters()) {
            if (!c.name().equals(p.cluster())) {
                problems.add(new LocalResources.FileProblem(c.file(), "Cluster " + c.name() + ": metadata.name",
                        "the local cluster is '" + p.cluster() + "'; another cluster needs `brook local down` first"));
            }
        }
        if (reportProblems(problems)) {
            return INVALID;
        }
        LocalState.Applied applied = state.applied();
        if (!resources.clusters().isEmpty()) {
            Cluster cluster = resources.clusters().get(0).resource();
            LocalClusterPlan plan = new LocalClusterPlan(cluster, p.addressBlock());
            plan.ignored().forEach(i -> out.println("Ignored locally: " + i));
            if (plan.inputsHash().equals(p.inputsHash())) {
                out.println("Cluster " + p.cluster() + ": unchanged");
            } else {
                out.println("Cluster " + p.cluster() + ": spec changed (ZooKeeper " + ZookeeperEnsemble.from(cluster).replicas()
                        + ", brokers " + BrokerSet.from(cluster).replicas() + "); brook local does not roll pods: restart with "
                        + "`brook local down` and `brook local up -f ...` to apply (data is kept)");
            }
        }
        return applyAndShow(resources, p, applied);
    }

    int status() {
        Optional<LocalState.Processes> running = runningCluster();
        if (running.isEmpty()) {
            return FAILED;
        }
        LocalState.Applied applied = state.applied();
        try (KafkaConnections connections = new KafkaConnections(REQUEST_TIMEOUT)) {
            KafkaConnection kafka = connections.forBootstrap(running.get().bootstrapServers());
            boolean ready = StatusTable.print(out, running.get(), topics(applied), groups(applied), kafka);
            return ready ? OK : FAILED;
        }
    }

    int logs(String pod, int tail) {
        Path log = state.podsRoot().resolve(pod).resolve(pod + ".log");
        if (!Files.isRegularFile(log)) {
            List<String> known = new ArrayList<>();
            if (Files.isDirectory(state.podsRoot())) {
                try (Stream<Path> list = Files.list(state.podsRoot())) {
                    list.map(d -> d.getFileName().toString()).sorted().forEach(known::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            err.println("no pod " + pod + " in " + state.dataDir() + (known.isEmpty() ? "" : "; pods: " + String.join(", ", known)));
            return FAILED;
        }
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            lines.subList(tail <= 0 ? 0 : Math.max(0, lines.size() - tail), lines.size()).forEach(out::println);
            return OK;
        } catch (IOException e) {
            err.println("cannot read " + log + ": " + e.getMessage());
            return FAILED;
        }
    }

    int down(boolean purge) {
        Optional<LocalState.Processes> running = state.processes();
        int code = OK;
        if (running.isEmpty()) {
            out.println("No local cluster running from " + state.dataDir());
        } else {
            out.println("Stopping cluster " + running.get().cluster() + " (SIGTERM, then SIGKILL after the agent's bound)");
            List<LocalState.Pod> left = stopAll(running.get().pods(), false);
            if (left.isEmpty()) {
                state.removeProcesses();
                out.println(purge ? "Stopped." : "Stopped. Data kept in " + state.dataDir() + " (`brook local up` starts it again with its data)");
            } else {
                err.println("still running: " + left.stream().map(x -> x.name() + " (pid " + x.pid() + ")").toList());
                code = FAILED;
            }
        }
        if (purge && code == OK) {
            if (!looksLikeDataDir(state.dataDir())) {
                err.println("not purging " + state.dataDir() + ": it does not look like a brook local data dir");
                return FAILED;
            }
            deleteTree(state.dataDir());
            out.println("Purged " + state.dataDir());
        }
        return code;
    }

    private int applyAndShow(LocalResources resources, LocalState.Processes p, LocalState.Applied applied) {
        Map<String, Map<String, Object>> topicMaps = new java.util.TreeMap<>(applied.topics());
        Map<String, Map<String, Object>> groupMaps = new java.util.TreeMap<>(applied.groups());
        Map<String, String> resets = new java.util.TreeMap<>(applied.lastAppliedResetIds());
        boolean refused = false;
        try (KafkaConnections connections = new KafkaConnections(REQUEST_TIMEOUT)) {
            KafkaConnection kafka = connections.forBootstrap(p.bootstrapServers());
            if (!resources.topics().isEmpty() || !resources.groups().isEmpty()) {
                out.println();
            }
            for (LocalResources.Sourced<Topic> t : resources.topics()) {
                Topic topic = t.resource();
                Map<String, Object> before = topicMaps.get(t.name());
                String managed = before == null ? null : LocalState.fromMap(before, Topic.class).kafkaTopicName();
                Optional<Refusal> conflict = TopicClaims.conflict(topic, claimants(topicMaps, topic));
                ResourceApply.Outcome outcome = conflict.isPresent() ? ResourceApply.refused("Topic", t.name(), conflict.get())
                        : ResourceApply.topic(topic, managed, kafka.topics());
                out.println("  " + outcome);
                if (outcome.refusal() == null) {
                    topicMaps.put(t.name(), LocalState.toMap(topic));
                } else {
                    refused = true;
                }
            }
            for (LocalResources.Sourced<ConsumerGroup> g : resources.groups()) {
                String groupId = g.resource().kafkaGroupId();
                ResourceApply.GroupResult result = ResourceApply.group(g.resource(), resets.get(groupId), kafka.groups());
                ResourceApply.Outcome outcome = result.outcome();
                out.println("  " + outcome);
                if (result.appliedResetId() != null) {
                    resets.put(groupId, result.appliedResetId());
                }
                if (outcome.refusal() == null || outcome.refusal().reason() == Reason.ActiveMembers) {
                    groupMaps.put(g.name(), LocalState.toMap(g.resource()));
                }
                refused |= outcome.refusal() != null;
            }
            LocalState.Applied now = new LocalState.Applied(applied.cluster(), topicMaps, groupMaps, resets);
            state.writeApplied(now);
            StatusTable.print(out, p, topics(now), groups(now), kafka);
        }
        return refused ? REFUSED : OK;
    }

    /**
     * The Topics that may claim {@code topic}'s Kafka topic, for {@link TopicClaims}: every Topic applied before
     * manages its topic (as status.topicName says on Kubernetes), and {@code topic} itself.
     */
    private static List<Topic> claimants(Map<String, Map<String, Object>> applied, Topic topic) {
        List<Topic> claimants = new ArrayList<>();
        applied.values().forEach(map -> {
            Topic t = LocalState.fromMap(map, Topic.class);
            TopicStatus status = new TopicStatus();
            status.setTopicName(t.kafkaTopicName());
            t.setStatus(status);
            claimants.add(t);
        });
        claimants.add(topic);
        return claimants;
    }

    private Optional<LocalState.Processes> runningCluster() {
        Optional<LocalState.Processes> running = state.processes();
        if (running.isEmpty()) {
            err.println("no local cluster running from " + state.dataDir() + "; start one with `brook local up`");
        }
        return running;
    }

    private static List<Topic> topics(LocalState.Applied a) {
        return a.topics().values().stream().map(m -> LocalState.fromMap(m, Topic.class)).toList();
    }

    private static List<ConsumerGroup> groups(LocalState.Applied a) {
        return a.groups().values().stream().map(m -> LocalState.fromMap(m, ConsumerGroup.class)).toList();
    }

    private boolean reportProblems(List<LocalResources.FileProblem> problems) {
        if (problems.isEmpty()) {
            return false;
        }
        problems.forEach(err::println);
        err.println(problems.size() + " problem(s); nothing was changed");
        return true;
    }

    private LocalState.Pod started(LocalPod pod, String role) {
        out.println("  started " + pod.name() + " on " + pod.spec().bindAddress() + " (pid " + pod.pid() + ")");
        return new LocalState.Pod(pod.name(), role, pod.spec().bindAddress(), pod.pid(), pod.spec().healthPort(), pod.logFile().toString());
    }

    private void awaitReady(LocalProcessRuntime runtime, List<PodSpec> specs, String what, long deadline, Instant begin) {
        out.print("  waiting for " + what + " ");
        out.flush();
        for (PodSpec spec : specs) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                out.println();
                throw new IllegalStateException(what + " not ready within the --wait bound");
            }
            try {
                runtime.awaitReady(spec.name(), Duration.ofNanos(left));
            } catch (IllegalStateException e) {
                out.println();
                throw e;
            }
            out.print(".");
            out.flush();
        }
        out.println(" " + specs.size() + "/" + specs.size() + " ready (" + seconds(begin) + ")");
    }

    /** SIGTERM to the brokers, then to ZooKeeper (each bounded, then SIGKILL); returns the pods still running. */
    private List<LocalState.Pod> stopAll(List<LocalState.Pod> pods, boolean quiet) {
        List<LocalState.Pod> brokers = pods.stream().filter(p -> "broker".equals(p.role())).toList();
        List<LocalState.Pod> zookeepers = pods.stream().filter(p -> !"broker".equals(p.role())).toList();
        stopGroup(brokers, Duration.ofSeconds(BrokerSet.SHUTDOWN_TIMEOUT_SECONDS + 10), quiet);
        stopGroup(zookeepers, Duration.ofSeconds(ZookeeperEnsemble.SHUTDOWN_TIMEOUT_SECONDS + 10), quiet);
        return LocalState.alive(pods);
    }

    private void stopGroup(List<LocalState.Pod> pods, Duration grace, boolean quiet) {
        List<Thread> threads = new ArrayList<>();
        for (LocalState.Pod pod : pods) {
            Thread t = new Thread(() -> {
                long begin = System.nanoTime();
                if (!PodProcesses.isRunning(pod)) {
                    return;
                }
                boolean killed = PodProcesses.stop(pod, grace);
                if (!quiet) {
                    synchronized (out) {
                        out.println("  " + pod.name() + (killed ? " killed after " : " stopped in ")
                                + String.format("%.1f s", (System.nanoTime() - begin) / 1e9));
                    }
                }
            }, "stop-" + pod.name());
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static boolean looksLikeDataDir(Path dir) {
        if (!Files.exists(dir)) {
            return true;
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString())
                    .allMatch(n -> n.equals("pods") || n.equals("hosts") || n.startsWith(LocalState.APPLIED_FILE)
                            || n.startsWith(LocalState.PROCESSES_FILE) || n.startsWith("hosts"));
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String seconds(Instant begin) {
        return String.format("%.1f s", Duration.between(begin, Instant.now()).toMillis() / 1000.0);
    }
}
