package dev.brook.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.util.List;
import org.junit.jupiter.api.Test;

class VolumePlanTest {
    private static StatefulSet set(String size, String storageClass, String recorded) {
        StatefulSetBuilder b = new StatefulSetBuilder().withNewMetadata().withName("c-broker").endMetadata()
                .withNewSpec().addNewVolumeClaimTemplate().withNewMetadata().withName("data").endMetadata()
                .withNewSpec().withStorageClassName(storageClass).withNewResources().addToRequests("storage", new Quantity(size))
                .endResources().endSpec().endVolumeClaimTemplate().endSpec();
        if (recorded != null) {
            b.editMetadata().addToAnnotations(VolumeResize.SIZE_ANNOTATION, recorded).endMetadata();
        }
        return b.build();
    }

    @Test
    void aNewStatefulSetKeepsItsTemplateAndRecordsItsSize() {
        VolumePlan plan = VolumePlan.of("spec.brokers.storage", set("10Gi", "fast", null), null);
        assertThat(plan.growTo()).isNull();
        assertThat(plan.recording(plan.liveSize()).getMetadata().getAnnotations()).containsEntry(VolumeResize.SIZE_ANNOTATION, "10Gi");
    }

    @Test
    void theLiveTemplatesStayAndALargerSizeGrowsTheClaims() {
        VolumePlan plan = VolumePlan.of("spec.brokers.storage", set("20Gi", "fast", null), set("10Gi", "fast", null));
        assertThat(plan.decision().kind()).isEqualTo(VolumeResize.Kind.GROW);
        assertThat(plan.growTo()).isEqualTo(new Quantity("20Gi"));
        assertThat(plan.statefulSet().getSpec().getVolumeClaimTemplates().get(0).getSpec().getResources().getRequests().get("storage"))
                .as("claim templates cannot change: the live one stays").isEqualTo(new Quantity("10Gi"));
    }

    @Test
    void grownBeforeMeansClaimsMadeSinceFromTheOldTemplateGrowToo() {
        VolumePlan plan = VolumePlan.of("spec.brokers.storage", set("20Gi", "fast", null), set("10Gi", "fast", "20Gi"));
        assertThat(plan.decision().kind()).isEqualTo(VolumeResize.Kind.NONE);
        assertThat(plan.growTo()).isEqualTo(new Quantity("20Gi"));
    }

    @Test
    void shrinkingOrAnotherClassIsRefusedAndNothingGrows() {
        VolumePlan shrink = VolumePlan.of("spec.brokers.storage", set("5Gi", "fast", null), set("10Gi", "fast", null));
        assertThat(shrink.decision().kind()).isEqualTo(VolumeResize.Kind.REFUSE);
        assertThat(shrink.growTo()).isNull();
        VolumePlan otherClass = VolumePlan.of("spec.brokers.storage", set("10Gi", "slow", null), set("10Gi", "fast", null));
        assertThat(otherClass.decision().message()).contains("'slow'").contains("'fast'");
    }

    @Test
    void claimsBelowAndStillGrowing() {
        PersistentVolumeClaim requested = claim("data-c-broker-0", "20Gi", "10Gi");
        PersistentVolumeClaim grown = claim("data-c-broker-1", "20Gi", "20Gi");
        PersistentVolumeClaim old = claim("data-c-broker-2", "10Gi", "10Gi");
        assertThat(VolumePlan.below(List.of(requested, grown, old), new Quantity("20Gi"))).containsExactly(old);
        assertThat(VolumePlan.stillGrowing(List.of(requested, grown), new Quantity("20Gi"))).singleElement().asString()
                .startsWith("data-c-broker-0 (10Gi of 20Gi");
    }

    private static PersistentVolumeClaim claim(String name, String requested, String capacity) {
        return new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withNewResources().addToRequests("storage", new Quantity(requested)).endResources().endSpec()
                .withNewStatus().addToCapacity("storage", new Quantity(capacity)).endStatus().build();
    }
}
