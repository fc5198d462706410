package dev.brook.model;

import dev.brook.contract.HostPort;
import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.ListenerSpec;
import dev.brook.api.v1alpha1.ListenerType;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The addresses external clients reach each broker at, per external listener (spec name) and broker
 * ordinal, as the reconciler learned them from the Services it created. Immutable.
 *
 * <p>Flow: the reconciler applies {@link BrokerSet#externalServices()}, reads them back (and the node each
 * broker pod runs on), calls {@link #learn}, and builds {@code BrokerSet.from(cluster, addresses, image)}.
 * A listener whose addresses are not all known is left out of the broker inputs
 * ({@link BrokerSet#pendingExternalAddresses()}); when they become known the inputs hash changes and the
 * brokers roll onto them.
 */
public record ExternalAddresses(SortedMap<String, SortedMap<Integer, HostPort>> byListener) {

    public ExternalAddresses {
        SortedMap<String, SortedMap<Integer, HostPort>> copy = new TreeMap<>();
        (byListener == null ? Map.<String, SortedMap<Integer, HostPort>>of() : byListener)
                .forEach((l, m) -> copy.put(l, Collections.unmodifiableSortedMap(new TreeMap<>(m))));
        byListener = Collections.unmodifiableSortedMap(copy);
    }

    public static ExternalAddresses none() {
        return new ExternalAddresses(new TreeMap<>());
    }

    /** A copy with {@code address} for broker {@code ordinal} on {@code listener} (spec name). */
    public ExternalAddresses with(String listener, int ordinal, HostPort address) {
        SortedMap<String, SortedMap<Integer, HostPort>> copy = new TreeMap<>();
        byListener.forEach((l, m) -> copy.put(l, new TreeMap<>(m)));
        copy.computeIfAbsent(listener, l -> new TreeMap<>()).put(ordinal, address);
        return new ExternalAddresses(copy);
    }

    public Optional<HostPort> address(String listener, int ordinal) {
        return Optional.ofNullable(byListener.getOrDefault(listener, Collections.emptySortedMap()).get(ordinal));
    }

    /**
     * Reads the addresses from the per-broker Services as they are on the API server.
     * <ul>
     *   <li>loadbalancer: the first {@code status.loadBalancer.ingress} entry (IP, else hostname) and the
     *       listener port;</li>
     *   <li>nodeport: {@code brokerNodeAddresses.get(ordinal)} (the address of the node broker {@code ordinal}
     *       runs on: its ExternalIP, else InternalIP; the reconciler looks it up through the pod's
     *       {@code spec.nodeName}) and the Service's allocated {@code nodePort}.</li>
     * </ul>
     * Anything not known yet (no Service, no ingress, no nodePort, pod not scheduled) is simply absent.
     *
     * @param services            Services in the cluster's namespace (others are ignored)
     * @param brokerNodeAddresses node address per broker ordinal, for nodeport listeners
     */
    public static ExternalAddresses learn(Cluster cluster, Collection<Service> services, Map<Integer, String> brokerNodeAddresses) {
        String name = cluster.getMetadata().getName();
        Map<String, Service> byName = new TreeMap<>();
        for (Service s : services) {
            if (s.getMetadata() != null && s.getMetadata().getName() != null) {
                byName.put(s.getMetadata().getName(), s);
            }
        }
        int replicas = ClusterDefaults.brokerReplicas(cluster.getSpec());
        ExternalAddresses learned = none();
        for (ListenerSpec listener : ClusterDefaults.listeners(cluster.getSpec())) {
            if (listener.getType() == ListenerType.INTERNAL) {
                continue;
            }
            for (int n = 0; n < replicas; n++) {
                Service service = byName.get(BrookNames.externalBrokerService(name, listener.getName(), n));
                Optional<HostPort> address = service == null ? Optional.empty()
                        : listener.getType() == ListenerType.LOADBALANCER
                        ? loadBalancerAddress(service, listener.getPort())
                        : nodePortAddress(service, Listeners.portName(listener), brokerNodeAddresses.get(n));
                if (address.isPresent()) {
                    learned = learned.with(listener.getName(), n, address.get());
                }
            }
        }
        return learned;
    }

    private static Optional<HostPort> loadBalancerAddress(Service service, int port) {
        if (service.getStatus() == null || service.getStatus().getLoadBalancer() == null
                || service.getStatus().getLoadBalancer().getIngress() == null) {
            return Optional.empty();
        }
        for (LoadBalancerIngress ingress : service.getStatus().getLoadBalancer().getIngress()) {
            String host = notBlank(ingress.getIp()) ? ingress.getIp() : ingress.getHostname();
            if (notBlank(host)) {
                return Optional.of(new HostPort(host, port));
            }
        }
        return Optional.empty();
    }

    private static Optional<HostPort> nodePortAddress(Service service, String portName, String nodeAddress) {
        if (!notBlank(nodeAddress) || service.getSpec() == null || service.getSpec().getPorts() == null) {
            return Optional.empty();
        }
        return service.getSpec().getPorts().stream()
                .filter(p -> portName.equals(p.getName()))
                .map(ServicePort::getNodePort)
                .filter(p -> p != null && p > 0)
                .findFirst()
                .map(p -> new HostPort(nodeAddress, p));
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
