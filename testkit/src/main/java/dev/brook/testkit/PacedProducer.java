package dev.brook.testkit;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;
import java.util.zip.CRC32;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * An idempotent {@code acks=all} producer on its own thread, sending one record every 1/rate s (or as
 * fast as {@code send()} takes them), so a test or benchmark can prove that every acknowledged record
 * is still there afterwards ({@link ReadBack}).
 *
 * <p>Record {@code n}: key {@code "n"}, value {@code "<run>:<n>;"} padded to {@link Builder#recordBytes}
 * with bytes derived from {@code n}; {@code run} is random per producer, so records of other producers
 * in the same topic are told apart. Per record it keeps the send time, how long {@code send()} blocked,
 * the answer time (or that it failed) and the value's CRC32; the checksum of what was acknowledged is
 * the sum of those CRCs (order-independent). After a stall the pacing does not burst to catch up: more
 * than 200 ms behind, the schedule restarts.
 *
 * <pre>{@code
 * PacedProducer.warmUp(bootstrap, topic, partitions);     // right after the topic was created
 * PacedProducer producer = PacedProducer.to(bootstrap, topic).rate(500).start();
 * ... await().until(() -> producer.acknowledged() >= 1_000) ...
 * producer.stop();                                         // every answer in, producer closed
 * Verification read = ReadBack.of(producer, Duration.ofSeconds(60));
 * }</pre>
 */
public final class PacedProducer implements AutoCloseable {
    /** Value (and key) of the records {@link #warmUp} sends; {@link ReadBack} skips them. */
    public static final String WARM_UP = "warm-up";

    private static final int CHUNK_BITS = 16;
    private static final int CHUNK = 1 << CHUNK_BITS;
    private static final long STALL_NANOS = 200_000_000L;

    private final String bootstrap;
    private final String topic;
    private final String run;
    private final int recordBytes;
    private final KafkaProducer<String, byte[]> producer;
    private final LongConsumer onAcknowledged;
    /** Times are stored as nanoTime - base, so 0 means "no answer yet" and the sign tells acknowledged from failed. */
    private final long base = System.nanoTime() - 1;
    private final AtomicReferenceArray<Chunk> chunks = new AtomicReferenceArray<>(1 << (31 - CHUNK_BITS));
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong acknowledgedChecksum = new AtomicLong();
    private final AtomicReference<Throwable> firstFailure = new AtomicReference<>();
    private final Map<String, Integer> errors = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile long sent;
    private volatile boolean running = true;
    private boolean closed;

    /** Per 65,536 records: what the sending thread wrote before each send, and the answers. */
    private static final class Chunk {
        final long[] sentAt = new long[CHUNK];
        final long[] blockedNanos = new long[CHUNK];
        final long[] crc = new long[CHUNK];
        final AtomicLongArray answeredAt = new AtomicLongArray(CHUNK);
    }

    private PacedProducer(Builder b) {
        this.bootstrap = b.bootstrap;
        this.topic = b.topic;
        this.recordBytes = b.recordBytes;
        this.onAcknowledged = b.onAcknowledged;
        this.run = String.format("%08x", ThreadLocalRandom.current().nextInt());
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        p.putAll(b.config);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        long period = b.rate > 0 ? 1_000_000_000L / b.rate : 0;
        long max = b.maxRecords;
        this.thread = new Thread(() -> produce(period, max), "paced-producer-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    /** A producer for {@code topic}; nothing is sent before {@link Builder#start()}. */
    public static Builder to(String bootstrap, String topic) {
        return new Builder(bootstrap, topic);
    }

    public static final class Builder {
        private final String bootstrap;
        private final String topic;
        private int rate;
        private int recordBytes;
        private long maxRecords = Long.MAX_VALUE;
        private final Map<String, Object> config = new HashMap<>();
        private LongConsumer onAcknowledged = n -> { };

        private Builder(String bootstrap, String topic) {
            this.bootstrap = bootstrap;
            this.topic = topic;
        }

        /** Records per second; 0 (the default) sends as fast as {@code send()} accepts them. */
        public Builder rate(int recordsPerSecond) {
            this.rate = Math.max(0, recordsPerSecond);
            return this;
        }

        /** Pads each value to this many bytes; the default (0) sends the header {@code "<run>:<n>;"} only. */
        public Builder recordBytes(int bytes) {
            this.recordBytes = bytes;
            return this;
        }

        /** Stops sending after this many records ({@link #awaitAllSent} waits for that). Default: until stopped. */
        public Builder maxRecords(long records) {
            this.maxRecords = records;
            return this;
        }

        /** A producer setting on top of the defaults (acks=all, idempotence, linger.ms=5, delivery.timeout.ms=120000). */
        public Builder config(String key, Object value) {
            config.put(key, value);
            return this;
        }

        /** Called on the producer's I/O thread with the acknowledged count after each acknowledgement (keep it short). */
        public Builder onAcknowledged(LongConsumer listener) {
            this.onAcknowledged = listener;
            return this;
        }

        public PacedProducer start() {
            return new PacedProducer(this);
        }
    }

    private void produce(long period, long max) {
        long next = System.nanoTime();
        long seq = 0;
        while (running && seq < max) {
            long now = System.nanoTime();
            if (period > 0) {
                if (now < next) {
                    LockSupport.parkNanos(next - now);
                    continue;
                }
                if (now - next > STALL_NANOS) {
                    next = now;
                }
                next += period;
            }
            Chunk chunk = chunk(seq, true);
            int i = (int) (seq & (CHUNK - 1));
            byte[] value = value(seq);
            long crc = checksumOf(value);
            chunk.crc[i] = crc;
            long t = System.nanoTime();
            chunk.sentAt[i] = t - base;
            try {
                producer.send(new ProducerRecord<>(topic, Long.toString(seq), value), (metadata, error) -> {
                    long done = System.nanoTime() - base;
                    if (error == null) {
                        chunk.answeredAt.set(i, done);
                        acknowledgedChecksum.addAndGet(crc);
                        onAcknowledged.accept(acknowledged.incrementAndGet());
                    } else {
                        chunk.answeredAt.set(i, -done);
                        failure(error);
                    }
                });
            } catch (RuntimeException e) {
                chunk.answeredAt.set(i, -(System.nanoTime() - base));
                failure(e);
            }
            chunk.blockedNanos[i] = System.nanoTime() - t;
            seq++;
            sent = seq;
        }
    }

    private void failure(Throwable error) {
        failed.incrementAndGet();
        firstFailure.compareAndSet(null, error);
        errors.merge(error.getClass().getSimpleName(), 1, Integer::sum);
    }

    private Chunk chunk(long seq, boolean create) {
        int index = (int) (seq >>> CHUNK_BITS);
        Chunk chunk = chunks.get(index);
        if (chunk == null && create) {
            chunk = new Chunk();
            chunks.set(index, chunk);
        }
        return chunk;
    }

    /** The value of this producer's record {@code seq}: what {@link ReadBack} expects to find. */
    public byte[] value(long seq) {
        return value(run, seq, recordBytes);
    }

    /** The record number in a value of this producer's, or -1 for anything else (a warm-up marker, another producer). */
    long sequenceOf(byte[] value) {
        return sequenceOf(run, value);
    }

    static byte[] value(String run, long seq, int recordBytes) {
        byte[] head = (run + ":" + seq + ";").getBytes(StandardCharsets.US_ASCII);
        byte[] v = new byte[Math.max(head.length, recordBytes)];
        System.arraycopy(head, 0, v, 0, head.length);
        for (int i = head.length; i < v.length; i++) {
            v[i] = (byte) (seq * 31 + i * 17);
        }
        return v;
    }

    static long sequenceOf(String run, byte[] value) {
        int prefix = run.length() + 1;
        if (value == null || value.length <= prefix || value[run.length()] != ':') {
            return -1;
        }
        for (int i = 0; i < run.length(); i++) {
            if (value[i] != run.charAt(i)) {
                return -1;
            }
        }
        long seq = 0;
        int i = prefix;
        for (; i < value.length && value[i] != ';'; i++) {
            if (value[i] < '0' || value[i] > '9' || i - prefix > 17) {
                return -1;
            }
            seq = seq * 10 + (value[i] - '0');
        }
        return i == prefix || i == value.length ? -1 : seq;
    }

    public static long checksumOf(byte[] value) {
        CRC32 c = new CRC32();
        c.update(value);
        return c.getValue();
    }

    /**
     * Makes a new topic writable for idempotent producers: sends one {@link #WARM_UP} record to each partition
     * with a plain (non-idempotent) producer that retries until the leader takes it, and waits for each. Right
     * after CreateTopics a broker may already name a partition's leader while the leader has not taken the
     * partition up; an idempotent producer whose first batch meets UNKNOWN_TOPIC_OR_PARTITION there can stay
     * stuck in OUT_OF_ORDER_SEQUENCE_NUMBER retries until its delivery timeout (seen in the harness).
     */
    public static void warmUp(String bootstrap, String topic, int partitions) throws Exception {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "false");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        byte[] marker = WARM_UP.getBytes(StandardCharsets.US_ASCII);
        try (KafkaProducer<String, byte[]> warmUp = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            List<Future<?>> sent = new ArrayList<>();
            for (int partition = 0; partition < partitions; partition++) {
                sent.add(warmUp.send(new ProducerRecord<>(topic, partition, WARM_UP, marker)));
            }
            for (Future<?> f : sent) {
                f.get(90, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * Waits (bounded) until {@link Builder#maxRecords} records were handed to {@code send()}; false if the
     * time ran out first. Their answers may still be outstanding: {@link #stop()} waits for those.
     */
    public boolean awaitAllSent(Duration timeout) throws InterruptedException {
        thread.join(Math.max(1, timeout.toMillis()));
        return !thread.isAlive();
    }

    /**
     * Stops sending and waits until every record sent has its answer (the producer's delivery timeout bounds
     * that), then closes the producer. The counts, checksum and windows are final afterwards.
     */
    public synchronized void stop() throws InterruptedException {
        running = false;
        thread.join(30_000);
        if (!closed) {
            closed = true;
            producer.flush();
            producer.close(Duration.ofSeconds(60));
        }
    }

    /** Stops sending and closes within 10 s, without waiting for outstanding answers (cleanup after a failure). */
    @Override
    public void close() {
        running = false;
        synchronized (this) {
            if (!closed) {
                closed = true;
                producer.close(Duration.ofSeconds(10));
            }
        }
    }

    public String bootstrap() {
        return bootstrap;
    }

    public String topic() {
        return topic;
    }

    /** Random per producer; the start of each value. */
    public String run() {
        return run;
    }

    /** Records handed to {@code send()} (or refused by it, counted as failed). */
    public long sent() {
        return sent;
    }

    public long acknowledged() {
        return acknowledged.get();
    }

    public long failed() {
        return failed.get();
    }

    /** Sent and neither acknowledged nor failed (yet). */
    public long unanswered() {
        return sent() - acknowledged() - failed();
    }

    /** The first send error, or null. */
    public Throwable firstFailure() {
        return firstFailure.get();
    }

    /** Failed sends by exception class (simple name). */
    public Map<String, Integer> errors() {
        return new TreeMap<>(errors);
    }

    /** Sum of the CRC32 of every acknowledged value. */
    public long acknowledgedChecksum() {
        return acknowledgedChecksum.get();
    }

    public boolean isAcknowledged(long seq) {
        Chunk chunk = seq < 0 || seq >= sent ? null : chunk(seq, false);
        return chunk != null && chunk.answeredAt.get((int) (seq & (CHUNK - 1))) > 0;
    }

    /** The worst latency (ms) of acknowledged records sent in [from, to) ({@link System#nanoTime()} values); -1 if none. */
    public long maxLatencyMillis(long fromNanos, long toNanos) {
        long max = -1;
        for (long seq = 0, n = sent; seq < n; seq++) {
            Chunk c = chunk(seq, false);
            int i = (int) (seq & (CHUNK - 1));
            long sentAt = c.sentAt[i] + base;
            long answered = c.answeredAt.get(i);
            if (sentAt >= fromNanos && sentAt < toNanos && answered > 0) {
                max = Math.max(max, (answered - c.sentAt[i]) / 1_000_000);
            }
        }
        return max;
    }

    /** The records sent in [from, to) ({@link System#nanoTime()} values): latencies from {@code send()} to the callback. */
    public Window window(long fromNanos, long toNanos) {
        long[] micros = new long[16];
        int n = 0;
        int count = 0;
        int failures = 0;
        long maxBlocked = 0;
        for (long seq = 0, total = sent; seq < total; seq++) {
            Chunk c = chunk(seq, false);
            int i = (int) (seq & (CHUNK - 1));
            long sentAt = c.sentAt[i] + base;
            if (sentAt < fromNanos || sentAt >= toNanos) {
                continue;
            }
            count++;
            maxBlocked = Math.max(maxBlocked, c.blockedNanos[i]);
            long answered = c.answeredAt.get(i);
            if (answered > 0) {
                if (n == micros.length) {
                    micros = Arrays.copyOf(micros, n * 2);
                }
                micros[n++] = (answered - c.sentAt[i]) / 1000;
            } else {
                failures++;
            }
        }
        long[] sorted = Arrays.copyOf(micros, n);
        Arrays.sort(sorted);
        return new Window((toNanos - fromNanos) / 1e9, count, failures, sorted, maxBlocked / 1000);
    }

    /** One window's sends: latencies of the acknowledged ones in microseconds, sorted; unanswered ones count as failed. */
    public record Window(double seconds, int sent, int failed, long[] latencyMicros, long maxBlockedMicros) {
        /** The q-quantile (nearest rank) in microseconds; -1 without acknowledged records. */
        public long percentile(double q) {
            if (latencyMicros.length == 0) {
                return -1;
            }
            int rank = (int) Math.ceil(q * latencyMicros.length) - 1;
            return latencyMicros[Math.max(0, Math.min(latencyMicros.length - 1, rank))];
        }

        public long max() {
            return latencyMicros.length == 0 ? -1 : latencyMicros[latencyMicros.length - 1];
        }

        public long slowerThan(long micros) {
            return Arrays.stream(latencyMicros).filter(m -> m > micros).count();
        }

        /** Records sent per second. */
        public double rate() {
            return seconds <= 0 ? 0 : sent / seconds;
        }
    }
}
