package dev.brook.operator.reconcile;

import dev.brook.api.v1alpha1.Condition;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sets conditions on a status list the way Kubernetes expects: one condition per type, and
 * {@code lastTransitionTime} moves only when the status value changes, so a reconcile that finds
 * nothing new writes nothing new.
 */
public final class Conditions {
    public static final String READY = "Ready";

    private final Clock clock;

    public Conditions(Clock clock) {
        this.clock = clock;
    }

    /** Returns a new list with {@code next} in place of the condition of the same type. */
    public List<Condition> set(List<Condition> current, Condition next, long generation) {
        List<Condition> result = new ArrayList<>();
        Optional<Condition> previous = find(current, next.getType());
        Condition merged = new Condition(next.getType(), next.getStatus(), next.getReason(), next.getMessage());
        merged.setObservedGeneration(generation);
        merged.setLastTransitionTime(previous.filter(p -> p.getStatus() != null && p.getStatus().equals(next.getStatus()))
                .map(Condition::getLastTransitionTime)
                .orElseGet(this::now));
        boolean placed = false;
        for (Condition c : current == null ? List.<Condition>of() : current) {
            if (c.getType().equals(next.getType())) {
                result.add(merged);
                placed = true;
            } else {
                result.add(c);
            }
        }
        if (!placed) {
            result.add(merged);
        }
        return result;
    }

    /** Returns a new list without the condition of that type. */
    public static List<Condition> remove(List<Condition> current, String type) {
        List<Condition> result = new ArrayList<>(current == null ? List.of() : current);
        result.removeIf(c -> c.getType().equals(type));
        return result;
    }

    public static Optional<Condition> find(List<Condition> conditions, String type) {
        if (conditions == null) {
            return Optional.empty();
        }
        return conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    public static boolean isTrue(List<Condition> conditions, String type) {
        return find(conditions, type).map(c -> Condition.TRUE.equals(c.getStatus())).orElse(false);
    }

    public static Condition ready(String reason, String message) {
        return new Condition(READY, Condition.TRUE, reason, message);
    }

    public static Condition notReady(String reason, String message) {
        return new Condition(READY, Condition.FALSE, reason, message);
    }

    private String now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
