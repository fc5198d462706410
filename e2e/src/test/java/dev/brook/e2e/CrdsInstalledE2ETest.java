package dev.brook.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** On a real cluster with Brook installed (helm install brook helm/brook): the three CRDs are served. */
@ExtendWith(RealClusterExtension.class)
class CrdsInstalledE2ETest {
    @Test
    void brookCrdsAreServed() {
        try (KubernetesClient client = new KubernetesClientBuilder().build()) {
            for (String crd : new String[] {"clusters.brook.dev", "topics.brook.dev", "consumergroups.brook.dev"}) {
                assertThat(client.apiextensions().v1().customResourceDefinitions().withName(crd).get())
                        .as(crd + " installed").isNotNull();
            }
        }
    }
}
