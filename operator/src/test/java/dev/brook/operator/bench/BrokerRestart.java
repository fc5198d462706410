package dev.brook.operator.bench;

import dev.brook.testkit.ClusterTimeline.PodRestart;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One broker's restart in bench/rolling ({@link System#nanoTime()} values, -1 when not seen): its pod deleted by
 * the operator, the new pod created by the kubelet once the old process exited, Ready, and back in every ISR
 * (the first {@link KafkaPoller} poll from Ready on that finds it there; not "all partitions in sync": the next
 * broker may already be shutting down). {@code back} is the later of Ready and in sync.
 */
record BrokerRestart(String pod, int id, long deleted, long created, long ready, long inSync, long back) {

    /** The broker pods' restarts, in order. */
    static List<BrokerRestart> of(List<PodRestart> restarts, KafkaPoller poller) {
        List<BrokerRestart> result = new ArrayList<>();
        for (PodRestart r : restarts) {
            if (r.pod().contains("-broker-")) {
                int id = Integer.parseInt(r.pod().substring(r.pod().lastIndexOf('-') + 1));
                long inSync = poller.firstBackInIsrAfter(r.ready() > 0 ? r.ready() : r.created() > 0 ? r.created() : r.deleted(), id);
                long back = r.ready() < 0 || inSync < 0 ? -1 : Math.max(r.ready(), inSync);
                result.add(new BrokerRestart(r.pod(), id, r.deleted(), r.created(), r.ready(), inSync, back));
            }
        }
        return result;
    }

    /**
     * Where a finished roll's time went, as two lines: the brokers' own work (shutdown, start, catching up) and the
     * operator's share (to the first deletion, between brokers, detecting the end). Null unless every broker was
     * seen created and Ready.
     */
    static String[] breakdown(List<BrokerRestart> brokers, long t0, long rollEnd) {
        if (brokers.isEmpty() || !brokers.stream().allMatch(r -> r.created > 0 && r.ready > 0)) {
            return null;
        }
        long shutdown = 0;
        long start = 0;
        long catchUp = 0;
        long between = 0;
        long lastBack = -1;
        for (int i = 0; i < brokers.size(); i++) {
            BrokerRestart r = brokers.get(i);
            lastBack = Math.max(r.ready, r.back);
            shutdown += r.created - r.deleted;
            start += r.ready - r.created;
            catchUp += lastBack - r.ready;
            between += i + 1 < brokers.size() ? brokers.get(i + 1).deleted - lastBack : 0;
        }
        return new String[] {
            String.format(Locale.ROOT, "operator to first deletion %.1f s + shutdown %.1f s + start to Ready %.1f s + Ready to in sync %.1f s",
                    (brokers.get(0).deleted - t0) / 1e9, shutdown / 1e9, start / 1e9, catchUp / 1e9),
            String.format(Locale.ROOT, "+ operator waits between brokers %.1f s + end detected %.1f s = %.1f s",
                    between / 1e9, (rollEnd - lastBack) / 1e9, (rollEnd - t0) / 1e9)};
    }

    /** When the last broker was back: the later of its Ready and its first poll back in every ISR. */
    static long lastBack(List<BrokerRestart> brokers) {
        BrokerRestart last = brokers.get(brokers.size() - 1);
        return Math.max(last.ready, last.back);
    }
}
