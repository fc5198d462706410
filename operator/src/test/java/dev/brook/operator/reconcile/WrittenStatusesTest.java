package dev.brook.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brook.api.v1alpha1.Cluster;
import dev.brook.api.v1alpha1.ClusterStatus;
import dev.brook.api.v1alpha1.RebalanceStatus;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The status a reconcile wrote wins over a cache that has not caught up, until the cache shows it (or for a bounded time). */
class WrittenStatusesTest {
    private final AtomicLong now = new AtomicLong();
    private final WrittenStatuses<ClusterStatus> written = new WrittenStatuses<>(now::get);

    @Test
    void withNothingWrittenTheCacheDecides() {
        Cluster cached = cluster(status("before"));
        assertThat(written.freshest(cached, cached.getStatus())).isSameAs(cached.getStatus());
        assertThat(written.unchanged(cached, cached.getStatus(), status("before"))).isTrue();
        assertThat(written.unchanged(cached, cached.getStatus(), status("after"))).isFalse();
    }

    @Test
    void theLastWrittenStatusIsReadUntilTheCacheShowsIt() {
        Cluster stale = cluster(status("before"));
        written.written(stale, status("started"));
        written.written(stale, status("moving"));

        // The next reconcile starts before the watch brought the patches back.
        assertThat(goal(written.freshest(stale, stale.getStatus()))).isEqualTo("moving");
        // The first patch comes back first: still older than the last one written.
        Cluster firstBack = cluster(status("started"));
        assertThat(goal(written.freshest(firstBack, firstBack.getStatus()))).isEqualTo("moving");
        // The last one comes back: the cache decides again, and nothing is remembered any more.
        Cluster caughtUp = cluster(status("moving"));
        assertThat(written.freshest(caughtUp, caughtUp.getStatus())).isSameAs(caughtUp.getStatus());
        assertThat(goal(written.freshest(stale, stale.getStatus()))).isEqualTo("before");
    }

    @Test
    void aWriteThatNeverShowsIsTrustedForABoundedTime() {
        Cluster stale = cluster(status("before"));
        written.written(stale, status("started"));
        now.addAndGet(WrittenStatuses.TRUSTED_FOR.toNanos());
        assertThat(goal(written.freshest(stale, stale.getStatus()))).isEqualTo("started");
        now.incrementAndGet();
        assertThat(goal(written.freshest(stale, stale.getStatus()))).isEqualTo("before");
    }

    @Test
    void aStatusEqualToTheStaleCacheIsStillWrittenWhenTheRememberedOneDiffers() {
        Cluster stale = cluster(status("before"));
        written.written(stale, status("started"));
        // Back to what the stale cache shows: the server may hold "started", so it must be written.
        assertThat(written.unchanged(stale, stale.getStatus(), status("before"))).isFalse();
        written.written(stale, status("before"));
        assertThat(written.unchanged(stale, stale.getStatus(), status("before"))).isTrue();
    }

    @Test
    void forgettingDropsWhatThisProcessRemembers() {
        Cluster stale = cluster(status("before"));
        written.written(stale, status("started"));
        written.forgetAll();
        assertThat(written.freshest(stale, stale.getStatus())).isSameAs(stale.getStatus());
        written.written(stale, status("started"));
        written.forget(stale);
        assertThat(written.freshest(stale, stale.getStatus())).isSameAs(stale.getStatus());
    }

    private static Cluster cluster(ClusterStatus status) {
        Cluster c = new Cluster();
        c.setMetadata(new ObjectMetaBuilder().withName("c").withNamespace("ns").withUid("uid-1").build());
        c.setStatus(status);
        return c;
    }

    private static ClusterStatus status(String goal) {
        ClusterStatus s = new ClusterStatus();
        RebalanceStatus r = new RebalanceStatus();
        r.setGoal(goal);
        s.setRebalance(r);
        return s;
    }

    private static String goal(ClusterStatus s) {
        return s.getRebalance().getGoal();
    }
}
