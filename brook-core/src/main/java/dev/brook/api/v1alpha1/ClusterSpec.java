package dev.brook.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Size;

/** Desired state of a Kafka cluster with its ZooKeeper ensemble. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class ClusterSpec {
    public static final String SUPPORTED_VERSION = "3.9.2";

    @JsonPropertyDescription("Kafka version. Only 3.9.2 is supported (the last Kafka line with ZooKeeper mode); another value is reported in status, not guessed.")
    @Default(SUPPORTED_VERSION)
    @Size(max = 32)
    private String version = SUPPORTED_VERSION;

    @JsonPropertyDescription("The ZooKeeper ensemble.")
    private ZookeeperSpec zookeeper = new ZookeeperSpec();

    @JsonPropertyDescription("The Kafka brokers.")
    private BrokersSpec brokers = new BrokersSpec();

    @JsonPropertyDescription("TLS and certificate authorities. New clusters get TLS between Brook's own pods; each client "
            + "listener chooses with listeners[].tls.")
    private SecuritySpec security;

    @JsonPropertyDescription("Prometheus metrics of the pods.")
    private MetricsSpec metrics = new MetricsSpec();

    public String getVersion() { return version; }
    public void setVersion(String version) { this.version = version; }
    public ZookeeperSpec getZookeeper() { return zookeeper; }
    public void setZookeeper(ZookeeperSpec zookeeper) { this.zookeeper = zookeeper; }
    public BrokersSpec getBrokers() { return brokers; }
    public void setBrokers(BrokersSpec brokers) { this.brokers = brokers; }
    public SecuritySpec getSecurity() { return security; }
    public void setSecurity(SecuritySpec security) { this.security = security; }
    public MetricsSpec getMetrics() { return metrics; }
    public void setMetrics(MetricsSpec metrics) { this.metrics = metrics; }
}
