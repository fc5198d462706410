package dev.brook.bench;

/**
 * Readings at the start of an arm (wall clock, Kafka CPU, and for the operator path its CPU, its Admin request
 * counter and the API writes), turned into an {@link ArmResult} at the end.
 */
final class ArmMeter {
    static final String TOPIC_REQUESTS = "brook_kafka_topic_requests_total";

    private final KafkaProcesses kafka;
    private final OperatorProcess operator;
    private final ApiWriteCounter writes;
    private final long startNanos = System.nanoTime();
    private final double kafkaCpu0;
    private final double operatorCpu0;
    private final double requests0;
    private final ApiWriteCounter.Snapshot writes0;

    private final boolean countRequests;

    /** {@code operator} and {@code writes} are null for a floor arm. */
    ArmMeter(KafkaProcesses kafka, OperatorProcess operator, ApiWriteCounter writes) {
        this(kafka, operator, writes, operator != null);
    }

    /** Without {@code countRequests} the operator's /q/metrics is not scraped (the memory arm: see OperatorProcess#lastScrapeBytes). */
    ArmMeter(KafkaProcesses kafka, OperatorProcess operator, ApiWriteCounter writes, boolean countRequests) {
        this.kafka = kafka;
        this.operator = operator;
        this.writes = writes;
        this.countRequests = countRequests;
        this.operatorCpu0 = operator == null ? 0 : operator.cpuSeconds();
        this.requests0 = countRequests ? operator.metric(TOPIC_REQUESTS) : 0;
        this.writes0 = writes == null ? null : writes.snapshot();
        this.kafkaCpu0 = kafka.cpuSeconds();
    }

    long startNanos() {
        return startNanos;
    }

    ArmResult floor(String name, String action, int topics, long endNanos, long ownRequests) {
        return new ArmResult(name, ArmResult.FLOOR, action, topics, (endNanos - startNanos) / 1_000_000, ownRequests,
                kafka.cpuSeconds() - kafkaCpu0, null, -1, null);
    }

    ArmResult operator(String name, String action, int topics, long endNanos, int readyFalseTransitions) {
        double kafkaCpu = kafka.cpuSeconds() - kafkaCpu0;
        return new ArmResult(name, ArmResult.OPERATOR, action, topics, (endNanos - startNanos) / 1_000_000,
                countRequests ? Math.round(operator.metric(TOPIC_REQUESTS) - requests0) : -1, kafkaCpu, operator.cpuSeconds() - operatorCpu0,
                readyFalseTransitions, writes.snapshot().minus(writes0));
    }
}
