package dev.brook.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The record values ReadBack recognises, and the per-window latency figures; no Kafka needed. */
class RecordFormatTest {
    @Test
    void aValueCarriesItsRunAndSequenceAndIsPaddedToTheRecordSize() {
        byte[] v = PacedProducer.value("0000beef", 1234, 1024);
        assertThat(v).hasSize(1024);
        assertThat(new String(v, 0, 14, StandardCharsets.US_ASCII)).isEqualTo("0000beef:1234;");
        assertThat(PacedProducer.sequenceOf("0000beef", v)).isEqualTo(1234);
        assertThat(PacedProducer.value("0000beef", 7, 0)).asString(StandardCharsets.US_ASCII).isEqualTo("0000beef:7;");
        assertThat(PacedProducer.value("0000beef", 1234, 1024)).isEqualTo(v);
    }

    @Test
    void warmUpMarkersOtherRunsAndGarbageAreNotTheProducersRecords() {
        assertThat(PacedProducer.sequenceOf("0000beef", PacedProducer.WARM_UP.getBytes(StandardCharsets.US_ASCII))).isEqualTo(-1);
        assertThat(PacedProducer.sequenceOf("0000beef", PacedProducer.value("0000cafe", 5, 100))).isEqualTo(-1);
        assertThat(PacedProducer.sequenceOf("0000beef", "0000beef:;".getBytes(StandardCharsets.US_ASCII))).isEqualTo(-1);
        assertThat(PacedProducer.sequenceOf("0000beef", "0000beef:12".getBytes(StandardCharsets.US_ASCII))).isEqualTo(-1);
        assertThat(PacedProducer.sequenceOf("0000beef", "0000beef:1x;".getBytes(StandardCharsets.US_ASCII))).isEqualTo(-1);
        assertThat(PacedProducer.sequenceOf("0000beef", null)).isEqualTo(-1);
        assertThat(PacedProducer.sequenceOf("0000beef", new byte[0])).isEqualTo(-1);
    }

    @Test
    void theChecksumOfASetDoesNotDependOnTheOrder() {
        long forward = 0;
        long backward = 0;
        for (int i = 0; i < 100; i++) {
            forward += PacedProducer.checksumOf(PacedProducer.value("0000beef", i, 64));
            backward += PacedProducer.checksumOf(PacedProducer.value("0000beef", 99 - i, 64));
        }
        assertThat(forward).isEqualTo(backward);
        assertThat(PacedProducer.checksumOf(PacedProducer.value("0000beef", 1, 64)))
                .isNotEqualTo(PacedProducer.checksumOf(PacedProducer.value("0000beef", 2, 64)));
    }

    @Test
    void aWindowGivesNearestRankPercentilesAndItsRate() {
        long[] micros = new long[1000];
        for (int i = 0; i < micros.length; i++) {
            micros[i] = (i + 1) * 1000L;
        }
        PacedProducer.Window w = new PacedProducer.Window(2.0, 1002, 2, micros, 300);
        assertThat(w.percentile(0.50)).isEqualTo(500_000);
        assertThat(w.percentile(0.99)).isEqualTo(990_000);
        assertThat(w.percentile(0.999)).isEqualTo(999_000);
        assertThat(w.max()).isEqualTo(1_000_000);
        assertThat(w.slowerThan(900_000)).isEqualTo(100);
        assertThat(w.rate()).isEqualTo(501.0);
        PacedProducer.Window empty = new PacedProducer.Window(1.0, 0, 0, new long[0], 0);
        assertThat(empty.percentile(0.5)).isEqualTo(-1);
        assertThat(empty.max()).isEqualTo(-1);
    }

    @Test
    void aVerificationIsCompleteOnlyWithNothingMissingAndTheSameChecksum() {
        assertThat(new Verification(10, 3, 10, 10, 0, 0, 42, 42, 5).complete()).isTrue();
        assertThat(new Verification(9, 3, 10, 9, 0, 0, 42, 40, 5).missing()).isEqualTo(1);
        assertThat(new Verification(9, 3, 10, 9, 0, 0, 42, 40, 5).complete()).isFalse();
        assertThat(new Verification(11, 0, 10, 10, 1, 0, 42, 41, 5).complete()).isFalse();
    }
}
