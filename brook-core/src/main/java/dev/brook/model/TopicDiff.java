package dev.brook.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;

/**
 * The difference between a Topic spec and the topic in Kafka, as the changes to make or the reason
 * not to make them. spec.config is authoritative: keys it sets are set, and keys set on the topic
 * that it does not name are removed (back to the broker default) and reported. Broker defaults are
 * never touched. Partitions may only grow; the replication factor is not changed by Brook.
 */
public record TopicDiff(List<AlterConfigOp> configOps, List<String> revertedKeys, Integer increasePartitionsTo,
                        Refusal refusal) {

    public boolean isNoop() {
        return refusal == null && configOps.isEmpty() && increasePartitionsTo == null;
    }

    public static TopicDiff between(DesiredTopic spec, TopicState current) {
        if (spec.partitions() != null && spec.partitions() < current.partitions()) {
            return refused(new Refusal(Reason.NotSupported, "spec.partitions " + spec.partitions() + " is below the "
                    + current.partitions() + " partitions of topic " + current.name()
                    + "; Kafka cannot remove partitions. Set spec.partitions to " + current.partitions()
                    + " or more, or create a new topic and move the consumers to it"));
        }
        if (spec.replicationFactor() != null && spec.replicationFactor() != current.replicationFactor()) {
            return refused(new Refusal(Reason.NotSupported, "spec.replicationFactor " + spec.replicationFactor()
                    + " differs from the topic's " + current.replicationFactor()
                    + "; Brook does not reassign replicas. Set spec.replicationFactor back to " + current.replicationFactor()
                    + ", or move replicas with kafka-reassign-partitions.sh and then update the spec"));
        }
        Map<String, String> desired = spec.config();
        List<AlterConfigOp> ops = new ArrayList<>();
        desired.forEach((key, value) -> {
            if (!value.equals(current.dynamicConfig().get(key))) {
                ops.add(new AlterConfigOp(new ConfigEntry(key, value), AlterConfigOp.OpType.SET));
            }
        });
        List<String> reverted = new ArrayList<>();
        for (String key : new TreeMap<>(current.dynamicConfig()).keySet()) {
            if (!desired.containsKey(key)) {
                ops.add(new AlterConfigOp(new ConfigEntry(key, null), AlterConfigOp.OpType.DELETE));
                reverted.add(key);
            }
        }
        Integer grow = spec.partitions() != null && spec.partitions() > current.partitions() ? spec.partitions() : null;
        return new TopicDiff(ops, reverted, grow, null);
    }

    private static TopicDiff refused(Refusal refusal) {
        return new TopicDiff(List.of(), List.of(), null, refusal);
    }
}
