package dev.brook.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Quantity;
import org.junit.jupiter.api.Test;

class VolumeResizeTest {
    private static VolumeResize.Decision decide(String want, String wantClass, String live, String liveClass) {
        return VolumeResize.decide("spec.brokers.storage", new Quantity(want), wantClass, new Quantity(live), liveClass);
    }

    @Test
    void growingIsAGrowAcrossUnits() {
        assertThat(decide("20Gi", "fast", "10Gi", "fast").kind()).isEqualTo(VolumeResize.Kind.GROW);
        assertThat(decide("1Ti", null, "1000Gi", null).kind()).isEqualTo(VolumeResize.Kind.GROW);
        assertThat(decide("1024Mi", null, "1Gi", null).kind()).isEqualTo(VolumeResize.Kind.NONE);
    }

    @Test
    void shrinkingAndAnotherClassAreRefusedWithWhatToSetBack() {
        VolumeResize.Decision shrink = decide("5Gi", "fast", "10Gi", "fast");
        assertThat(shrink.kind()).isEqualTo(VolumeResize.Kind.REFUSE);
        assertThat(shrink.message()).contains("spec.brokers.storage.size 5Gi").contains("Set it back to 10Gi");
        VolumeResize.Decision move = decide("10Gi", "slow", "10Gi", null);
        assertThat(move.kind()).isEqualTo(VolumeResize.Kind.REFUSE);
        assertThat(move.message()).contains("'slow'").contains("(the cluster default)");
    }

    @Test
    void aClaimIsBelowUntilItHasTheSize() {
        assertThat(VolumeResize.below(new Quantity("10Gi"), new Quantity("20Gi"))).isTrue();
        assertThat(VolumeResize.below(new Quantity("20Gi"), new Quantity("20Gi"))).isFalse();
        assertThat(VolumeResize.below(null, new Quantity("20Gi"))).isTrue();
    }
}
