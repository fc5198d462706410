package dev.brook.model;

import dev.brook.contract.DynamicBrokerKeys;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What to change in the cluster-wide dynamic broker config so it says what {@code spec.brokers.config}
 * says for the {@link DynamicBrokerKeys}: set what differs, remove what the spec no longer has (the
 * broker's static value, from the same spec or Kafka's default, applies again). Other cluster-wide
 * dynamic entries (set by hand with kafka-configs.sh for keys Brook does not manage) are left alone.
 */
public record DynamicConfigDiff(SortedMap<String, String> set, SortedSet<String> remove) {
    public static DynamicConfigDiff of(Map<String, String> desired, Map<String, String> current) {
        SortedMap<String, String> set = new TreeMap<>();
        desired.forEach((k, v) -> {
            if (DynamicBrokerKeys.isDynamic(k) && !v.equals(current.get(k))) {
                set.put(k, v);
            }
        });
        SortedSet<String> remove = new TreeSet<>();
        current.keySet().stream().filter(DynamicBrokerKeys::isDynamic).filter(k -> !desired.containsKey(k)).forEach(remove::add);
        return new DynamicConfigDiff(set, remove);
    }

    public boolean isEmpty() {
        return set.isEmpty() && remove.isEmpty();
    }

    /** For logs and events: {@code set a=1, b=2; removed c}. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        if (!set.isEmpty()) {
            out.append("set ");
            out.append(String.join(", ", set.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
        }
        if (!remove.isEmpty()) {
            out.append(out.isEmpty() ? "" : "; ").append("removed ").append(String.join(", ", remove));
        }
        return out.toString();
    }
}
