package dev.brook.contract;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * How the pods of one StatefulSet reach each other: either the headless-service domain
 * (pod {@code p} is {@code p.<domain>}, e.g. {@code c1-broker-0.c1-broker.ns.svc.cluster.local})
 * or an explicit host per ordinal (IP literals or names).
 */
public record PodAddressing(String serviceDomain, List<String> hosts) {

    public PodAddressing {
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
        boolean hasDomain = serviceDomain != null && !serviceDomain.isBlank();
        if (hasDomain == !hosts.isEmpty()) {
            throw new InvalidInputsException("give either a headless-service domain or explicit per-ordinal hosts, not "
                    + (hasDomain ? "both" : "neither"));
        }
        if (hasDomain && (serviceDomain.startsWith(".") || serviceDomain.contains(" "))) {
            throw new InvalidInputsException("service domain '" + serviceDomain + "' is malformed");
        }
        for (String host : hosts) {
            new HostPort(host, 1); // validates the host text
        }
    }

    /** Pods addressed as {@code <pod>.<serviceDomain>}. */
    public static PodAddressing serviceDomain(String serviceDomain) {
        return new PodAddressing(serviceDomain, List.of());
    }

    /** Pod {@code n} addressed as {@code hosts.get(n)}. */
    public static PodAddressing explicitHosts(List<String> hosts) {
        return new PodAddressing(null, hosts);
    }

    public boolean usesServiceDomain() {
        return hosts.isEmpty();
    }

    /** The host of {@code pod}. */
    public String host(PodName pod) {
        if (usesServiceDomain()) {
            return pod + "." + serviceDomain;
        }
        if (pod.ordinal() >= hosts.size()) {
            throw new InvalidInputsException("no explicit host for ordinal " + pod.ordinal() + " (" + hosts.size() + " given)");
        }
        return hosts.get(pod.ordinal());
    }

    void renderInto(SortedMap<String, String> out) {
        if (usesServiceDomain()) {
            out.put("pods.domain", serviceDomain);
        } else {
            for (int i = 0; i < hosts.size(); i++) {
                out.put("pods.host." + i, hosts.get(i));
            }
        }
    }

    static PodAddressing readFrom(InputFields fields) {
        String domain = fields.optional("pods.domain");
        TreeMap<Integer, String> byOrdinal = new TreeMap<>();
        fields.withPrefix("pods.host.").forEach((k, v) -> {
            try {
                byOrdinal.put(Integer.parseInt(k), v.trim());
            } catch (NumberFormatException e) {
                throw new InvalidInputsException("field 'pods.host." + k + "' has no ordinal");
            }
        });
        if (!byOrdinal.isEmpty() && byOrdinal.lastKey() != byOrdinal.size() - 1) {
            throw new InvalidInputsException("explicit hosts must cover ordinals 0.." + (byOrdinal.size() - 1) + " without gaps");
        }
        return new PodAddressing(domain, List.copyOf(byOrdinal.values()));
    }
}
