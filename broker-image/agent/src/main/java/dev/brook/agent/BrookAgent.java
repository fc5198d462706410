package dev.brook.agent;

import dev.brook.agent.broker.BrokerNode;
import dev.brook.agent.zookeeper.ZookeeperNode;
import dev.brook.contract.DnsCaching;
import dev.brook.contract.ExitCode;
import dev.brook.contract.InvalidInputsException;
import dev.brook.contract.Role;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;
import io.prometheus.client.hotspot.DefaultExports;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code brook-agent zookeeper|broker|rack|--version}: turns the pod's inputs into a running ZooKeeper peer
 * or Kafka broker in this JVM, serves health and metrics, and stops gracefully on SIGTERM.
 *
 * <p>Everything that can refuse (arguments, env, inputs, owned keys, the data volume) runs before the
 * first log line and before any write, so a refusal prints exactly one line (on stderr) and leaves
 * the data volume byte-identical.
 */
public final class BrookAgent {
    private static final String USAGE = "usage: brook-agent zookeeper|broker|rack|--version";
    /** The broker pod's init container: writes the node's rack label to the rack file (see RackLabel). */
    static final String RACK_COMMAND = "rack";

    private BrookAgent() {
    }

    public static void main(String[] args) {
        String dnsCaching = DnsCaching.apply(); // before anything resolves a name: the JVM reads it once
        RoleNode node;
        PodFacts facts;
        Role role;
        try {
            if (args.length == 1 && args[0].equals("--version")) {
                System.out.println(versionLine());
                return;
            }
            if (args.length == 1 && args[0].equals(RACK_COMMAND)) {
                System.out.println("brook-agent: " + dev.brook.agent.rack.RackLabel.write(System.getenv()));
                return;
            }
            if (args.length != 1) {
                throw new AgentFailure(ExitCode.USAGE, "expected exactly one argument; " + USAGE);
            }
            role = Role.fromArgument(args[0]).orElseThrow(() -> new AgentFailure(ExitCode.USAGE,
                    "unknown role '" + args[0] + "' (expected zookeeper, broker or rack); " + USAGE));
            facts = PodFacts.from(System.getenv());
            node = quietly(() -> role == Role.ZOOKEEPER ? ZookeeperNode.prepare(facts) : BrokerNode.prepare(facts));
        } catch (AgentFailure failure) {
            refuse(failure.exitCode(), failure.getMessage());
            return;
        } catch (InvalidInputsException invalid) {
            refuse(ExitCode.INVALID_INPUT, invalid.getMessage());
            return;
        } catch (RuntimeException | Error unexpected) {
            refuse(ExitCode.INTERNAL_ERROR, "unexpected " + unexpected);
            return;
        }
        new BrookAgent.Run(role, facts, node, dnsCaching).run();
    }

    /**
     * Runs the checks with logging switched off: Kafka and ZooKeeper classes log while their config
     * classes load, and a refusal must print one line only.
     */
    private static RoleNode quietly(java.util.function.Supplier<RoleNode> prepare) {
        org.apache.log4j.spi.LoggerRepository logging = org.apache.log4j.LogManager.getLoggerRepository();
        org.apache.log4j.Level threshold = logging.getThreshold();
        logging.setThreshold(org.apache.log4j.Level.OFF);
        try {
            return prepare.get();
        } finally {
            logging.setThreshold(threshold);
        }
    }

    /** The one line of a refusal; nothing else is printed, and nothing but the termination log was written. */
    private static void refuse(ExitCode code, String message) {
        announce(message);
        System.err.flush();
        System.exit(code.code());
    }

    /** The one line of a refusal or failure: on stderr, and in the termination log for the operator. */
    private static void announce(String message) {
        String line = "brook-agent: " + message.replace('\n', ' ');
        TerminationMessage.write(System.getenv(), line);
        System.err.println(line);
    }

    static String versionLine() {
        Properties p = new Properties();
        try (InputStream in = BrookAgent.class.getResourceAsStream("/brook-agent-version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the agent's version resource", e);
        }
        return "brook-agent " + p.getProperty("brook.version", "unknown")
                + " (Kafka " + org.apache.kafka.common.utils.AppInfoParser.getVersion()
                + ", ZooKeeper " + org.apache.zookeeper.Version.getFullVersion().split("[- ]")[0]
                + ", Java " + Runtime.version() + ")";
    }

    /** A started agent: servers, the node, and the SIGTERM hook. */
    private static final class Run {
        private static final Logger LOG = LoggerFactory.getLogger(BrookAgent.class);
        private final Role role;
        private final PodFacts facts;
        private final RoleNode node;
        private final AtomicBoolean terminating = new AtomicBoolean();
        private final AtomicBoolean nodeStarted = new AtomicBoolean();
        private final String dnsCaching;

        Run(Role role, PodFacts facts, RoleNode node, String dnsCaching) {
            this.role = role;
            this.facts = facts;
            this.node = node;
            this.dnsCaching = dnsCaching;
        }

        void run() {
            LOG.info("{}: starting {} ({}); bind {}, data {}, inputs sha256 {}", facts.podName(), role.argument(),
                    node.describe(), facts.bindAddress(), facts.dataDir(), node.inputsHash());
            LOG.info("{}: {}", facts.podName(), dnsCaching);
            HealthServer health;
            HTTPServer metrics;
            try {
                health = HealthServer.start(role.argument(), facts.podName(), facts.bindAddress(), facts.healthPort(), () -> node);
                DefaultExports.initialize();
                metrics = new HTTPServer.Builder()
                        .withInetSocketAddress(new InetSocketAddress(facts.bindAddress(), facts.metricsPort()))
                        .withRegistry(CollectorRegistry.defaultRegistry)
                        .withDaemonThreads(true)
                        .build();
                LOG.info("{}: health on {}:{}, metrics on {}:{}", facts.podName(), facts.bindAddress(), facts.healthPort(),
                        facts.bindAddress(), facts.metricsPort());
            } catch (IOException e) {
                fail(ExitCode.STARTUP_FAILED, "cannot bind health/metrics ports on " + facts.bindAddress() + ": " + e.getMessage());
                return;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> onTerminate(health, metrics), "brook-sigterm"));
            try {
                node.start();
                LOG.info("{}: {} started", facts.podName(), role.argument());
                nodeStarted.set(true);
                node.awaitTermination();
            } catch (AgentFailure failure) {
                fail(failure.exitCode(), failure.getMessage());
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable e) { // includes checked exceptions thrown undeclared by Scala or ZooKeeper code
                LOG.error("{}: unexpected failure", facts.podName(), e);
                fail(ExitCode.INTERNAL_ERROR, "unexpected " + e);
                return;
            }
            if (!terminating.get()) {
                fail(ExitCode.STARTUP_FAILED, role.argument() + " stopped on its own");
            }
        }

        private void fail(ExitCode code, String message) {
            terminating.set(true); // the shutdown hook must not pretend this was a SIGTERM
            LOG.error("{}: exiting with code {}: {}", facts.podName(), code.code(), message);
            announce(message);
            System.exit(code.code());
        }

        /** SIGTERM: graceful stop within the bound, else halt; one log line for each outcome. */
        private void onTerminate(HealthServer health, HTTPServer metrics) {
            if (!terminating.compareAndSet(false, true)) {
                return;
            }
            long timeoutMs = facts.shutdownTimeout().toMillis();
            long started = System.nanoTime();
            LOG.info("{}: SIGTERM, stopping {} gracefully (bound {} ms)", facts.podName(), role.argument(), timeoutMs);
            Thread stopper = new Thread(node::stop, "brook-graceful-stop");
            stopper.setDaemon(true);
            stopper.start();
            try {
                stopper.join(timeoutMs);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            long elapsedMs = (System.nanoTime() - started) / 1_000_000;
            if (stopper.isAlive()) {
                LOG.error("{}: graceful stop exceeded {} ms; halting with exit code {}", facts.podName(), timeoutMs,
                        ExitCode.SHUTDOWN_TIMEOUT.code());
                Runtime.getRuntime().halt(ExitCode.SHUTDOWN_TIMEOUT.code());
            }
            health.close();
            metrics.close();
            LOG.info("{}: {} stopped gracefully in {} ms; exiting", facts.podName(), role.argument(), elapsedMs);
            if (nodeStarted.get()) {
                ClassDataArchive.requested().ifPresent(this::writeClassData);
            }
        }

        /** Once per pod, JDK and image (the launcher asks only when there is no archive): a failure costs later starts only speed. */
        private void writeClassData(ClassDataArchive archive) {
            long begin = System.nanoTime();
            try {
                long bytes = archive.write();
                LOG.info("{}: wrote the class-data archive {} ({} MiB) in {} ms; the next start maps it", facts.podName(), archive.file(),
                        bytes >> 20, (System.nanoTime() - begin) / 1_000_000);
            } catch (IOException | RuntimeException e) {
                LOG.warn("{}: no class-data archive written ({}); the next start records and tries again", facts.podName(), e.getMessage());
            }
        }
    }
}
