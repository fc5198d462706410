package dev.brook.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Request batchers on one shared scheduler thread: full batches go at once, the rest after the linger,
 * each request gets its own future (one item's error fails only that item, a failed call only its batch),
 * and a thousand batchers add no thread. No timing assumption: batches are forced by size, or submitted
 * from the scheduler's only thread so the linger flush cannot run in between.
 */
class RequestBatcherTest {
    private static final Duration NEVER = Duration.ofHours(1);
    private static final long WAIT_SECONDS = 30;

    private final AtomicInteger threadsMade = new AtomicInteger();
    private ScheduledExecutorService scheduler;

    @BeforeEach
    void scheduler() {
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            threadsMade.incrementAndGet();
            Thread t = new Thread(r, "test-batches");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void oneCallInFlightAndWhatArrivesMeanwhileGoesTogetherInTheNext() throws Exception {
        // The batch function hands its calls to the test, which answers them when it wants: no timing involved.
        java.util.concurrent.BlockingQueue<List<String>> calls = new java.util.concurrent.LinkedBlockingQueue<>();
        List<CompletableFuture<String>> answers = new CopyOnWriteArrayList<>();
        RequestBatcher<String, String> batcher = new RequestBatcher<>("test", batch -> {
            List<CompletableFuture<String>> out = batch.stream().map(r -> new CompletableFuture<String>()).toList();
            answers.addAll(out);
            calls.add(List.copyOf(batch));
            return out;
        }, Duration.ZERO, 3, scheduler);
        CompletableFuture<String> a = batcher.submit("a");
        assertThat(calls.poll(WAIT_SECONDS, TimeUnit.SECONDS)).containsExactly("a");
        List<CompletableFuture<String>> later = new ArrayList<>();
        for (String r : List.of("b", "c", "d", "e")) {
            later.add(batcher.submit(r));
        }
        // a's call is not answered: nothing else goes, however long we look
        assertThat(calls).isEmpty();
        assertThat(later).noneMatch(CompletableFuture::isDone);

        answers.get(0).complete("a!");
        assertThat(a.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("a!");
        assertThat(calls.poll(WAIT_SECONDS, TimeUnit.SECONDS)).as("what queued meanwhile, up to the batch size").containsExactly("b", "c", "d");
        assertThat(calls).as("e waits for b, c, d's call").isEmpty();
        answers.get(1).complete("b!");
        answers.get(2).complete("c!");
        assertThat(calls).as("a call counts as answered when all its items are").isEmpty();
        answers.get(3).complete("d!");
        assertThat(calls.poll(WAIT_SECONDS, TimeUnit.SECONDS)).containsExactly("e");
        answers.get(4).complete("e!");
        for (int i = 0; i < later.size(); i++) {
            assertThat(later.get(i).get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(List.of("b", "c", "d", "e").get(i) + "!");
        }
        assertThat(batcher.batches()).isEqualTo(3);

        batcher.close();
        assertThat(batcher.submit("late")).isCompletedExceptionally();
    }

    @Test
    void fullBatchesGoAtOnceAndTheRestWaitsForTheLinger() throws Exception {
        List<List<String>> calls = new CopyOnWriteArrayList<>();
        RequestBatcher<String, String> batcher = new RequestBatcher<>("test", echo(calls), NEVER, 3, scheduler);
        // Submitted from the scheduler's only thread, so no flush runs in between: three fill a batch, the fourth lingers.
        List<CompletableFuture<String>> futures = scheduler.submit(() -> List.of(batcher.submit("r0"), batcher.submit("r1"),
                batcher.submit("r2"), batcher.submit("r3"))).get(WAIT_SECONDS, TimeUnit.SECONDS);
        for (int i = 0; i < 3; i++) {
            assertThat(futures.get(i).get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("r" + i + "!");
        }
        // r3 queued behind a full batch: it goes as soon as that call is answered, without another linger
        assertThat(futures.get(3).get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("r3!");
        assertThat(calls).containsExactly(List.of("r0", "r1", "r2"), List.of("r3"));
        CompletableFuture<String> alone = batcher.submit("r4");
        assertThat(alone).as("alone and idle: waits for the linger (an hour)").isNotDone();
        batcher.close();
        assertThatThrownBy(() -> alone.get(WAIT_SECONDS, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class)
                .hasMessageContaining("connection closed");
    }

    @Test
    void requestsWithinTheLingerShareOneCall() throws Exception {
        List<List<String>> calls = new CopyOnWriteArrayList<>();
        RequestBatcher<String, String> batcher = new RequestBatcher<>("test", echo(calls), Duration.ofMillis(10), 100, scheduler);
        // Submitted from the scheduler's only thread: the linger flush runs after this task, whatever the machine's speed.
        List<CompletableFuture<String>> futures = scheduler.submit(() -> List.of(batcher.submit("a"), batcher.submit("b"),
                batcher.submit("c"))).get(WAIT_SECONDS, TimeUnit.SECONDS);
        for (CompletableFuture<String> f : futures) {
            f.get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
        assertThat(calls).containsExactly(List.of("a", "b", "c"));

        // A later request starts a new batch.
        assertThat(batcher.submit("d").get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("d!");
        assertThat(calls).hasSize(2);
    }

    @Test
    void oneItemsErrorFailsOnlyThatItem() throws Exception {
        RequestBatcher<String, String> batcher = new RequestBatcher<>("test", batch -> batch.stream()
                .map(r -> r.equals("bad") ? CompletableFuture.<String>failedFuture(new IllegalArgumentException("no " + r))
                        : CompletableFuture.completedFuture(r + "!"))
                .toList(), NEVER, 3, scheduler);
        CompletableFuture<String> a = batcher.submit("a");
        CompletableFuture<String> bad = batcher.submit("bad");
        CompletableFuture<String> c = batcher.submit("c");
        assertThat(a.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("a!");
        assertThat(c.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("c!");
        assertThatThrownBy(() -> bad.get(WAIT_SECONDS, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalArgumentException.class).hasMessageContaining("no bad");
        assertThat(batcher.batches()).isEqualTo(1);
    }

    @Test
    void aFailedCallFailsItsBatchAndTheNextBatchWorks() throws Exception {
        RequestBatcher<String, String> batcher = new RequestBatcher<>("test", batch -> {
            if (batch.contains("boom")) {
                throw new IllegalStateException("the whole request failed");
            }
            return batch.stream().map(r -> CompletableFuture.completedFuture(r + "!")).toList();
        }, NEVER, 2, scheduler);
        CompletableFuture<String> boom = batcher.submit("boom");
        CompletableFuture<String> neighbour = batcher.submit("x");
        assertThatThrownBy(() -> boom.get(WAIT_SECONDS, TimeUnit.SECONDS)).hasMessageContaining("the whole request failed");
        assertThatThrownBy(() -> neighbour.get(WAIT_SECONDS, TimeUnit.SECONDS)).hasMessageContaining("the whole request failed");
        CompletableFuture<String> a = batcher.submit("a");
        CompletableFuture<String> b = batcher.submit("b");
        assertThat(a.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("a!");
        assertThat(b.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("b!");
    }

    @Test
    void aThousandBatchersShareTheOneSchedulerThread() throws Exception {
        Set<String> callThreads = ConcurrentHashMap.newKeySet();
        List<RequestBatcher<Integer, Integer>> batchers = new ArrayList<>();
        List<CompletableFuture<Integer>> futures = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            RequestBatcher<Integer, Integer> b = new RequestBatcher<>("b" + i, batch -> {
                callThreads.add(Thread.currentThread().getName());
                return batch.stream().map(r -> CompletableFuture.completedFuture(r * 2)).toList();
            }, Duration.ofMillis(5), 50, scheduler);
            batchers.add(b);
            futures.add(b.submit(i));
        }
        for (int i = 0; i < futures.size(); i++) {
            assertThat(futures.get(i).get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo(i * 2);
        }
        assertThat(threadsMade).as("threads made by the shared scheduler").hasValue(1);
        assertThat(callThreads).containsExactly("test-batches");
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("brook-batch-"));
        batchers.forEach(RequestBatcher::close);
    }

    @Test
    void aStoppedSchedulerFailsRequestsInsteadOfLosingThem() {
        RequestBatcher<String, String> batcher = new RequestBatcher<>("test", echo(new ArrayList<>()), NEVER, 10, scheduler);
        scheduler.shutdownNow();
        assertThatThrownBy(() -> batcher.submit("a").get(WAIT_SECONDS, TimeUnit.SECONDS)).hasMessageContaining("connection closed");
    }

    private static Function<List<String>, List<CompletableFuture<String>>> echo(List<List<String>> calls) {
        return batch -> {
            calls.add(List.copyOf(batch));
            return batch.stream().map(r -> CompletableFuture.completedFuture(r + "!")).toList();
        };
    }
}
