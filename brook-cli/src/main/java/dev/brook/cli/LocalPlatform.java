package dev.brook.cli;

import dev.brook.contract.PodName;
import dev.brook.local.BrookImage;
import dev.brook.local.Directories;
import dev.brook.local.PodSpec;
import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.ConsumerGroup;
import dev.brook.api.v1alpha1.Topic;
import dev.brook.api.v1alpha1.TopicStatus;
import dev.brook.api.v1alpha1.User;
import dev.brook.kafka.ClientTls;
import dev.brook.kafka.KafkaConnection;
import dev.brook.kafka.KafkaConnections;
import dev.brook.model.BrokerSet;
import dev.brook.model.ClusterCertificates;
import dev.brook.model.ClusterTls;
import dev.brook.model.Reason;
import dev.brook.model.Refusal;
import dev.brook.model.TopicClaims;
import dev.brook.model.UserCredentials;
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
        Optional<LocalState.Processes> recorded = state.processes();
        if (recorded.isPresent()) {
            List<LocalState.Pod> alive = LocalState.alive(recorded.get().pods());
            if (SupervisorProcess.find(recorded.get()).isPresent()) {
                err.println("cluster " + recorded.get().cluster() + " is already running from " + state.dataDir() + " (" + alive.size()
                        + " process(es)); see `brook local status`, or stop it with `brook local down`");
                return FAILED;
            }
            if (!alive.isEmpty()) {
                return recover(recorded.get(), alive, files, wait);
            }
            state.removeProcesses();
        }
        LocalResources.Sourced<Cluster> source = resources.clusters().get(0);
        Cluster cluster = source.resource();
        Optional<String> tlsSwitch = ClusterTls.switchRefusal(cluster, state.hasManifests()
                ? LocalClusterPlan.internalTlsIn(state.manifests(), cluster.getMetadata().getName()) : null);
        if (tlsSwitch.isPresent()) {
            reportProblems(List.of(new LocalResources.FileProblem(source.file(), "Cluster " + source.name() + ": spec.security.internalTls",
                    tlsSwitch.get() + "; or start afresh with `brook local down --purge` (deletes its records and offsets)")));
            return INVALID;
        }
        LocalClusterPlan plan = new LocalClusterPlan(cluster, addressBlock);
        // Planned on every up: what is missing, expiring or names other addresses is issued; the rest stays as it is.
        Map<String, Map<String, byte[]>> currentSecrets = state.secrets().read();
        String listenerProblem = plan.listenerKeyStores(currentSecrets).problem();
        if (listenerProblem != null) {
            reportProblems(List.of(new LocalResources.FileProblem(source.file(), "Cluster " + source.name(), listenerProblem
                    + " (here: a directory " + state.secrets().root() + "/<secret name>/ with one file per key)")));
            return INVALID;
        }
        Optional<ClusterCertificates.Plan> certificates = plan.certificatePlan(currentSecrets, Instant.now());
        if (certificates.isPresent() && certificates.get().problem() != null) {
            reportProblems(List.of(new LocalResources.FileProblem(source.file(), "Cluster " + source.name(), certificates.get().problem()
                    + " (here: files ca.crt and ca.key in " + state.secrets().root() + "/<secret name>/)")));
            return INVALID;
        }
        List<String> ignored = plan.ignored();
        if (!ignored.isEmpty()) {
            out.println("Ignored locally (no meaning on this machine):");
            ignored.forEach(i -> out.println("  " + i));
        }
        out.println("Starting cluster " + plan.clusterName() + ": " + plan.zookeepers() + " ZooKeeper + " + plan.brokers()
                + " broker(s) on 127.0." + addressBlock + ".x, data in " + state.dataDir());
        Instant begin = Instant.now();
        if (certificates.isPresent() && !state.secrets().write(certificates.get().secrets()).isEmpty()) {
            out.println("Certificates (" + state.secrets().root() + "):");
            certificates.get().changes().forEach(c -> out.println("  " + c));
        }
        String caCertificate = certificates.isPresent() && plan.internalTls()
                ? state.secrets().file(plan.caCertificateSecret(), ClusterCertificates.CA_CERT).toString() : null;
        // With internal TLS brook local's own client is the operator's: its certificate on the replication listener.
        String adminKeyStore = caCertificate == null ? null
                : state.secrets().file(plan.adminKeyStoreSecret(), ClusterTls.OPERATOR_KEY_STORE).toString();
        List<LocalState.Pod> pods = new ArrayList<>();
        for (List<PodSpec> set : LocalClusterPlan.pods(plan.manifests(), addressBlock, state.podsRoot(), state.secrets()::secret)) {
            for (PodSpec spec : set) {
                pods.add(LocalState.Pod.pending(spec.name(), PodName.parse(spec.name()).role().argument(), spec.bindAddress(),
                        spec.healthPort(), state.podsRoot().resolve(spec.name()).resolve(spec.name() + ".log").toString()));
            }
        }
        LocalState.Processes processes = new LocalState.Processes(plan.clusterName(), plan.namespace(), addressBlock,
                plan.bootstrapServers(), caCertificate != null, caCertificate, adminKeyStore == null ? null : plan.replicationBootstrapServers(),
                adminKeyStore, plan.brokers(), plan.zookeepers(), plan.inputsHash(), begin.toString(), null, pods);
        try {
            state.writeManifests(plan.objects());
            state.writeProcesses(processes);
            new StartProgress(state, out).await(SupervisorProcess.launch(state, BrookImage.locate()), begin, begin.plus(wait));
            processes = state.processes().orElseThrow();
        } catch (RuntimeException e) {
            err.println("start failed: " + e.getMessage());
            err.println("stopping what was started; logs stay under " + state.podsRoot());
            new LocalShutdown(state, out).stopEverything(true);
            state.removeProcesses();
            return FAILED;
        }
        LocalState.Applied applied = state.applied().withCluster(LocalState.toMap(cluster));
        int code = applyAndShow(resources, processes, applied);
        out.println();
        out.println("Up in " + seconds(begin) + ". Bootstrap: " + plan.bootstrapServers()
                + "   (brook local status | logs POD | apply -f FILE | down)");
        if (caCertificate != null) {
            out.println("CA certificate: " + caCertificate);
        }
        if (ClusterTls.superUsers(cluster) != null) {
            // Anonymous clients (the LOCAL listener has no authentication) may do nothing: only Users' files help.
            out.println("Authorization is on: clients log in as a User, with the client configuration `brook local client-config USER` "
                    + "prints (clients of " + plan.bootstrapServers() + " are User:ANONYMOUS and may do nothing)");
        } else if (caCertificate != null) {
            out.println("Clients (TLS): security.protocol=SSL ssl.truststore.type=PEM ssl.truststore.location=" + caCertificate
                    + "   (kcat: -X security.protocol=ssl -X ssl.ca.location=" + caCertificate + ")");
        }
        return code;
    }

    /**
     * The supervisor of a running cluster died (pods still run): a new one adopts the pods and restarts the missing
     * ones; then the files are applied as {@code apply} would (a changed Cluster spec is reported, not rolled).
     */
    private int recover(LocalState.Processes recorded, List<LocalState.Pod> alive, List<Path> files, Duration wait) {
        out.println("Cluster " + recorded.cluster() + " runs from " + state.dataDir() + " (" + alive.size() + " of "
                + recorded.pods().size() + " pods) but its supervisor does not: starting a new supervisor that adopts them");
        Instant begin = Instant.now();
        try {
            new StartProgress(state, out).await(SupervisorProcess.launch(state, BrookImage.locate()), begin, begin.plus(wait));
        } catch (RuntimeException e) {
            err.println("recovery failed: " + e.getMessage());
            err.println("the pods keep running; see `brook local status`, or stop everything with `brook local down`");
            return FAILED;
        }
        out.println();
        return apply(files);
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
            KafkaConnection kafka = kafka(connections, running.get());
            boolean ready = StatusTable.print(out, running.get(), topics(applied), groups(applied), users(applied), state.userSecrets(), kafka);
            return ready ? OK : FAILED;
        }
    }

    /**
     * Where the files of a User are and what its Java and librdkafka configurations say. {@code name} is the User's
     * metadata.name, or its Kafka user name.
     */
    int clientConfig(String name) {
        Map<String, Map<String, Object>> applied = state.applied().users();
        String resource = applied.containsKey(name) ? name : applied.entrySet().stream()
                .filter(e -> LocalState.fromMap(e.getValue(), User.class).kafkaUserName().equals(name))
                .map(Map.Entry::getKey).findFirst().orElse(null);
        if (resource == null) {
            err.println("no user " + name + " in " + state.dataDir() + (applied.isEmpty()
                    ? " (no User applied yet: put one in the files of `brook local up` or `brook local apply`)"
                    : "; users: " + String.join(", ", applied.keySet())));
            return FAILED;
        }
        User user = LocalState.fromMap(applied.get(resource), User.class);
        Path dir = state.userSecrets().root().resolve(resource);
        Map<String, byte[]> files = state.userSecrets().files(resource);
        out.println("User " + resource + ": " + user.principal() + " (" + user.getSpec().getAuthentication().getType().specName()
                + ")");
        out.println("Files (" + dir + "):");
        files.keySet().forEach(f -> out.println("  " + dir.resolve(f)));
        if (!files.containsKey(UserCredentials.JAVA_CONFIG)) {
            err.println("user " + resource + " has no client configuration: no listener that runs here takes its authentication "
                    + "(see what `brook local up` or `apply` said about it)");
            return FAILED;
        }
        for (String config : List.of(UserCredentials.JAVA_CONFIG, UserCredentials.LIBRDKAFKA_CONFIG)) {
            out.println();
            out.println((config.equals(UserCredentials.JAVA_CONFIG) ? "Java" : "librdkafka") + " (" + dir.resolve(config) + "):");
            out.print(new String(files.get(config), StandardCharsets.UTF_8));
        }
        return OK;
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
        boolean anything = running.isPresent() || !SupervisorProcess.allOf(state.dataDir()).isEmpty()
                || !PodProcesses.allUnder(state.podsRoot()).isEmpty();
        int code = OK;
        if (!anything) {
            out.println("No local cluster running from " + state.dataDir());
        } else {
            out.println("Stopping " + running.map(p -> "cluster " + p.cluster()).orElse("processes left from an earlier run of " + state.dataDir())
                    + " (SIGTERM, then SIGKILL after the agent's bound)");
            List<String> left = new LocalShutdown(state, out).stopEverything(false);
            if (left.isEmpty()) {
                state.removeProcesses();
                out.println(purge ? "Stopped." : "Stopped. Data kept in " + state.dataDir() + " (`brook local up` starts it again with its data)");
            } else {
                err.println("still running: " + left);
                code = FAILED;
            }
        }
        if (purge && code == OK) {
            if (!looksLikeDataDir(state.dataDir())) {
                err.println("not purging " + state.dataDir() + ": it does not look like a brook local data dir");
                return FAILED;
            }
            Directories.deleteTree(state.dataDir());
            out.println("Purged " + state.dataDir());
        }
        return code;
    }

    private int applyAndShow(LocalResources resources, LocalState.Processes p, LocalState.Applied applied) {
        Map<String, Map<String, Object>> topicMaps = new java.util.TreeMap<>(applied.topics());
        Map<String, Map<String, Object>> groupMaps = new java.util.TreeMap<>(applied.groups());
        Map<String, String> resets = new java.util.TreeMap<>(applied.lastAppliedResetIds());
        Map<String, Map<String, Object>> userMaps = new java.util.TreeMap<>(applied.users());
        Map<String, String> fingerprints = new java.util.TreeMap<>(applied.credentialFingerprints());
        boolean refused = false;
        try (KafkaConnections connections = new KafkaConnections(REQUEST_TIMEOUT)) {
            KafkaConnection kafka = kafka(connections, p);
            if (!resources.topics().isEmpty() || !resources.groups().isEmpty() || !resources.users().isEmpty()) {
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
            LocalUsers users = resources.users().isEmpty() ? null : localUsers(applied, p);
            for (LocalResources.Sourced<User> u : resources.users()) {
                User user = u.resource();
                List<User> claimants = new ArrayList<>();
                userMaps.values().forEach(m -> claimants.add(LocalUsers.claimant(m)));
                claimants.add(user);
                LocalUsers.Result result = users.apply(user, claimants, fingerprints.get(u.name()), kafka.users());
                out.println("  " + result.outcome());
                if (result.managed()) {
                    userMaps.put(u.name(), LocalState.toMap(user));
                }
                if (result.fingerprint() == null) {
                    fingerprints.remove(u.name());
                } else {
                    fingerprints.put(u.name(), result.fingerprint());
                }
                refused |= result.outcome().refusal() != null;
            }
            LocalState.Applied now = new LocalState.Applied(applied.cluster(), topicMaps, groupMaps, resets, userMaps, fingerprints);
            state.writeApplied(now);
            StatusTable.print(out, p, topics(now), groups(now), users(now), state.userSecrets(), kafka);
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

    /**
     * The Users' side of the running cluster: its spec as {@code up} applied it, with its listeners' addresses here, the
     * data dir's Secrets.
     */
    private LocalUsers localUsers(LocalState.Applied applied, LocalState.Processes p) {
        if (applied.cluster() == null) {
            throw new IllegalStateException("the running cluster's spec is not in " + state.dataDir().resolve(LocalState.APPLIED_FILE)
                    + "; start it again with `brook local down` and `brook local up -f ...`");
        }
        Cluster running = LocalState.fromMap(applied.cluster(), Cluster.class);
        return new LocalUsers(new LocalClusterPlan(running, p.addressBlock()).withListenerStatus(), state.secrets(), state.userSecrets(),
                Instant.now());
    }

    /**
     * brook local's own client of the cluster. With internal TLS it is the operator's: on the replication listener with
     * the operator's certificate, so a super user when the Cluster has authorization. Otherwise (a plaintext cluster, or
     * state written before) on the bootstrap listener, over TLS trusting the cluster CA when that is TLS.
     */
    private static KafkaConnection kafka(KafkaConnections connections, LocalState.Processes p) {
        if (!p.bootstrapTls()) {
            return connections.forBootstrap(p.bootstrapServers());
        }
        String ca = read(p.caCertificate(), "the cluster's CA certificate");
        if (p.adminBootstrap() != null && p.adminKeyStore() != null) {
            return connections.forBootstrap(p.adminBootstrap(), ClientTls.of(ca, read(p.adminKeyStore(), "brook local's client certificate")));
        }
        return connections.forBootstrap(p.bootstrapServers(), ClientTls.of(ca, null));
    }

    private static String read(String file, String what) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + what + " " + file, e);
        }
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

    private static List<User> users(LocalState.Applied a) {
        return a.users().values().stream().map(m -> LocalState.fromMap(m, User.class)).toList();
    }

    private boolean reportProblems(List<LocalResources.FileProblem> problems) {
        if (problems.isEmpty()) {
            return false;
        }
        problems.forEach(err::println);
        err.println(problems.size() + " problem(s); nothing was changed");
        return true;
    }

    private static boolean looksLikeDataDir(Path dir) {
        if (!Files.exists(dir)) {
            return true;
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString())
                    .allMatch(n -> n.equals("pods") || n.equals("hosts") || n.equals(LocalState.TLS_DIR) || n.equals(LocalState.USERS_DIR)
                            || n.startsWith(LocalState.APPLIED_FILE) || n.startsWith(LocalState.PROCESSES_FILE) || n.startsWith("hosts")
                            || n.startsWith(LocalState.MANIFESTS_FILE) || n.startsWith(LocalState.SUPERVISOR_LOG));
        } catch (IOException e) {
            return false;
        }
    }

    static String seconds(Instant begin) {
        return String.format("%.1f s", Duration.between(begin, Instant.now()).toMillis() / 1000.0);
    }
}
