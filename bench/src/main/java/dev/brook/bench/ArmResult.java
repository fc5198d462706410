package dev.brook.bench;

/**
 * What one arm measured. {@code operatorCpuSeconds}, {@code readyFalseTransitions} and {@code apiWrites} belong to the
 * operator path only (null / -1 for the floor). {@code adminRequests} is the operator's
 * brook_kafka_topic_requests_total delta (-1: not scraped), or the floor's own request count.
 */
record ArmResult(String name, String path, String action, int topics, long millis, long adminRequests, double kafkaCpuSeconds,
        Double operatorCpuSeconds, int readyFalseTransitions, ApiWriteCounter.Snapshot apiWrites) {

    static final String FLOOR = "floor";
    static final String OPERATOR = "operator";

    double topicsPerSecond() {
        return topics * 1000.0 / millis;
    }

    boolean isOperator() {
        return OPERATOR.equals(path);
    }
}
