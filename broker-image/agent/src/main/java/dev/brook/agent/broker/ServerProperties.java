package dev.brook.agent.broker;

import dev.brook.contract.BrokerDefaults;
import dev.brook.contract.BrokerInputs;
import dev.brook.contract.InputsText;
import dev.brook.contract.Listener;
import dev.brook.contract.PodName;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Renders {@code server.properties} for one broker: Brook defaults, then the user's config, then the
 * keys Brook owns (identity, ZooKeeper, listeners, storage, rack), which always win (the agent has
 * already refused a user config that sets them).
 */
public final class ServerProperties {
    private ServerProperties() {
    }

    public static SortedMap<String, String> entries(BrokerInputs inputs, PodName pod, String bindAddress, Path logDir,
                                                    Optional<String> rack) {
        SortedMap<String, String> props = new TreeMap<>(BrokerDefaults.forReplicas(inputs.replicas()));
        props.putAll(inputs.userConfig());
        props.put("broker.id", Integer.toString(pod.brokerId()));
        props.put("zookeeper.connect", inputs.zookeeperConnectString());
        List<String> listeners = new ArrayList<>();
        List<String> advertised = new ArrayList<>();
        List<String> protocols = new ArrayList<>();
        for (Listener listener : inputs.listeners()) { // sorted by name
            listeners.add(listener.name() + "://" + bindAddress + ":" + listener.port());
            advertised.add(listener.name() + "://" + listener.advertisedAddress(pod, inputs.addressing()));
            protocols.add(listener.name() + ":" + listener.protocol());
        }
        props.put("listeners", String.join(",", listeners));
        props.put("advertised.listeners", String.join(",", advertised));
        props.put("listener.security.protocol.map", String.join(",", protocols));
        props.put("inter.broker.listener.name", inputs.interBrokerListener());
        props.put("log.dirs", logDir.toString());
        rack.ifPresent(r -> props.put("broker.rack", r));
        return props;
    }

    public static String render(SortedMap<String, String> entries) {
        return InputsText.render("server.properties rendered by brook-agent", entries);
    }
}
