package dev.brook.agent.zookeeper;

import io.prometheus.client.Collector;
import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.GaugeMetricFamily;
import org.apache.zookeeper.metrics.Counter;
import org.apache.zookeeper.metrics.CounterSet;
import org.apache.zookeeper.metrics.Gauge;
import org.apache.zookeeper.metrics.GaugeSet;
import org.apache.zookeeper.metrics.MetricsContext;
import org.apache.zookeeper.metrics.MetricsProvider;
import org.apache.zookeeper.metrics.Summary;
import org.apache.zookeeper.metrics.SummarySet;

import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * ZooKeeper's own metrics (the {@code ServerMetrics} it reports through its {@link MetricsProvider}
 * SPI) registered in the Prometheus simpleclient default registry, which the agent serves on its
 * metrics port. Named in zoo.cfg as {@code metricsProvider.className}; ZooKeeper instantiates it.
 * Metric names are ZooKeeper's, prefixed {@code zookeeper_}.
 */
public final class ZookeeperPrometheusMetrics implements MetricsProvider, MetricsContext {
    private static final String PREFIX = "zookeeper_";
    private final CollectorRegistry registry = CollectorRegistry.defaultRegistry;
    private final Map<String, io.prometheus.client.Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, io.prometheus.client.Counter> counterSets = new ConcurrentHashMap<>();
    private final Map<String, io.prometheus.client.Summary> summaries = new ConcurrentHashMap<>();
    private final Map<String, io.prometheus.client.Summary> summarySets = new ConcurrentHashMap<>();
    private final GaugeCollector gauges = new GaugeCollector();

    @Override
    public void configure(Properties configuration) {
    }

    @Override
    public void start() {
        gauges.register(registry);
    }

    @Override
    public MetricsContext getRootContext() {
        return this;
    }

    @Override
    public void stop() {
        unregister(gauges);
        counters.values().forEach(this::unregister);
        counterSets.values().forEach(this::unregister);
        summaries.values().forEach(this::unregister);
        summarySets.values().forEach(this::unregister);
    }

    @Override
    public void dump(BiConsumer<String, Object> sink) {
        counters.forEach((name, c) -> sink.accept(name, (long) c.get()));
        gauges.gauges.forEach((name, g) -> sink.accept(name, g.get()));
    }

    @Override
    public void resetAllValues() {
        counters.values().forEach(io.prometheus.client.Counter::clear);
        counterSets.values().forEach(io.prometheus.client.Counter::clear);
        summaries.values().forEach(io.prometheus.client.Summary::clear);
        summarySets.values().forEach(io.prometheus.client.Summary::clear);
    }

    @Override
    public MetricsContext getContext(String name) {
        return this;
    }

    @Override
    public Counter getCounter(String name) {
        io.prometheus.client.Counter counter = counters.computeIfAbsent(name, n -> exported(io.prometheus.client.Counter.build()
                .name(metricName(n)).help("ZooKeeper " + n).create()));
        return new Counter() {
            @Override
            public void add(long delta) {
                counter.inc(delta);
            }

            @Override
            public long get() {
                return (long) counter.get();
            }
        };
    }

    @Override
    public CounterSet getCounterSet(String name) {
        io.prometheus.client.Counter counter = counterSets.computeIfAbsent(name, n -> exported(io.prometheus.client.Counter.build()
                .name(metricName(n)).labelNames("key").help("ZooKeeper " + n).create()));
        return (key, delta) -> counter.labels(key).inc(delta);
    }

    @Override
    public void registerGauge(String name, Gauge gauge) {
        gauges.gauges.put(name, gauge);
    }

    @Override
    public void unregisterGauge(String name) {
        gauges.gauges.remove(name);
    }

    @Override
    public void registerGaugeSet(String name, GaugeSet gaugeSet) {
        gauges.gaugeSets.put(name, gaugeSet);
    }

    @Override
    public void unregisterGaugeSet(String name) {
        gauges.gaugeSets.remove(name);
    }

    @Override
    public Summary getSummary(String name, DetailLevel detailLevel) {
        io.prometheus.client.Summary summary = summaries.computeIfAbsent(name, n -> exported(summaryBuilder(n, detailLevel).create()));
        return summary::observe;
    }

    @Override
    public SummarySet getSummarySet(String name, DetailLevel detailLevel) {
        io.prometheus.client.Summary summary = summarySets.computeIfAbsent(name,
                n -> exported(summaryBuilder(n, detailLevel).labelNames("key").create()));
        return (key, value) -> summary.labels(key).observe(value);
    }

    private static io.prometheus.client.Summary.Builder summaryBuilder(String name, DetailLevel detailLevel) {
        io.prometheus.client.Summary.Builder builder = io.prometheus.client.Summary.build()
                .name(metricName(name)).help("ZooKeeper " + name).quantile(0.5, 0.05);
        if (detailLevel == DetailLevel.ADVANCED) {
            builder.quantile(0.9, 0.01).quantile(0.99, 0.001);
        }
        return builder;
    }

    /**
     * Registers {@code collector}; a name clash with another ZooKeeper metric leaves it working but
     * unexported, because failing here would stop ZooKeeper from starting.
     */
    private <T extends Collector> T exported(T collector) {
        try {
            registry.register(collector);
        } catch (IllegalArgumentException clash) {
            LoggerFactory.getLogger(ZookeeperPrometheusMetrics.class).warn("ZooKeeper metric not exported: {}", clash.getMessage());
        }
        return collector;
    }

    private void unregister(Collector collector) {
        try {
            registry.unregister(collector);
        } catch (RuntimeException notRegistered) {
            // a collector left unexported by a name clash was never registered
        }
    }

    static String metricName(String zookeeperName) {
        return PREFIX + zookeeperName.replaceAll("[^a-zA-Z0-9_]", "_");
    }

    /** Gauges are read at scrape time, as ZooKeeper expects. */
    private static final class GaugeCollector extends Collector {
        final Map<String, Gauge> gauges = new ConcurrentHashMap<>();
        final Map<String, GaugeSet> gaugeSets = new ConcurrentHashMap<>();

        @Override
        public List<MetricFamilySamples> collect() {
            List<MetricFamilySamples> out = new ArrayList<>();
            gauges.forEach((name, gauge) -> {
                Number value = gauge.get();
                if (value != null) {
                    out.add(new GaugeMetricFamily(metricName(name), "ZooKeeper " + name, value.doubleValue()));
                }
            });
            gaugeSets.forEach((name, set) -> {
                GaugeMetricFamily family = new GaugeMetricFamily(metricName(name), "ZooKeeper " + name, List.of("key"));
                set.values().forEach((key, value) -> {
                    if (value != null) {
                        family.addMetric(List.of(key), value.doubleValue());
                    }
                });
                out.add(family);
            });
            return out;
        }
    }
}
