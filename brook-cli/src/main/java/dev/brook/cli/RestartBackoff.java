package dev.brook.cli;

import java.time.Duration;

/**
 * How long the supervisor waits before it starts an exited pod again, the way a kubelet backs off a crashing
 * container: {@value #INITIAL_SECONDS} s after the first exit, doubling with each exit up to {@value #MAX_SECONDS} s,
 * and back to {@value #INITIAL_SECONDS} s once a run lasted {@value #RESET_AFTER_SECONDS} s (it was healthy, so its
 * next crash is a new story). One per pod; pure (the caller measures the run), not thread-safe.
 */
final class RestartBackoff {
    static final int INITIAL_SECONDS = 1;
    static final int MAX_SECONDS = 30;
    static final int RESET_AFTER_SECONDS = 60;

    private Duration last;

    /** The delay before the next start of a pod whose process just exited after running for {@code ranFor}. */
    Duration afterExit(Duration ranFor) {
        if (last == null || ranFor.compareTo(Duration.ofSeconds(RESET_AFTER_SECONDS)) >= 0) {
            last = Duration.ofSeconds(INITIAL_SECONDS);
        } else {
            Duration doubled = last.multipliedBy(2);
            last = doubled.compareTo(Duration.ofSeconds(MAX_SECONDS)) > 0 ? Duration.ofSeconds(MAX_SECONDS) : doubled;
        }
        return last;
    }
}
