package dev.brook.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ZookeeperResizeTest {
    @Test
    void aNewEnsembleStartsAtItsSize() {
        assertThat(ZookeeperResize.next(5, null, 0, false)).isEqualTo(ZookeeperResize.steady(5));
        assertThat(ZookeeperResize.next(3, 3, 3, false)).isEqualTo(ZookeeperResize.steady(3));
    }

    @Test
    void growingAddsOneServerPerSettledStep() {
        // 3 -> 5: not settled (a server restarting): stay.
        ZookeeperResize waiting = ZookeeperResize.next(5, 3, 3, false);
        assertThat(waiting.replicas()).isEqualTo(3);
        assertThat(waiting.servers()).isEqualTo(3);
        assertThat(waiting.step()).contains("waiting");
        // Settled: a fourth server, every server told there are four.
        ZookeeperResize first = ZookeeperResize.next(5, 3, 3, true);
        assertThat(first).extracting(ZookeeperResize::replicas, ZookeeperResize::servers).containsExactly(4, 4);
        assertThat(first.step()).contains("adding server 4");
        // While the four roll, the step stays; once they settled, the fifth.
        assertThat(ZookeeperResize.next(5, 4, 4, false)).extracting(ZookeeperResize::replicas, ZookeeperResize::servers).containsExactly(4, 4);
        ZookeeperResize second = ZookeeperResize.next(5, 4, 4, true);
        assertThat(second).extracting(ZookeeperResize::replicas, ZookeeperResize::servers).containsExactly(5, 5);
        // Five of five: the last step is reported until its roll settled, then the resize is over.
        ZookeeperResize last = ZookeeperResize.next(5, 5, 5, false, true, -1);
        assertThat(last).extracting(ZookeeperResize::replicas, ZookeeperResize::servers).containsExactly(5, 5);
        assertThat(last.step()).contains("last step");
        assertThat(ZookeeperResize.next(5, 5, 5, true, true, -1)).isEqualTo(ZookeeperResize.steady(5));
        assertThat(ZookeeperResize.next(5, 5, 5, false)).isEqualTo(ZookeeperResize.steady(5));
    }

    @Test
    void shrinkingRollsTheShorterListWhileTheLastServerStillRunsThenRemovesIt() {
        ZookeeperResize first = ZookeeperResize.next(3, 5, 5, true);
        assertThat(first).extracting(ZookeeperResize::replicas, ZookeeperResize::servers).containsExactly(5, 4);
        assertThat(first.step()).contains("removing server 5");
        // Servers 1..4 not yet on the list of four: server 5 stays.
        assertThat(ZookeeperResize.next(3, 5, 4, false)).extracting(ZookeeperResize::replicas, ZookeeperResize::servers).containsExactly(5, 4);
        // They are: server 5 goes.
        ZookeeperResize removed = ZookeeperResize.next(3, 5, 4, true);
        assertThat(removed).extracting(ZookeeperResize::replicas, ZookeeperResize::servers).containsExactly(4, 4);
        assertThat(removed.step()).contains("removed server 5");
        // 4 -> 3 the same way; the last removal ends the resize.
        assertThat(ZookeeperResize.next(3, 4, 4, true)).extracting(ZookeeperResize::replicas, ZookeeperResize::servers).containsExactly(4, 3);
        assertThat(ZookeeperResize.next(3, 4, 3, true)).isEqualTo(ZookeeperResize.steady(3));
    }

    @Test
    void aServerAboutToBeRemovedIsFirstMadeToStopLeading() {
        // 5 -> 3, server 5 (ordinal 4) leads: restart it with the current list before the step starts.
        ZookeeperResize move = ZookeeperResize.next(3, 5, 5, true, false, 4);
        assertThat(move).extracting(ZookeeperResize::replicas, ZookeeperResize::servers, ZookeeperResize::moveLeaderFrom)
                .containsExactly(5, 5, 4);
        assertThat(move.step()).contains("moving the leadership off server 5");
        // Another server leads: the step starts, nobody is restarted for it.
        assertThat(ZookeeperResize.next(3, 5, 5, true, false, -1).moveLeaderFrom()).isEqualTo(-1);
        // Mid-step, the leaving server was elected: restart it even before the step settled.
        assertThat(ZookeeperResize.next(3, 5, 4, false, true, 4).moveLeaderFrom()).isEqualTo(4);
        // Growing never moves a leader.
        assertThat(ZookeeperResize.next(5, 3, 3, true, false, 2).moveLeaderFrom()).isEqualTo(-1);
    }

    @Test
    void aChangeOfMindMidwayFinishesTheStepThenGoesTheOtherWay() {
        // Growing 3 -> 5 reached 4, the user asks for 3 again: once settled, shrink back.
        assertThat(ZookeeperResize.next(3, 4, 4, false)).extracting(ZookeeperResize::replicas, ZookeeperResize::servers).containsExactly(4, 4);
        assertThat(ZookeeperResize.next(3, 4, 4, true)).extracting(ZookeeperResize::replicas, ZookeeperResize::servers).containsExactly(4, 3);
        // Shrinking 5 -> 3 in its second half, the user asks for 5: server 5 is still removed first (the list says 4).
        assertThat(ZookeeperResize.next(5, 5, 4, true)).extracting(ZookeeperResize::replicas, ZookeeperResize::servers).containsExactly(4, 4);
        assertThat(ZookeeperResize.next(5, 4, 4, true)).extracting(ZookeeperResize::replicas, ZookeeperResize::servers).containsExactly(5, 5);
    }

    @Test
    void anEvenServerListExistsOnlyAsAResizeStepAndTheBrokersFollowIt() {
        var cluster = ClusterFixtures.cluster();
        ZookeeperEnsemble step = ZookeeperEnsemble.resizing(cluster, Platform.DEFAULT, 4);
        assertThat(step.replicas()).isEqualTo(4);
        assertThat(step.connectString()).contains("-zookeeper-3.");
        assertThat(BrokerSet.from(cluster, ExternalAddresses.none(), Platform.DEFAULT, 4).zookeeperConnect()).contains("-zookeeper-3.");
        assertThat(BrokerSet.from(cluster).zookeeperConnect()).doesNotContain("-zookeeper-3.");
    }
}
