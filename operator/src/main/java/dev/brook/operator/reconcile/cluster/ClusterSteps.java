package dev.brook.operator.reconcile.cluster;

import jakarta.inject.Singleton;

/** The steps of a Cluster reconcile and what they share, in the order the reconciler runs them. */
@Singleton
public class ClusterSteps {
    private final ClusterApply apply;
    private final RackBindingStep racks;
    private final CertificatesStep certificates;
    private final NetworkPolicyStep networkPolicies;
    private final ZookeeperStep zookeeper;
    private final BrokersStep brokers;
    private final DynamicConfigStep dynamicConfig;
    private final CertificateReloadStep certificateReload;
    private final ReadinessStep readiness;
    private final RollingRestartStep rollingRestart;
    private final RebalanceStep rebalance;
    private final VolumeClaims volumeClaims;
    private final PodRestarts restarts;

    public ClusterSteps(ClusterApply apply, RackBindingStep racks, CertificatesStep certificates, NetworkPolicyStep networkPolicies,
            ZookeeperStep zookeeper, BrokersStep brokers,
            DynamicConfigStep dynamicConfig, CertificateReloadStep certificateReload, ReadinessStep readiness, RollingRestartStep rollingRestart, RebalanceStep rebalance,
            VolumeClaims volumeClaims, PodRestarts restarts) {
        this.apply = apply;
        this.racks = racks;
        this.certificates = certificates;
        this.networkPolicies = networkPolicies;
        this.zookeeper = zookeeper;
        this.brokers = brokers;
        this.dynamicConfig = dynamicConfig;
        this.certificateReload = certificateReload;
        this.readiness = readiness;
        this.rollingRestart = rollingRestart;
        this.rebalance = rebalance;
        this.volumeClaims = volumeClaims;
        this.restarts = restarts;
    }

    public ClusterApply apply() { return apply; }
    public RackBindingStep racks() { return racks; }
    public CertificatesStep certificates() { return certificates; }
    public NetworkPolicyStep networkPolicies() { return networkPolicies; }
    public ZookeeperStep zookeeper() { return zookeeper; }
    public BrokersStep brokers() { return brokers; }
    public DynamicConfigStep dynamicConfig() { return dynamicConfig; }
    public CertificateReloadStep certificateReload() { return certificateReload; }
    public ReadinessStep readiness() { return readiness; }
    public RollingRestartStep rollingRestart() { return rollingRestart; }
    public RebalanceStep rebalance() { return rebalance; }
    public VolumeClaims volumeClaims() { return volumeClaims; }
    public PodRestarts restarts() { return restarts; }
}
