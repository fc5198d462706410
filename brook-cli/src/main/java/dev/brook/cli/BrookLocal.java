package dev.brook.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code brook local}: a real Kafka cluster on this machine from the same YAML a Kubernetes user applies.
 * Plain Java (no Quarkus): run with {@code java -cp <operator jar + runtime deps> dev.brook.cli.BrookLocal local up}.
 *
 * <p>Exit codes: 0 done; 1 failed (or, for {@code status}, not every pod ready); 2 usage; 3 invalid input
 * (bad YAML or spec; nothing was changed); 4 applied, but some changes were refused (printed).
 */
@Command(name = "brook", mixinStandardHelpOptions = true, version = "brook 0.1.0-SNAPSHOT",
        description = "Brook: Kafka 3.9.2 (ZooKeeper mode) on Kubernetes, and on this machine.",
        subcommands = BrookLocal.Local.class)
public final class BrookLocal implements Callable<Integer> {
    static final List<Path> DEFAULT_FILES = List.of(Path.of("examples/cluster.yaml"), Path.of("examples/topic.yaml"),
            Path.of("examples/consumer-group.yaml"), Path.of("examples/users.yaml"));

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        dev.brook.contract.DnsCaching.apply(); // the Kafka clients of topic and group sync resolve the local pods' names
        CliLogging.quiet();
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the CLI with these streams and returns the exit code (tests call this in-process). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new BrookLocal());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler((e, commandLine, parsed) -> {
            err.println("brook: " + e.getMessage());
            return LocalPlatform.FAILED;
        });
        Streams.set(out, err);
        try {
            return cli.execute(args);
        } finally {
            Streams.clear();
        }
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** Output streams of the current run (so tests can capture them in-process). */
    static final class Streams {
        private static final ThreadLocal<PrintStream[]> CURRENT = new ThreadLocal<>();

        static void set(PrintStream out, PrintStream err) {
            CURRENT.set(new PrintStream[] {out, err});
        }

        static void clear() {
            CURRENT.remove();
        }

        static PrintStream out() {
            return CURRENT.get() == null ? System.out : CURRENT.get()[0];
        }

        static PrintStream err() {
            return CURRENT.get() == null ? System.err : CURRENT.get()[1];
        }
    }

    /** Options every {@code local} subcommand shares. */
    static class DataDirOption {
        @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".brook",
                description = "Where pods keep data, logs and the cluster's state (default: ${DEFAULT-VALUE}).")
        Path dataDir;

        LocalPlatform platform() {
            return new LocalPlatform(dataDir, Streams.out(), Streams.err());
        }
    }

    @Command(name = "local", mixinStandardHelpOptions = true,
            description = "A real ZooKeeper ensemble and Kafka brokers as local processes, from Brook YAML.",
            subcommands = {Local.Up.class, Local.Apply.class, Local.Status.class, Local.Logs.class, Local.ClientConfig.class,
                    Local.Down.class})
    static final class Local implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().usage(spec.commandLine().getOut());
            return 0;
        }

        @Command(name = "up", mixinStandardHelpOptions = true, description = {
                "Validates the files like the operator does, starts the cluster as background processes that keep "
                        + "running after this command, applies the topics, consumer groups and users, prints the status table."})
        static final class Up implements Callable<Integer> {
            @Option(names = {"-f", "--filename"}, paramLabel = "FILE|DIR",
                    description = "YAML files or directories (default: examples/cluster.yaml, examples/topic.yaml, examples/consumer-group.yaml, "
                            + "examples/users.yaml).")
            List<Path> files;

            @CommandLine.Mixin
            DataDirOption data = new DataDirOption();

            @Option(names = "--address-block", defaultValue = "77", paramLabel = "N",
                    description = "Pods get loopback addresses 127.0.N.x (default: ${DEFAULT-VALUE}).")
            int addressBlock;

            @Option(names = "--wait", defaultValue = "240", paramLabel = "SECONDS",
                    description = "Bound on the wait for every pod to be ready (default: ${DEFAULT-VALUE}).")
            int waitSeconds;

            @Override
            public Integer call() {
                if (addressBlock < 1 || addressBlock > 254) {
                    Streams.err().println("--address-block must be 1..254");
                    return 2;
                }
                return data.platform().up(files == null || files.isEmpty() ? DEFAULT_FILES : files, addressBlock,
                        Duration.ofSeconds(waitSeconds));
            }
        }

        @Command(name = "apply", mixinStandardHelpOptions = true, description = {
                "Applies changed Topics, ConsumerGroups and Users to the running local cluster (nothing is deleted); "
                        + "a changed Cluster spec is reported (restart with down/up to apply it)."})
        static final class Apply implements Callable<Integer> {
            @Option(names = {"-f", "--filename"}, paramLabel = "FILE|DIR", required = true, description = "YAML files or directories.")
            List<Path> files;

            @CommandLine.Mixin
            DataDirOption data = new DataDirOption();

            @Override
            public Integer call() {
                return data.platform().apply(files);
            }
        }

        @Command(name = "status", mixinStandardHelpOptions = true,
                description = "Prints the status table: pods, topics, consumer groups with lag. Exit 1 when a pod is not ready.")
        static final class Status implements Callable<Integer> {
            @CommandLine.Mixin
            DataDirOption data = new DataDirOption();

            @Override
            public Integer call() {
                return data.platform().status();
            }
        }

        @Command(name = "logs", mixinStandardHelpOptions = true, description = "Prints a pod's log (stdout and stderr of its agent).")
        static final class Logs implements Callable<Integer> {
            @Parameters(paramLabel = "POD", description = "e.g. demo-broker-0")
            String pod;

            @Option(names = "--tail", defaultValue = "100", paramLabel = "N", description = "Last N lines; 0 for all (default: ${DEFAULT-VALUE}).")
            int tail;

            @CommandLine.Mixin
            DataDirOption data = new DataDirOption();

            @Override
            public Integer call() {
                return data.platform().logs(pod, tail);
            }
        }

        @Command(name = "client-config", mixinStandardHelpOptions = true, description = {
                "Prints where a User's files are (its certificate or password, the CA certificate) and its client "
                        + "configurations for Java (client.properties) and librdkafka (kcat -F)."})
        static final class ClientConfig implements Callable<Integer> {
            @Parameters(paramLabel = "USER", description = "The User's metadata.name (or its Kafka user name), e.g. orders-reader")
            String user;

            @CommandLine.Mixin
            DataDirOption data = new DataDirOption();

            @Override
            public Integer call() {
                return data.platform().clientConfig(user);
            }
        }

        @Command(name = "down", mixinStandardHelpOptions = true,
                description = "Stops every process of the local cluster (SIGTERM, then SIGKILL after a bound). Data is kept unless --purge.")
        static final class Down implements Callable<Integer> {
            @Option(names = "--purge", description = "Also delete the data dir (records, offsets, logs).")
            boolean purge;

            @CommandLine.Mixin
            DataDirOption data = new DataDirOption();

            @Override
            public Integer call() {
                return data.platform().down(purge);
            }
        }
    }
}
