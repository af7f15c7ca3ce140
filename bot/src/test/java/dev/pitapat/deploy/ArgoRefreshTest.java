package dev.pitapat.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.kube.ApplicationState;
import dev.pitapat.kube.Cluster;
import dev.pitapat.kube.ClusterException;
import dev.pitapat.kube.RolloutState;
import dev.pitapat.model.AppName;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.Sha;
import dev.pitapat.model.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** After a commit (and only then), Argo CD is asked to refresh the environment; its refusal never fails a deploy. */
class ArgoRefreshTest {

    static final Target STAGING = new Target(new AppName("hello"), new EnvName("staging"));
    static final Sha SHA = new Sha("9f3c2b1a0d4e5f60718293a4b5c6d7e8f9a0b1c2");

    /** A followed cluster that records what it was asked to refresh, or refuses. */
    static final class RecordingCluster implements Cluster {
        final List<Target> refreshed = new ArrayList<>();
        boolean refuse;

        @Override
        public boolean followed() {
            return true;
        }

        @Override
        public Optional<ApplicationState> application(Target target) {
            return Optional.empty();
        }

        @Override
        public Optional<RolloutState> rollout(Target target) {
            return Optional.empty();
        }

        @Override
        public boolean refresh(Target target) {
            if (refuse) {
                throw new ClusterException("asking Argo CD to refresh hello-staging: 403 forbidden", null);
            }
            refreshed.add(target);
            return true;
        }

        @Override
        public Promotion promote(Target target) {
            return Promotion.NO_ROLLOUT;
        }

        @Override
        public boolean abort(Target target) {
            return false;
        }

        @Override
        public Watch watch(java.util.function.Consumer<String> changed) {
            return Cluster.none().watch(changed);
        }
    }

    final RecordingCluster cluster = new RecordingCluster();

    @Test
    void aCommitOrARemovalIsFollowedByARefreshOfItsEnvironment() {
        ArgoRefresh refresh = new ArgoRefresh(cluster, true);

        refresh.afterCommit(STAGING, new Outcome.Committed(SHA, SHA, Optional.empty(), false));
        refresh.afterCommit(STAGING, new Outcome.Removed(Optional.of(SHA)));

        assertThat(cluster.refreshed).containsExactly(STAGING, STAGING);
    }

    @Test
    void nothingCommittedNothingRefreshed() {
        new ArgoRefresh(cluster, true)
                .afterCommit(
                        STAGING,
                        new Outcome.Failed(new Outcome.Failure.GaveUpWaiting(java.time.Duration.ofMinutes(15))));
        assertThat(cluster.refreshed).isEmpty();
    }

    @Test
    void switchedOffOrWithoutAClusterItAsksNothing() {
        new ArgoRefresh(cluster, false).afterCommit(STAGING, new Outcome.Committed(SHA, SHA, Optional.empty(), false));
        new ArgoRefresh(Cluster.none(), true)
                .afterCommit(STAGING, new Outcome.Committed(SHA, SHA, Optional.empty(), false));

        assertThat(cluster.refreshed).isEmpty();
    }

    @Test
    void aRefusalIsLoggedAndTheDeployGoesOn() {
        cluster.refuse = true;

        new ArgoRefresh(cluster, true).afterCommit(STAGING, new Outcome.Committed(SHA, SHA, Optional.empty(), false));

        assertThat(cluster.refreshed).isEmpty();
    }
}
