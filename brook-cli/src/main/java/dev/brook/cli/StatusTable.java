package dev.brook.cli;

import dev.brook.api.v1alpha1.ConsumerGroup;
import dev.brook.api.v1alpha1.Topic;
import dev.brook.api.v1alpha1.User;
import dev.brook.kafka.GroupSnapshot;
import dev.brook.kafka.KafkaConnection;
import dev.brook.model.DesiredTopic;
import dev.brook.model.TopicState;
import dev.brook.model.TopicDiff;
import dev.brook.model.UserCredentials;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** The status table {@code up}, {@code apply} and {@code status} print: cluster, pods, topics, groups with lag, users. */
final class StatusTable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private StatusTable() {
    }

    /** Prints the table; returns true when every pod is ready. */
    static boolean print(PrintStream out, LocalState.Processes p, List<Topic> topics, List<ConsumerGroup> groups, List<User> users,
            LocalSecrets userFiles, KafkaConnection kafka) {
        List<String[]> pods = new ArrayList<>();
        int readyZk = 0;
        int readyBrokers = 0;
        Optional<ProcessHandle> supervisor = SupervisorProcess.find(p);
        for (LocalState.Pod pod : p.pods()) {
            boolean running = PodProcesses.isRunning(pod);
            boolean ready = running && PodProcesses.isReady(pod);
            if (ready && "zookeeper".equals(pod.role())) {
                readyZk++;
            } else if (ready) {
                readyBrokers++;
            }
            String status = ready ? "ready" : running ? "not ready" : supervisor.isEmpty() ? "stopped"
                    : pod.exitedBefore() ? "restarting" : "pending";
            pods.add(new String[] {pod.name(), pod.role(), pod.address(), running ? Long.toString(pod.pid()) : "-",
                    Integer.toString(pod.restarts()), lastExit(pod), status});
        }
        boolean allReady = readyZk == p.zookeepers() && readyBrokers == p.brokers();
        out.println();
        out.println("Cluster " + p.cluster() + " (namespace " + p.namespace() + "): " + (allReady ? "Ready" : "NotReady") + ", ZooKeeper "
                + readyZk + "/" + p.zookeepers() + " ready, brokers " + readyBrokers + "/" + p.brokers() + " ready");
        out.println("Bootstrap: " + p.bootstrapServers() + (p.bootstrapTls() ? " (TLS; CA certificate " + p.caCertificate() + ")" : ""));
        out.println(supervisor.map(h -> "Supervisor: pid " + h.pid() + " (restarts pods that exit)")
                .orElse("Supervisor: not running; nothing restarts a pod that exits (`brook local up` starts a new one)"));
        out.println();
        table(out, new String[] {"POD", "ROLE", "ADDRESS", "PID", "RESTARTS", "LAST EXIT", "STATUS"}, pods);
        if (!topics.isEmpty()) {
            List<String[]> rows = new ArrayList<>();
            for (Topic t : topics) {
                String name = t.kafkaTopicName();
                String partitions = "-";
                String rf = "-";
                String status;
                try {
                    TopicState s = kafka.topics().describe(name);
                    if (s == null) {
                        status = "Missing (apply to create)";
                    } else {
                        partitions = Integer.toString(s.partitions());
                        rf = Integer.toString(s.replicationFactor());
                        TopicDiff diff = TopicDiff.between(DesiredTopic.from(t), s);
                        status = diff.refusal() != null ? diff.refusal().reason().name() : diff.isNoop() ? "Ready" : "Drifted (apply to repair)";
                    }
                } catch (RuntimeException e) {
                    status = "KafkaError: " + e.getMessage();
                }
                rows.add(new String[] {name, t.getMetadata().getName(), partitions, rf, status});
            }
            out.println();
            table(out, new String[] {"TOPIC", "RESOURCE", "PARTITIONS", "RF", "STATUS"}, rows);
        }
        if (!groups.isEmpty()) {
            List<String[]> rows = new ArrayList<>();
            Map<String, Set<String>> request = new java.util.TreeMap<>();
            groups.forEach(g -> request.put(g.kafkaGroupId(),
                    new TreeSet<>(g.getSpec().getTopics() == null ? List.of() : g.getSpec().getTopics())));
            Map<String, GroupSnapshot> snapshots;
            String error = null;
            try {
                snapshots = kafka.groups().snapshot(request);
            } catch (RuntimeException e) {
                snapshots = Map.of();
                error = "KafkaError: " + e.getMessage();
            }
            for (ConsumerGroup g : groups) {
                GroupSnapshot s = snapshots.get(g.kafkaGroupId());
                rows.add(s == null
                        ? new String[] {g.kafkaGroupId(), g.getMetadata().getName(), error == null ? "-" : error, "-", "-"}
                        : new String[] {g.kafkaGroupId(), g.getMetadata().getName(), s.state(), Integer.toString(s.members()),
                                Long.toString(s.totalLag())});
            }
            out.println();
            table(out, new String[] {"GROUP", "RESOURCE", "STATE", "MEMBERS", "LAG"}, rows);
        }
        if (!users.isEmpty()) {
            List<String[]> rows = new ArrayList<>();
            for (User u : users) {
                String resource = u.getMetadata().getName();
                boolean configured = userFiles.files(resource).containsKey(UserCredentials.JAVA_CONFIG);
                rows.add(new String[] {u.principal(), resource, u.getSpec().getAuthentication().getType().specName(),
                        configured ? userFiles.root().resolve(resource).resolve(UserCredentials.JAVA_CONFIG).toString() : "-"});
            }
            out.println();
            table(out, new String[] {"PRINCIPAL", "RESOURCE", "AUTHENTICATION", "CLIENT CONFIG"}, rows);
        }
        return allReady;
    }

    /** {@code 137 at 14:03:07} (local time), {@code ? at ...} when the code is unknown (an adopted pod), {@code -} when it never exited. */
    private static String lastExit(LocalState.Pod pod) {
        if (!pod.exitedBefore()) {
            return "-";
        }
        String at = TIME.format(Instant.parse(pod.lastExitAt()).atZone(ZoneId.systemDefault()));
        return (pod.lastExitCode() == null ? "?" : pod.lastExitCode().toString()) + " at " + at;
    }

    static void table(PrintStream out, String[] header, List<String[]> rows) {
        int[] width = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            width[i] = header[i].length();
        }
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        List<String[]> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (String[] r : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(i == r.length - 1 ? r[i] : String.format("%-" + (width[i] + 2) + "s", r[i]));
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
