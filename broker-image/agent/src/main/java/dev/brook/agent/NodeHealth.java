package dev.brook.agent;

import java.util.Map;

/** What the health server asks of the running role. Implementations must answer quickly and never throw. */
public interface NodeHealth {
    /** False once the node has failed and only a restart helps. */
    boolean live();

    /** True when the node serves (see {@link dev.brook.contract.PodEndpoints#READINESS}). */
    boolean ready();

    /** Role-specific state for the status JSON (values: String, Number or Boolean). */
    Map<String, Object> status();
}
