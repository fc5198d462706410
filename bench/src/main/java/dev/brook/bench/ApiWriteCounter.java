package dev.brook.bench;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.util.concurrent.atomic.LongAdder;

/**
 * The mock API server's CRUD dispatcher, counting every non-GET request (a write: POST, PUT, PATCH, DELETE) on the
 * way through. Requests carrying the benchmark's own User-Agent are counted apart, so an arm can report the
 * operator's writes without the benchmark's creates and edits.
 */
final class ApiWriteCounter extends KubernetesCrudDispatcher {
    /** The User-Agent of the benchmark's own fabric8 client (the operator's is fabric8's default). */
    static final String BENCH_USER_AGENT = "brook-bench";

    private final LongAdder statusWrites = new LongAdder();
    private final LongAdder eventWrites = new LongAdder();
    private final LongAdder otherWrites = new LongAdder();
    private final LongAdder benchWrites = new LongAdder();

    /** Writes counted so far; subtract two snapshots for an arm. */
    record Snapshot(long status, long events, long other, long bench) {
        Snapshot minus(Snapshot before) {
            return new Snapshot(status - before.status, events - before.events, other - before.other, bench - before.bench);
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
        } else {
            otherWrites.increment();
        }
    }

    Snapshot snapshot() {
        return new Snapshot(statusWrites.sum(), eventWrites.sum(), otherWrites.sum(), benchWrites.sum());
    }
}
