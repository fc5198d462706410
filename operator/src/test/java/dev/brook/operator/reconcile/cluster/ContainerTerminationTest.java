package dev.brook.operator.reconcile.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;

/** The agent's one line reaches the roll's message from whichever place Kubernetes keeps it. */
class ContainerTerminationTest {

    private static Pod pod(ContainerStatusBuilder status) {
        return new PodBuilder().withNewMetadata().withName("c-broker-0").endMetadata()
                .withNewStatus().withContainerStatuses(status.withName("broker").build()).endStatus().build();
    }

    @Test
    void aFailedExitsMessageIsShownFromTheCurrentOrTheLastState() {
        Pod crashLooping = pod(new ContainerStatusBuilder().withLastState(new ContainerStateBuilder().withNewTerminated().withExitCode(3)
                .withMessage("brook-agent: invalid Kafka configuration: x\n").endTerminated().build()));
        assertThat(ContainerTermination.lastFailure(crashLooping)).hasValue("brook-agent: invalid Kafka configuration: x");
        Pod down = pod(new ContainerStatusBuilder().withState(new ContainerStateBuilder().withNewTerminated().withExitCode(6)
                .withMessage("Kafka log line\nbrook-agent: Kafka failed: y").endTerminated().build()));
        assertThat(ContainerTermination.lastFailure(down)).hasValue("brook-agent: Kafka failed: y");
    }

    @Test
    void aGracefulStopOrAnExitWithoutMessageIsNoFailure() {
        Pod stopped = pod(new ContainerStatusBuilder().withLastState(new ContainerStateBuilder().withNewTerminated().withExitCode(143)
                .withMessage("brook-agent: stopped").endTerminated().build()));
        assertThat(ContainerTermination.lastFailure(stopped)).isEmpty();
        Pod silent = pod(new ContainerStatusBuilder().withLastState(new ContainerStateBuilder().withNewTerminated().withExitCode(137)
                .endTerminated().build()));
        assertThat(ContainerTermination.lastFailure(silent)).isEmpty();
        assertThat(ContainerTermination.lastFailure(new PodBuilder().build())).isEmpty();
    }
}
