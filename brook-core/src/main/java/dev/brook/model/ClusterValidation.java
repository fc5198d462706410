package dev.brook.model;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.ClusterSpec;
import dev.brook.api.v1alpha1.ListenerAuthentication;
import dev.brook.api.v1alpha1.ListenerSpec;
import dev.brook.contract.BrokerConfigDefinitions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What a Cluster spec must satisfy beyond its schema (or in case the schema was not enforced). */
public final class ClusterValidation {
    /** Largest ZooKeeper ensemble Brook runs. */
    public static final int MAX_ZOOKEEPERS = 7;

    private ClusterValidation() {
    }

    public static List<SpecProblem> problems(Cluster cluster) {
        ClusterSpec spec = cluster.getSpec();
        List<SpecProblem> problems = new ArrayList<>();
        if (spec == null) {
            problems.add(new SpecProblem("spec", "is missing; write 'spec: {}' for a cluster with every default"));
            return problems;
        }
        String version = spec.getVersion() == null ? ClusterSpec.SUPPORTED_VERSION : spec.getVersion();
        if (!ClusterSpec.SUPPORTED_VERSION.equals(version)) {
            problems.add(new SpecProblem("spec.version", "Kafka " + version + " is not supported; set it to "
                    + ClusterSpec.SUPPORTED_VERSION + " (the only version Brook runs) or remove the field"));
        }
        int zookeepers = ClusterDefaults.zookeeperReplicas(spec);
        if (zookeepers < 1 || zookeepers > MAX_ZOOKEEPERS || zookeepers % 2 == 0) {
            problems.add(new SpecProblem("spec.zookeeper.replicas", "is " + zookeepers
                    + "; use an odd number from 1 to 7 (1, 3, 5 or 7) so a majority of the ensemble survives a failure"));
        }
        if (spec.getSecurity() != null && spec.getSecurity().getAuthorization() != null) {
            if (!ClusterTls.internal(cluster)) {
                problems.add(new SpecProblem("spec.security.authorization", "needs internal TLS (Brook's brokers and operator are known "
                        + "to the authorizer by their certificates); remove spec.security.internalTls: false, or remove authorization"));
            }
            if (spec.getSecurity().getAuthorization().getType() == null) {
                problems.add(new SpecProblem("spec.security.authorization.type", "is missing; use simple"));
            }
            List<String> users = spec.getSecurity().getAuthorization().getSuperUsers();
            for (int i = 0; users != null && i < users.size(); i++) {
                if (users.get(i) == null || !users.get(i).matches("^User:[^;]+$")) {
                    problems.add(new SpecProblem("spec.security.authorization.superUsers[" + i + "]", "'" + users.get(i)
                            + "' is not a principal; write User:<name> (no ';')"));
                }
            }
        }
        int brokers = ClusterDefaults.brokerReplicas(spec);
        if (brokers < 1) {
            problems.add(new SpecProblem("spec.brokers.replicas", "is " + brokers + "; use 1 or more"));
        }
        problems.addAll(BrookNames.problems(cluster.getMetadata() == null ? null : cluster.getMetadata().getName(),
                ClusterDefaults.listeners(spec)));
        if (spec.getBrokers() != null && spec.getBrokers().getConfig() != null) {
            spec.getBrokers().getConfig().forEach((key, value) -> {
                if (key == null || key.isBlank()) {
                    problems.add(new SpecProblem("spec.brokers.config", "has an empty key; remove it"));
                } else if (value == null) {
                    problems.add(new SpecProblem("spec.brokers.config." + key, "has no value; give it a value (as a string) or remove it"));
                } else {
                    // Refused here, before any broker restarts, rather than by the first broker of the roll at its start.
                    BrokerConfigDefinitions.problem(key, value)
                            .ifPresent(why -> problems.add(new SpecProblem("spec.brokers.config." + key, why)));
                }
            });
        }
        jvmProblems("spec.zookeeper.jvmOptions", spec.getZookeeper() == null ? null : spec.getZookeeper().getJvmOptions(), problems);
        jvmProblems("spec.brokers.jvmOptions", spec.getBrokers() == null ? null : spec.getBrokers().getJvmOptions(), problems);
        for (String key : BrookOwnedConfig.ownedKeysIn(ClusterDefaults.brokerConfig(spec))) {
            problems.add(new SpecProblem("spec.brokers.config." + key, "is set by Brook and cannot be overridden; remove '"
                    + key + "' from spec.brokers.config"));
        }
        listenerProblems(ClusterDefaults.listeners(spec), problems);
        return problems;
    }

    /** The launcher splits JVM options on spaces, so a system property with whitespace would start a broken JVM. */
    private static void jvmProblems(String field, dev.brook.api.v1alpha1.JvmOptions jvm, List<SpecProblem> problems) {
        if (jvm == null || jvm.getSystemProperties() == null) {
            return;
        }
        jvm.getSystemProperties().forEach((key, value) -> {
            if (key == null || key.isBlank() || key.matches(".*\\s.*") || (value != null && value.matches(".*\\s.*"))) {
                problems.add(new SpecProblem(field + ".systemProperties." + key,
                        "keys and values may not be empty or contain whitespace; remove the spaces"));
            }
        });
    }

    private static void listenerProblems(List<ListenerSpec> listeners, List<SpecProblem> problems) {
        Set<String> names = new HashSet<>();
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < listeners.size(); i++) {
            ListenerSpec l = listeners.get(i);
            String at = "spec.brokers.listeners[" + i + "]";
            if (l.getName() == null || !l.getName().matches("^[a-z][a-z0-9-]{0,24}$")) {
                problems.add(new SpecProblem(at + ".name", "'" + l.getName()
                        + "' is not a valid listener name; use lower-case letters, digits and '-', starting with a letter, at most 25 characters"));
            } else if (Listeners.REPLICATION_LISTENER.equalsIgnoreCase(l.getName())) {
                problems.add(new SpecProblem(at + ".name", "'" + l.getName() + "' is reserved for Brook's broker-to-broker listener; choose another name"));
            } else if (!names.add(l.getName())) {
                problems.add(new SpecProblem(at + ".name", "'" + l.getName() + "' is used by another listener; listener names must be unique"));
            }
            if (l.getPort() == null || l.getPort() < 1024 || l.getPort() > 65535) {
                problems.add(new SpecProblem(at + ".port", l.getPort() + " is out of range; use a port from 1024 to 65535"));
            } else if (Listeners.RESERVED_PORTS.contains(l.getPort())) {
                problems.add(new SpecProblem(at + ".port", l.getPort() + " is used by Brook itself ("
                        + Listeners.RESERVED_PORTS + "); choose another port"));
            } else if (!ports.add(l.getPort())) {
                problems.add(new SpecProblem(at + ".port", l.getPort() + " is used by another listener; listener ports must be unique"));
            }
            authenticationProblems(l, at, problems);
        }
    }

    /** Client certificates need TLS; SCRAM without TLS only when asked for explicitly. */
    private static void authenticationProblems(ListenerSpec l, String at, List<SpecProblem> problems) {
        ListenerAuthentication auth = l.getAuthentication();
        if (auth == null) {
            return;
        }
        boolean tls = Boolean.TRUE.equals(l.getTls());
        if (auth.getType() == null) {
            problems.add(new SpecProblem(at + ".authentication.type", "is missing; use tls or scram-sha-512"));
        } else if (auth.getType() == ListenerAuthentication.Type.TLS && !tls) {
            problems.add(new SpecProblem(at + ".authentication.type", "tls needs a TLS listener; set " + at + ".tls: true"));
        } else if (auth.getType() == ListenerAuthentication.Type.SCRAM_SHA_512 && !tls && !Boolean.TRUE.equals(auth.getAllowPlaintext())) {
            problems.add(new SpecProblem(at + ".authentication.type", "scram-sha-512 on a listener without TLS leaves the traffic readable; "
                    + "set " + at + ".tls: true, or " + at + ".authentication.allowPlaintext: true if you mean it"));
        }
        if (auth.getType() != ListenerAuthentication.Type.SCRAM_SHA_512
                && (auth.getAllowPlaintext() != null || auth.getReauthenticationSeconds() != null)) {
            problems.add(new SpecProblem(at + ".authentication", "allowPlaintext and reauthenticationSeconds apply to scram-sha-512 only; remove them"));
        }
        if (auth.getReauthenticationSeconds() != null && (auth.getReauthenticationSeconds() < 0 || auth.getReauthenticationSeconds() > 86400)) {
            problems.add(new SpecProblem(at + ".authentication.reauthenticationSeconds", auth.getReauthenticationSeconds()
                    + " is out of range; use 0 (never) to 86400"));
        }
    }
}
