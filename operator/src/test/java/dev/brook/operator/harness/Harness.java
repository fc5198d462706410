package dev.brook.operator.harness;

import dev.brook.local.Directories;
import dev.brook.local.LocalKafkaCluster;
import dev.brook.local.LocalProcessRuntime;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;

/**
 * Entry point of the integration harness: a {@link TestKubelet} for one namespace whose pods run on
 * 127.0.{block}.x, with the hosts file the harness JVM resolves names with (see the operator pom:
 * harness tests run with {@code -Djdk.net.hosts.file=target/harness/hosts}).
 */
public final class Harness {
    private Harness() {
    }

    public static TestKubelet kubelet(KubernetesClient client, String namespace, int addressBlock) {
        String dir = System.getProperty("brook.harness.dir");
        if (dir == null) {
            throw new IllegalStateException("harness tests need the surefire 'harness' execution (it sets brook.harness.dir "
                    + "and -Djdk.net.hosts.file); see the surefire configuration in operator/pom.xml");
        }
        LocalProcessRuntime runtime = new LocalProcessRuntime(Path.of(dir));
        // Each run starts from empty volumes (a previous run's data would hold its topics).
        Directories.deleteTree(runtime.workRoot().resolve("volumes").resolve(namespace));
        return new TestKubelet(client, namespace, runtime, addressBlock, LocalKafkaCluster.FAST_START_JVM_OPTIONS);
    }

    /** Small heaps: six JVMs share a 2-core test machine. */
    public static List<String> smallHeaps() {
        return List.of("-Xms128m", "-Xmx256m");
    }
}
