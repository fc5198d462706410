package dev.brook.operator.reconcile;

import dev.brook.model.BrookImage;
import dev.brook.model.Platform;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Where the operator's clusters run: the pods' image, the Kubernetes cluster's DNS domain and the ClusterRole
 * for rack awareness (chart values brokerImage, clusterDomain, rackAwareness.enabled).
 */
public class PlatformProducer {
    @Produces
    @Singleton
    Platform platform(@ConfigProperty(name = "brook.broker-image", defaultValue = BrookImage.DEFAULT) String brokerImage,
            @ConfigProperty(name = "brook.cluster-domain", defaultValue = Platform.DEFAULT_CLUSTER_DOMAIN) String clusterDomain,
            @ConfigProperty(name = "brook.rack-cluster-role") java.util.Optional<String> rackClusterRole) {
        return new Platform(brokerImage, clusterDomain, rackClusterRole.filter(r -> !r.isBlank()).orElse(null));
    }
}
