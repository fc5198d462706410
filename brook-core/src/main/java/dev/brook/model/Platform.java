package dev.brook.model;

/**
 * What the model needs to know about where Brook runs, besides the Cluster's spec: the image every
 * ZooKeeper and broker pod runs (the operator's {@code brook.broker-image}) and the Kubernetes cluster's
 * DNS domain (the operator's {@code brook.cluster-domain}; {@code cluster.local} unless the cluster was set
 * up with another one). Pods address each other by their headless-Service names under that domain.
 *
 * @param brokerImage     image of the ZooKeeper and broker pods
 * @param clusterDomain   the cluster's DNS domain, e.g. {@code cluster.local}
 * @param rackClusterRole the ClusterRole that lets broker pods read their Node ({@link RackNodeReader}), or null when
 *                        the installation does not offer rack awareness (chart option {@code rackAwareness.enabled})
 */
public record Platform(String brokerImage, String clusterDomain, String rackClusterRole) {
    public static final String DEFAULT_CLUSTER_DOMAIN = "cluster.local";
    public static final Platform DEFAULT = new Platform(BrookImage.DEFAULT, DEFAULT_CLUSTER_DOMAIN, null);
    private static final String DOMAIN = "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";

    public Platform(String brokerImage, String clusterDomain) {
        this(brokerImage, clusterDomain, null);
    }

    public Platform {
        if (brokerImage == null || brokerImage.isBlank()) {
            throw new IllegalArgumentException("the broker image is empty (brook.broker-image)");
        }
        if (clusterDomain == null || !clusterDomain.matches(DOMAIN) || clusterDomain.length() > 200) {
            throw new IllegalArgumentException("'" + clusterDomain + "' is not a DNS domain (brook.cluster-domain), e.g. cluster.local");
        }
    }

    /** The same platform with another broker image. */
    public Platform withBrokerImage(String image) {
        return new Platform(image, clusterDomain, rackClusterRole);
    }

    /** The same platform offering rack awareness through {@code clusterRole}. */
    public Platform withRackClusterRole(String clusterRole) {
        return new Platform(brokerImage, clusterDomain, clusterRole);
    }

    /** {@code <svc>.<ns>.svc.<domain>}: the domain a headless Service gives its pods. */
    public String headlessDomain(String service, String namespace) {
        return service + "." + namespace + ".svc." + clusterDomain;
    }
}
