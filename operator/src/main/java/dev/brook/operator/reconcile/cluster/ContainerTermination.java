package dev.brook.operator.reconcile.cluster;

import dev.brook.contract.ExitCode;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;
import java.util.Optional;

/**
 * Why a pod's agent last exited with an error, as Kubernetes reports it: the container's termination message
 * (the agent writes its one line to the termination log) from {@code state.terminated} while it is down, else
 * {@code lastState.terminated} while it waits to be started again (CrashLoopBackOff) or starts again. A stop
 * after SIGTERM ({@link ExitCode#TERMINATED}) is no failure.
 */
final class ContainerTermination {
    private ContainerTermination() {
    }

    static Optional<String> lastFailure(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        List<ContainerStatus> statuses = pod.getStatus().getContainerStatuses();
        for (ContainerStatus status : statuses) {
            Optional<String> now = failure(status.getState() == null ? null : status.getState().getTerminated());
            if (now.isPresent()) {
                return now;
            }
            Optional<String> last = failure(status.getLastState() == null ? null : status.getLastState().getTerminated());
            if (last.isPresent()) {
                return last;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> failure(ContainerStateTerminated terminated) {
        if (terminated == null || terminated.getExitCode() == null || terminated.getExitCode() == 0
                || terminated.getExitCode() == ExitCode.TERMINATED.code() || terminated.getMessage() == null) {
            return Optional.empty();
        }
        String message = terminated.getMessage().strip();
        // One line: the agent writes one; anything longer (a log tail) keeps its last line, where the agent's is.
        int lastBreak = message.lastIndexOf('\n');
        String line = lastBreak < 0 ? message : message.substring(lastBreak + 1).strip();
        return line.isEmpty() ? Optional.empty() : Optional.of(line);
    }
}
