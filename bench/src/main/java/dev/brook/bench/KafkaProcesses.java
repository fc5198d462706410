package dev.brook.bench;

import dev.brook.local.LocalKafkaCluster;

import java.util.ArrayList;
import java.util.List;

/** The process ids of a local cluster's ZooKeeper and broker pods, for their CPU seconds (summed) from /proc. */
final class KafkaProcesses {
    private final List<Long> pids;

    private KafkaProcesses(List<Long> pids) {
        this.pids = List.copyOf(pids);
    }

    static KafkaProcesses of(LocalKafkaCluster cluster) {
        List<Long> pids = new ArrayList<>();
        for (int i = 0; i < cluster.zookeeperCount(); i++) {
            pids.add(cluster.runtime().pod(cluster.zookeeperPod(i)).orElseThrow().pid());
        }
        for (int i = 0; i < cluster.brokerCount(); i++) {
            pids.add(cluster.runtime().pod(cluster.brokerPod(i)).orElseThrow().pid());
        }
        return new KafkaProcesses(pids);
    }

    double cpuSeconds() {
        return pids.stream().mapToDouble(ProcessCpu::seconds).sum();
    }

    int count() {
        return pids.size();
    }
}
