package dev.brook.kafka.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.api.v1alpha1.OffsetReset;
import dev.brook.api.v1alpha1.OffsetResetTarget;
import dev.brook.api.v1alpha1.PartitionOffset;
import dev.brook.kafka.GroupSnapshot;
import dev.brook.kafka.sync.OffsetResetOutcome.Kind;
import dev.brook.model.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The offset reset's decision as a table: (reset, last applied id, the group as read) -> outcome or the topics to move. */
class OffsetResetPlanTest {
    /** One row; {@code moves} is the topics an Apply moves (null: the plan finishes with {@code kind}). */
    record Row(String what, OffsetReset reset, String lastApplied, Set<String> declared, GroupSnapshot group, Kind kind, Reason reason,
               String message, Set<String> moves) {
        @Override
        public String toString() {
            return what;
        }
    }

    static Stream<Row> rows() {
        GroupSnapshot empty = group(0, "other");
        return Stream.of(
                new Row("no reset requested", null, null, Set.of("a"), empty, Kind.NOTHING_TO_DO, null, null, null),
                new Row("this reset applied before", reset("r1", OffsetResetTarget.EARLIEST), "r1", Set.of("a"), empty,
                        Kind.NOTHING_TO_DO, null, null, null),
                new Row("active members: pending, with the count", reset("r2", OffsetResetTarget.LATEST), "r1", Set.of("a"), group(2),
                        Kind.PENDING_ACTIVE_MEMBERS, Reason.ActiveMembers, "offset reset 'r2' is pending: group g has 2 active member(s), "
                                + "and offsets move only while a group has none; stop its consumers", null),
                new Row("nothing to move: no topics declared, no offsets committed", reset("r3", OffsetResetTarget.EARLIEST), null, Set.of(),
                        group(0), Kind.REFUSED, Reason.InvalidSpec, "spec.topics: the group has no committed offsets and spec.topics is empty; "
                                + "list the topics whose offsets the reset should move", null),
                new Row("earliest moves the declared topics and those with committed offsets", reset("r4", OffsetResetTarget.EARLIEST), null,
                        Set.of("a"), empty, null, null, null, Set.of("a", "other")),
                new Row("timestamp moves the committed topics even without declared ones", reset("r5", OffsetResetTarget.TIMESTAMP), null,
                        Set.of(), empty, null, null, null, Set.of("other")),
                new Row("explicit offsets move only the listed partitions", explicit("r6"), null, Set.of("a"), empty,
                        null, null, null, Set.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void decides(Row row) {
        OffsetResetStep step = OffsetResetPlan.decide(new OffsetResetRequest("g", row.declared(), row.reset(), row.lastApplied()), row.group());
        if (row.moves() != null) {
            assertThat(step).isInstanceOfSatisfying(OffsetResetStep.Apply.class, a -> assertThat(a.topics()).isEqualTo(row.moves()));
            return;
        }
        assertThat(step).isInstanceOfSatisfying(OffsetResetStep.Finished.class, f -> {
            assertThat(f.outcome().kind()).isEqualTo(row.kind());
            assertThat(f.outcome().refusal() == null ? null : f.outcome().refusal().reason()).isEqualTo(row.reason());
            assertThat(f.outcome().refusal() == null ? null : f.outcome().refusal().message()).isEqualTo(row.message());
            assertThat(f.outcome().activeMembers()).isEqualTo(row.group().members());
        });
    }

    @Test
    void anAppliedResetSaysWhatMoved() {
        OffsetResetOutcome applied = OffsetResetPlan.outcome(Kind.APPLIED, new OffsetResetRequest("g", Set.of("a"),
                reset("r1", OffsetResetTarget.EARLIEST), null), 0, Map.of(new TopicPartition("a", 0), 0L, new TopicPartition("a", 1), 0L), null);
        assertThat(applied.summary()).isEqualTo("offset reset 'r1' applied: 2 partition(s) moved to earliest");
    }

    private static OffsetReset reset(String id, OffsetResetTarget to) {
        OffsetReset r = new OffsetReset();
        r.setId(id);
        r.setTo(to);
        r.setTimestamp(to == OffsetResetTarget.TIMESTAMP ? "2026-11-25T10:00:00Z" : null);
        return r;
    }

    private static OffsetReset explicit(String id) {
        OffsetReset r = reset(id, OffsetResetTarget.OFFSET);
        r.setOffsets(new ArrayList<>(List.of(new PartitionOffset("a", 0, 5))));
        return r;
    }

    /** A group with {@code members} members and a committed offset on partition 0 of each of {@code committedTopics}. */
    private static GroupSnapshot group(int members, String... committedTopics) {
        List<GroupSnapshot.PartitionOffsets> partitions = new ArrayList<>();
        for (String t : committedTopics) {
            partitions.add(new GroupSnapshot.PartitionOffsets(t, 0, 3L, 10L, 7L));
        }
        return new GroupSnapshot("g", members > 0 ? "Stable" : "Empty", members, partitions);
    }
}
