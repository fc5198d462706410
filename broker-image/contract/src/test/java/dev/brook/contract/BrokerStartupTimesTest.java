package dev.brook.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BrokerStartupTimesTest {
    @Test
    void theLineTheAgentLogsReadsBackAndTheLastStartWins() {
        String first = BrokerStartupTimes.line(1_000, 2_500, 2_700, 9_700);
        assertThat(first).startsWith("broker started in 8700 ms: JVM and agent inputs 1500 ms");
        String second = BrokerStartupTimes.line(50_000, 50_900, 51_000, 55_000);
        String log = "=== brook-local: starting\n12:00:00 INFO c-broker-0: " + first + "\nsomething else\n12:01:00 INFO c-broker-0: " + second + "\n";
        assertThat(BrokerStartupTimes.lastIn(log)).contains(new BrokerStartupTimes(900, 100, 4_000));
        assertThat(BrokerStartupTimes.lastIn(log).orElseThrow().totalMillis()).isEqualTo(5_000);
        assertThat(BrokerStartupTimes.lastIn("no start yet")).isEmpty();
    }
}
