package dev.brook.bench;

import java.time.Duration;

/** A bounded wait: polls pause between checks, and past the deadline the wait fails with what it waited for. */
final class Deadline {
    private final long endNanos;
    private final Duration budget;
    private final String waitingFor;

    private Deadline(Duration budget, String waitingFor) {
        this.endNanos = System.nanoTime() + budget.toNanos();
        this.budget = budget;
        this.waitingFor = waitingFor;
    }

    static Deadline in(Duration budget, String waitingFor) {
        return new Deadline(budget, waitingFor);
    }

    boolean passed() {
        return System.nanoTime() > endNanos;
    }

    /** Throws if the deadline has passed, else waits {@code interval} before the caller checks again. */
    void pause(Duration interval) {
        failIfPassed("");
        try {
            Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + waitingFor, e);
        }
    }

    void failIfPassed(String progress) {
        if (passed()) {
            throw new IllegalStateException("timed out after " + budget.toSeconds() + " s waiting for " + waitingFor
                    + (progress.isEmpty() ? "" : " (" + progress + ")"));
        }
    }
}
