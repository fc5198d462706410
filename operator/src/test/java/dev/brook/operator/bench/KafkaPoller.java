package dev.brook.operator.bench;

import static org.awaitility.Awaitility.await;

import dev.brook.testkit.ClusterTimeline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * Polls Kafka every 250 ms (bench/rolling): the controller and every partition's leader and ISR, each
 * change noted in the timeline as {@code "Kafka: ..."}; samples the {@link CpuLedger} on the same beat.
 */
final class KafkaPoller implements AutoCloseable {
    /** {@code smallestIsr}: the fewest in-sync replicas any partition had at this poll (-1 when the poll failed). */
    record Sample(long nanos, int controller, int partitions, int underReplicated, int offline, Set<Integer> outOfIsr, int smallestIsr,
                  String error) {
        boolean inSync() {
            return error == null && partitions > 0 && underReplicated == 0 && offline == 0;
        }
    }

    private final Admin admin;
    private final ClusterTimeline timeline;
    private final CpuLedger cpu;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;
    private String last = "";

    KafkaPoller(Admin admin, ClusterTimeline timeline, CpuLedger cpu) {
        this.admin = admin;
        this.timeline = timeline;
        this.cpu = cpu;
        this.thread = new Thread(this::run, "bench-kafka-poller");
        this.thread.setDaemon(true);
        this.thread.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> lastController() >= 0);
    }

    private void run() {
        while (running) {
            cpu.sample();
            Sample s = poll();
            synchronized (this) {
                samples.add(s);
            }
            String text = s.error != null ? "Admin poll failed: " + s.error
                    : "controller " + s.controller + "; " + (s.underReplicated == 0 ? "all " + s.partitions + " partitions in sync"
                            : s.underReplicated + " of " + s.partitions + " partitions under-replicated (out of ISR: broker " + s.outOfIsr + ")")
                    + (s.offline > 0 ? "; " + s.offline + " without leader" : "");
            if (!text.equals(last)) {
                last = text;
                timeline.note("Kafka: " + text);
            }
            try {
                Thread.sleep(250); // the sampling period
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Sample poll() {
        try {
            int controller = admin.describeCluster().controller().get(6, TimeUnit.SECONDS).id();
            Set<String> names = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(6, TimeUnit.SECONDS);
            Map<String, TopicDescription> d = admin.describeTopics(names).allTopicNames().get(6, TimeUnit.SECONDS);
            int partitions = 0;
            int under = 0;
            int offline = 0;
            Set<Integer> out = new TreeSet<>();
            int smallestIsr = Integer.MAX_VALUE;
            for (TopicDescription t : d.values()) {
                for (TopicPartitionInfo p : t.partitions()) {
                    partitions++;
                    smallestIsr = Math.min(smallestIsr, p.isr().size());
                    if (p.leader() == null || p.leader().isEmpty()) {
                        offline++;
                    }
                    if (p.isr().size() < p.replicas().size()) {
                        under++;
                        p.replicas().stream().filter(r -> !p.isr().contains(r)).forEach(r -> out.add(r.id()));
                    }
                }
            }
            return new Sample(System.nanoTime(), controller, partitions, under, offline, out, partitions == 0 ? -1 : smallestIsr, null);
        } catch (Exception e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return new Sample(System.nanoTime(), -1, 0, 0, 0, Set.of(), -1, cause.getClass().getSimpleName());
        }
    }

    synchronized int lastController() {
        for (int i = samples.size() - 1; i >= 0; i--) {
            if (samples.get(i).controller >= 0) {
                return samples.get(i).controller;
            }
        }
        return -1;
    }

    synchronized boolean inSyncNow() {
        return !samples.isEmpty() && samples.get(samples.size() - 1).inSync();
    }

    /** The controller at the last successful poll before {@code nanos}. */
    synchronized int controllerAt(long nanos) {
        int c = -1;
        for (Sample s : samples) {
            if (s.nanos > nanos) {
                break;
            }
            if (s.controller >= 0) {
                c = s.controller;
            }
        }
        return c;
    }

    synchronized List<Integer> controllersBetween(long from, long to) {
        List<Integer> result = new ArrayList<>();
        for (Sample s : samples) {
            if (s.nanos >= from && s.nanos <= to && s.controller >= 0 && (result.isEmpty() || result.get(result.size() - 1) != s.controller)) {
                result.add(s.controller);
            }
        }
        return result;
    }

    /** The first successful poll after {@code nanos} at which {@code broker} is in every partition's ISR it replicates; -1 if none. */
    synchronized long firstBackInIsrAfter(long nanos, int broker) {
        return samples.stream().filter(s -> s.nanos >= nanos && s.error == null && s.partitions > 0 && !s.outOfIsr.contains(broker))
                .mapToLong(Sample::nanos).findFirst().orElse(-1);
    }

    /** The fewest in-sync replicas any partition had at a poll in [from, to]; -1 without a successful poll. */
    synchronized int smallestIsr(long from, long to) {
        return samples.stream().filter(s -> s.nanos >= from && s.nanos <= to && s.error == null && s.smallestIsr >= 0)
                .mapToInt(Sample::smallestIsr).min().orElse(-1);
    }

    synchronized int maxOffline(long from, long to) {
        return samples.stream().filter(s -> s.nanos >= from && s.nanos <= to).mapToInt(Sample::offline).max().orElse(0);
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
