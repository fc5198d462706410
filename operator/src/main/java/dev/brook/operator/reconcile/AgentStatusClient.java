package dev.brook.operator.reconcile;

import dev.brook.contract.PodPorts;
import dev.brook.local.AgentStatus;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Reads a pod's agent status ({@code /status} on the health port, by the pod's DNS name) through {@link AgentStatus}:
 * whether a broker is still recovering logs (never restart it then), and a ZooKeeper peer's state (leader last).
 */
@Singleton
public class AgentStatusClient {
    public Optional<AgentStatus> status(String podHost) {
        return AgentStatus.read(podHost, PodPorts.HEALTH);
    }

    /** True when the agent reports logs left to recover. */
    public boolean recovering(String podHost) {
        return status(podHost).map(AgentStatus::recovering).orElse(false);
    }

    /** True when the ZooKeeper peer reports that it leads the ensemble. */
    public boolean leading(String podHost) {
        return status(podHost).map(AgentStatus::leading).orElse(false);
    }
}
