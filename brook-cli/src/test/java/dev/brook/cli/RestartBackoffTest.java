package dev.brook.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RestartBackoffTest {
    private static final Duration SHORT_RUN = Duration.ofSeconds(3);

    @Test
    void doublesFromOneSecondToThirtyWhileThePodKeepsCrashing() {
        RestartBackoff backoff = new RestartBackoff();
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            delays.add(backoff.afterExit(SHORT_RUN).toSeconds());
        }
        assertThat(delays).containsExactly(1L, 2L, 4L, 8L, 16L, 30L, 30L, 30L);
    }

    @Test
    void aRunOfSixtySecondsStartsOverAtOneSecond() {
        RestartBackoff backoff = new RestartBackoff();
        backoff.afterExit(SHORT_RUN);
        backoff.afterExit(SHORT_RUN);
        assertThat(backoff.afterExit(Duration.ofSeconds(59))).isEqualTo(Duration.ofSeconds(4));
        assertThat(backoff.afterExit(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.afterExit(SHORT_RUN)).isEqualTo(Duration.ofSeconds(2));
    }
}
