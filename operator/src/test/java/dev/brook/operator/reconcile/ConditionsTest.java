package dev.brook.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.api.v1alpha1.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionsTest {
    private final Instant t0 = Instant.parse("2026-11-25T10:00:00Z");

    @Test
    void transitionTimeMovesOnlyWhenStatusChanges() {
        List<Condition> first = new Conditions(Clock.fixed(t0, ZoneOffset.UTC)).set(List.of(), Conditions.notReady("A", "a"), 1);
        Conditions later = new Conditions(Clock.fixed(t0.plusSeconds(60), ZoneOffset.UTC));
        List<Condition> sameStatus = later.set(first, Conditions.notReady("B", "b"), 2);
        assertThat(sameStatus).singleElement().satisfies(c -> {
            assertThat(c.getLastTransitionTime()).isEqualTo("2026-11-25T10:00:00Z");
            assertThat(c.getReason()).isEqualTo("B");
            assertThat(c.getObservedGeneration()).isEqualTo(2);
        });
        List<Condition> flipped = later.set(sameStatus, Conditions.ready("Ready", "ok"), 2);
        assertThat(flipped).singleElement().extracting(Condition::getLastTransitionTime).isEqualTo("2026-11-25T10:01:00Z");
        assertThat(Conditions.isTrue(flipped, "Ready")).isTrue();
    }

    @Test
    void otherTypesAreKeptInPlace() {
        Conditions c = new Conditions(Clock.fixed(t0, ZoneOffset.UTC));
        List<Condition> two = c.set(c.set(List.of(), Conditions.notReady("A", "a"), 1),
                new Condition("RollingRestart", Condition.TRUE, "Rolling", "r"), 1);
        assertThat(two).extracting(Condition::getType).containsExactly("Ready", "RollingRestart");
        assertThat(Conditions.remove(two, "Ready")).extracting(Condition::getType).containsExactly("RollingRestart");
    }
}
