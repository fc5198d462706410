package dev.brook.local;

import dev.brook.contract.PodEnvironment;
import dev.brook.contract.PodPaths;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A StatefulSet shaped like the operator's (the model's own sets are translated in brook-cli's LocalClusterPlanTest and
 * run by the harness): what each field becomes on a local pod.
 */
class StatefulSetPodsTest {
    private static final StatefulSetPods PODS = new StatefulSetPods(LoopbackAddresses.block(9),
            pod -> Path.of("/volumes", pod), List.of("-XX:TieredStopAtLevel=1"));

    @Test
    void containerEnvInputsAddressAndNameBecomeThePodSpec() {
        ConfigMap inputs = new ConfigMapBuilder().withNewMetadata().withName("c1-broker-inputs").endMetadata()
                .withData(Map.of(PodPaths.BROKER_INPUTS_FILE, "cluster.name=c1\n")).build();

        List<PodSpec> pods = PODS.pods(brokerSet(), name -> name.equals("c1-broker-inputs") ? inputs : null);

        assertThat(pods).extracting(PodSpec::name).containsExactly("c1-broker-0", "c1-broker-1");
        PodSpec pod = pods.get(1);
        assertThat(pod.roleArgument()).isEqualTo("broker");
        assertThat(pod.bindAddress()).isEqualTo("127.0.9.102");
        assertThat(pod.hostnames()).containsExactly("c1-broker-1.c1-broker.ns1.svc.cluster.local");
        assertThat(pod.dataDir()).isEqualTo(Path.of("/volumes", "c1-broker-1"));
        assertThat(pod.inputFiles()).containsExactly(Map.entry(PodPaths.BROKER_INPUTS_FILE, "cluster.name=c1\n"));
        // Container paths and the pod name are the runtime's; the rest is the template's.
        assertThat(pod.env()).containsOnlyKeys(PodEnvironment.HEAP_OPTS, PodEnvironment.SHUTDOWN_TIMEOUT_SECONDS, PodEnvironment.METRICS_PORT);
        assertThat(pod.jvmOptions()).containsExactly("-XX:TieredStopAtLevel=1", "-Da=1", "-Db=2");
        assertThat(pod.healthPort()).isEqualTo(9191);
    }

    @Test
    void aMissingConfigMapGivesAPodWithoutInputs() {
        assertThat(PODS.pod(brokerSet(), name -> null, 0).inputFiles()).isEmpty();
    }

    private static StatefulSet brokerSet() {
        return new StatefulSetBuilder()
                .withNewMetadata().withName("c1-broker").withNamespace("ns1").endMetadata()
                .withNewSpec().withServiceName("c1-broker").withReplicas(2)
                    .withNewTemplate().withNewSpec()
                        .addNewContainer().withName("broker").withCommand("/opt/brook/bin/brook-agent").withArgs("broker")
                            .withEnv(new EnvVarBuilder().withName(PodEnvironment.POD_NAME).withNewValueFrom().withNewFieldRef()
                                            .withFieldPath("metadata.name").endFieldRef().endValueFrom().build(),
                                    env(PodEnvironment.DATA_DIR, PodEnvironment.DEFAULT_DATA_DIR),
                                    env(PodEnvironment.INPUTS_DIR, PodEnvironment.DEFAULT_INPUTS_DIR),
                                    env(PodEnvironment.WORK_DIR, PodEnvironment.DEFAULT_WORK_DIR),
                                    env(PodEnvironment.HEALTH_PORT, "9191"),
                                    env(PodEnvironment.METRICS_PORT, "9404"),
                                    env(PodEnvironment.HEAP_OPTS, "-Xms128m -Xmx256m"),
                                    env(PodEnvironment.JVM_OPTS, "-Da=1 -Db=2"),
                                    env(PodEnvironment.SHUTDOWN_TIMEOUT_SECONDS, "60"))
                            .addNewVolumeMount().withName("inputs").withMountPath(PodEnvironment.DEFAULT_INPUTS_DIR).endVolumeMount()
                            .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
                        .endContainer()
                        .addNewVolume().withName("inputs").withNewConfigMap().withName("c1-broker-inputs").endConfigMap().endVolume()
                        .addNewVolume().withName("tmp").withNewEmptyDir().endEmptyDir().endVolume()
                    .endSpec().endTemplate()
                .endSpec().build();
    }

    private static io.fabric8.kubernetes.api.model.EnvVar env(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }
}
