package dev.brook.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** No cluster needed: the suite's laptop copy of the examples changes sizes only; the topology and every listener stay. */
class ExamplesForLaptopTest {
    @Test
    void onlySizesChange() throws Exception {
        Path repo = Examples.repoRoot();
        ObjectNode original = Examples.first(Examples.read(repo), "Cluster");
        ObjectNode laptop = Examples.first(Examples.forLaptop(repo), "Cluster");

        assertThat(laptop.at("/spec/brokers/listeners")).as("listeners, the NodePort one included").isEqualTo(original.at("/spec/brokers/listeners"));
        assertThat(laptop.at("/spec/brokers/listeners").findValuesAsText("type")).contains("nodeport");
        assertThat(laptop.at("/spec/brokers/replicas")).isEqualTo(original.at("/spec/brokers/replicas"));
        assertThat(laptop.at("/spec/zookeeper/replicas")).isEqualTo(original.at("/spec/zookeeper/replicas"));
        assertThat(laptop.at("/spec/brokers/config")).isEqualTo(original.at("/spec/brokers/config"));
        assertThat(laptop.at("/spec/brokers/storage/size").asText()).isEqualTo("1Gi");

        ObjectNode sizesOnly = laptop.deepCopy();
        for (String part : new String[] {"zookeeper", "brokers"}) {
            for (String field : new String[] {"resources", "jvmOptions"}) {
                ((ObjectNode) sizesOnly.at("/spec/" + part)).set(field, original.at("/spec/" + part + "/" + field));
            }
        }
        ((ObjectNode) sizesOnly.at("/spec/brokers/storage")).set("size", original.at("/spec/brokers/storage/size"));
        assertThat(sizesOnly).as("the laptop copy with the original sizes put back").isEqualTo(original);
    }
}
