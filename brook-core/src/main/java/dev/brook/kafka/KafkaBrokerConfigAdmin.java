package dev.brook.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;

/** {@link BrokerConfigAdmin} on the Kafka Admin client: the broker resource with the empty name is the cluster default. */
final class KafkaBrokerConfigAdmin implements BrokerConfigAdmin {
    private static final java.util.regex.Pattern STORE_LOCATION =
            java.util.regex.Pattern.compile("listener\\.name\\.[^.]+\\.ssl\\.(keystore|truststore)\\.location");
    /** Every broker's cluster-wide dynamic defaults (what kafka-configs.sh --entity-default sets); any broker answers for it. */
    static final ConfigResource CLUSTER_DEFAULT = new ConfigResource(ConfigResource.Type.BROKER, "");

    private final Admin admin;
    private final Duration timeout;

    KafkaBrokerConfigAdmin(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    @Override
    public SortedMap<String, String> clusterDefaults() {
        Map<ConfigResource, Config> configs = KafkaFutures.get(admin.describeConfigs(List.of(CLUSTER_DEFAULT)).all(), timeout,
                "describe the cluster-wide broker config");
        SortedMap<String, String> out = new TreeMap<>();
        Config config = configs.get(CLUSTER_DEFAULT);
        if (config != null) {
            for (ConfigEntry e : config.entries()) {
                if (e.source() == ConfigEntry.ConfigSource.DYNAMIC_DEFAULT_BROKER_CONFIG && e.value() != null) {
                    out.put(e.name(), e.value());
                }
            }
        }
        return out;
    }

    @Override
    public List<String> reloadStores(int brokerId) {
        ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, Integer.toString(brokerId));
        Config config = KafkaFutures.get(admin.describeConfigs(List.of(broker)).all(), timeout,
                "describe the config of broker " + brokerId).get(broker);
        SortedMap<String, String> stores = new TreeMap<>();
        List<String> notYetPerBroker = new ArrayList<>();
        if (config != null) {
            for (ConfigEntry e : config.entries()) {
                if (e.value() != null && STORE_LOCATION.matcher(e.name()).matches()) {
                    stores.put(e.name(), e.value());
                    if (e.source() != ConfigEntry.ConfigSource.DYNAMIC_BROKER_CONFIG) {
                        notYetPerBroker.add(e.name());
                    }
                }
            }
        }
        if (stores.isEmpty()) {
            return List.of();
        }
        List<AlterConfigOp> again = new ArrayList<>();
        stores.forEach((k, v) -> again.add(new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET)));
        KafkaFutures.get(admin.incrementalAlterConfigs(Map.of(broker, again)).all(), timeout,
                "set the TLS store paths of broker " + brokerId + " again (reload)");
        List<AlterConfigOp> cleanUp = new ArrayList<>();
        notYetPerBroker.forEach(k -> cleanUp.add(new AlterConfigOp(new ConfigEntry(k, ""), AlterConfigOp.OpType.DELETE)));
        if (!cleanUp.isEmpty()) {
            // The broker's static value is the same path: removing the per-broker entry changes nothing it uses.
            KafkaFutures.get(admin.incrementalAlterConfigs(Map.of(broker, cleanUp)).all(), timeout,
                    "remove the per-broker TLS store paths of broker " + brokerId + " after the reload");
        }
        return List.copyOf(stores.keySet());
    }

    @Override
    public void alterClusterDefaults(Map<String, String> set, Set<String> remove) {
        List<AlterConfigOp> ops = new ArrayList<>();
        set.forEach((k, v) -> ops.add(new AlterConfigOp(new ConfigEntry(k, v), AlterConfigOp.OpType.SET)));
        remove.forEach(k -> ops.add(new AlterConfigOp(new ConfigEntry(k, ""), AlterConfigOp.OpType.DELETE)));
        if (ops.isEmpty()) {
            return;
        }
        KafkaFutures.get(admin.incrementalAlterConfigs(Map.of(CLUSTER_DEFAULT, ops)).all(), timeout,
                "change the cluster-wide broker config");
    }
}
