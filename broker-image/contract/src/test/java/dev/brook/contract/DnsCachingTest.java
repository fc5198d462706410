package dev.brook.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.Security;
import org.junit.jupiter.api.Test;

class DnsCachingTest {
    @Test
    void brookSetsShortCacheTimesUnlessTheJvmIsConfigured() {
        String line = DnsCaching.apply();
        assertThat(Security.getProperty("networkaddress.cache.ttl")).isEqualTo("5");
        assertThat(Security.getProperty("networkaddress.cache.negative.ttl")).isEqualTo("1");
        assertThat(line).isEqualTo("DNS answers cached 5 s, failures 1 s");

        // An administrator's value wins.
        Security.setProperty("networkaddress.cache.ttl", "60");
        assertThat(DnsCaching.apply()).startsWith("DNS answers cached 60 s").endsWith("(partly set by the JVM's configuration)");
    }
}
