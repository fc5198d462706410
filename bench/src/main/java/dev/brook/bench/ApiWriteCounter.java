package dev.brook.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The mock API server's CRUD dispatcher, counting every non-GET request (a write: POST, PUT, PATCH, DELETE) on the
 * way through. Requests carrying the benchmark's own User-Agent are counted apart, so an arm can report the
 * operator's writes without the benchmark's creates and edits. The operator's Event creates are also counted by
 * their {@code reason}: some reasons say something went wrong (a TopicAdopted for a topic Brook created itself).
 */
final class ApiWriteCounter extends KubernetesCrudDispatcher {
    /** The User-Agent of the benchmark's own fabric8 client (the operator's is fabric8's default). */
    static final String BENCH_USER_AGENT = "brook-bench";

    private final LongAdder statusWrites = new LongAdder();
    private final LongAdder eventWrites = new LongAdder();
    private final LongAdder otherWrites = new LongAdder();
    private final LongAdder benchWrites = new LongAdder();
    private final Map<String, LongAdder> eventsByReason = new ConcurrentHashMap<>();

    /** Writes counted so far; subtract two snapshots for an arm. {@code eventsByReason}: the operator's Event creates. */
    record Snapshot(long status, long events, long other, long bench, Map<String, Long> eventsByReason) {
        Snapshot minus(Snapshot before) {
            Map<String, Long> reasons = new TreeMap<>(eventsByReason);
            before.eventsByReason.forEach((reason, n) -> reasons.merge(reason, -n, Long::sum));
            reasons.values().removeIf(n -> n == 0);
            return new Snapshot(status - before.status, events - before.events, other - before.other, bench - before.bench, reasons);
        }

        /** Events the operator created with this reason (0 if none). */
        long events(String reason) {
            return eventsByReason.getOrDefault(reason, 0L);
        }

        /** The operator's writes (status subresource, Events, anything else). */
        long operator() {
            return status + events + other;
        }
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        if (!"GET".equalsIgnoreCase(request.getMethod())) {
            count(request);
        }
        return super.dispatch(request);
    }

    private void count(RecordedRequest request) {
        String agent = request.getHeader("User-Agent");
        String path = request.getPath() == null ? "" : request.getPath();
        int query = path.indexOf('?');
        String resourcePath = query < 0 ? path : path.substring(0, query);
        if (agent != null && agent.startsWith(BENCH_USER_AGENT)) {
            benchWrites.increment();
        } else if (resourcePath.endsWith("/status")) {
            statusWrites.increment();
        } else if (resourcePath.contains("/events")) {
            eventWrites.increment();
            if ("POST".equalsIgnoreCase(request.getMethod())) {
                eventsByReason.computeIfAbsent(reason(request), r -> new LongAdder()).increment();
            }
        } else {
            otherWrites.increment();
        }
    }

    /**
     * The reason of a created Event (core/v1 and events.k8s.io/v1 both call it {@code reason}). The body is read with
     * getBytes, which leaves it in place for the CRUD dispatcher (readUtf8 would empty it).
     */
    private static String reason(RecordedRequest request) {
        if (request.getBody() == null) {
            return "(no body)";
        }
        try {
            JsonNode event = Serialization.jsonMapper().readTree(request.getBody().getBytes());
            return event.path("reason").asText("(none)");
        } catch (IOException e) {
            return "(unreadable)";
        }
    }

    Snapshot snapshot() {
        Map<String, Long> reasons = new HashMap<>();
        eventsByReason.forEach((reason, n) -> reasons.put(reason, n.sum()));
        return new Snapshot(statusWrites.sum(), eventWrites.sum(), otherWrites.sum(), benchWrites.sum(), reasons);
    }
}
