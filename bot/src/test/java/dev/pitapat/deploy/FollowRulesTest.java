package dev.pitapat.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.deploy.FollowRules.Seen;
import dev.pitapat.deploy.Following.Act;
import dev.pitapat.deploy.Following.End;
import dev.pitapat.deploy.Progress.StepName;
import dev.pitapat.kube.ApplicationState;
import dev.pitapat.kube.RolloutState;
import dev.pitapat.model.AppName;
import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.RepoRef;
import dev.pitapat.model.Sha;
import dev.pitapat.model.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The follow rules of DESIGN.md section 6, one state of the cluster at a time: synced, awaiting promotion,
 * promoted, healthy, and each way it can fail, with the time moved by hand.
 */
class FollowRulesTest {

    static final Sha APP_SHA = new Sha("6dcb09b5b57875f334f61aebed695e2e4193db5e");
    static final String OURS = "1111111111111111111111111111111111111111";
    static final String LATER = "2222222222222222222222222222222222222222";
    static final String OLDER = "0000000000000000000000000000000000000000";
    static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    static final Duration SYNC = Duration.ofMinutes(5);
    static final Duration HEALTHY = Duration.ofMinutes(10);

    private final FollowRules rules = new FollowRules(SYNC, HEALTHY);
    /** Our commit, or a later one that leaves the folder alone; an older one does not hold it. */
    private final Predicate<String> holdsOurs = revision -> revision.equals(OURS) || revision.equals(LATER);

    private final Act dana =
            new Act(Optional.of("dana"), T0.plusSeconds(90), Optional.of(DeploymentId.derived("p", "1")));
    private final FollowRules.Acts acts =
            FollowRules.acts(() -> Optional.of(dana), () -> Optional.of(new End.Aborted(dana, Optional.empty())));

    @Test
    void itIsSyncedOnlyWhenArgoCdSyncedACommitHoldingOurFolderAndTheOperationSucceeded() {
        Progress start = following(Optional.empty());

        Progress older = rules.next(
                start, seen(app("Synced", OLDER, "Succeeded", OLDER), none()), holdsOurs, acts, T0.plusSeconds(5));
        Progress outOfSync = rules.next(
                start, seen(app("OutOfSync", OLDER, "Running", OURS), none()), holdsOurs, acts, T0.plusSeconds(5));
        Progress running = rules.next(
                start, seen(app("Synced", OURS, "Running", OURS), none()), holdsOurs, acts, T0.plusSeconds(5));
        Progress later = rules.next(
                start, seen(app("Synced", LATER, "Succeeded", LATER), none()), holdsOurs, acts, T0.plusSeconds(5));

        assertThat(older.did(StepName.SYNCED)).isFalse();
        assertThat(older.following().orElseThrow().lastWord()).startsWith("sync status Synced at 0000000");
        assertThat(outOfSync.did(StepName.SYNCED)).isFalse();
        assertThat(running.did(StepName.SYNCED)).isFalse();
        assertThat(later.did(StepName.SYNCED)).isTrue();
        assertThat(later.following().orElseThrow().healthSince()).contains(T0.plusSeconds(5));
        assertThat(later.stage()).isEqualTo(Progress.Stage.FOLLOWING);
    }

    @Test
    void nothingNewGivesBackTheSameRecordSoNothingIsReportedTwice() {
        Progress start = following(Optional.empty());
        Seen same = seen(app("OutOfSync", OLDER, "Running", OURS), none());

        Progress once = rules.next(start, same, holdsOurs, acts, T0.plusSeconds(5));
        Progress twice = rules.next(once, same, holdsOurs, acts, T0.plusSeconds(6));

        assertThat(once).isNotSameAs(start);
        assertThat(twice).isSameAs(once);
    }

    @Test
    void aFailedSyncOfOurCommitEndsItWithArgoCdsMessage() {
        Progress failed = rules.next(
                following(Optional.empty()),
                new Seen(
                        true,
                        Optional.of(new ApplicationState(
                                "OutOfSync",
                                Optional.of(OLDER),
                                Optional.of(new ApplicationState.Operation(
                                        "Failed", Optional.of(OURS), "one or more objects failed to apply")),
                                "Degraded")),
                        none()),
                holdsOurs,
                acts,
                T0.plusSeconds(5));

        assertThat(failed.finished()).isTrue();
        assertThat(failed.following().orElseThrow().end())
                .contains(new End.SyncFailed("one or more objects failed to apply"));
    }

    @Test
    void aManualPromotionWaitsThenIsPromotedByWhoeverPitapatNotedThenBecomesHealthy() {
        Progress synced = synced();

        Progress paused = rules.next(
                synced, seen(syncedApp(), rollout("Paused", true, "old", "new")), holdsOurs, acts, T0.plusSeconds(60));
        assertThat(paused.did(StepName.AWAITING_PROMOTION)).isTrue();
        assertThat(paused.awaitingPromotion()).isTrue();
        assertThat(paused.following().orElseThrow().pausedSince()).contains(T0.plusSeconds(55));
        // a wait for a person is not a wait for health: the healthy timeout does not run out while paused
        assertThat(rules.next(
                        paused,
                        seen(syncedApp(), rollout("Paused", true, "old", "new")),
                        holdsOurs,
                        acts,
                        T0.plus(Duration.ofHours(3))))
                .isSameAs(paused);

        Instant promotedAt = T0.plus(Duration.ofHours(3));
        Progress promoted = rules.next(
                paused, seen(syncedApp(), rollout("Progressing", false, "old", "new")), holdsOurs, acts, promotedAt);
        assertThat(promoted.did(StepName.PROMOTED)).isTrue();
        assertThat(promoted.following().orElseThrow().promoted()).contains(dana);
        assertThat(promoted.following().orElseThrow().healthSince()).contains(promotedAt);

        Progress healthy = rules.next(
                promoted,
                seen(syncedApp(), rollout("Healthy", false, "new", "new")),
                holdsOurs,
                acts,
                promotedAt.plusSeconds(30));
        assertThat(healthy.finished()).isTrue();
        assertThat(healthy.following().orElseThrow().end()).contains(new End.Healthy());
        assertThat(healthy.steps().stream().map(Progress.Step::name))
                .containsExactly(
                        StepName.COMMITTED,
                        StepName.SYNCED,
                        StepName.AWAITING_PROMOTION,
                        StepName.PROMOTED,
                        StepName.HEALTHY);
    }

    @Test
    void aPromotionDoneOutsidePitapatIsSaidSo() {
        Progress paused = rules.next(
                synced(),
                seen(syncedApp(), rollout("Paused", true, "old", "new")),
                holdsOurs,
                acts,
                T0.plusSeconds(60));

        Progress promoted = rules.next(
                paused,
                seen(syncedApp(), rollout("Healthy", false, "new", "new")),
                holdsOurs,
                FollowRules.acts(Optional::empty, Optional::empty),
                T0.plusSeconds(70));

        assertThat(promoted.following().orElseThrow().promoted().orElseThrow().who())
                .isEqualTo("someone outside pitapat");
        assertThat(promoted.following().orElseThrow().end()).contains(new End.Healthy());
    }

    @Test
    void theRolloutIsReadOnlyOnceItsControllerHasSeenOurVersion() {
        // the old version, healthy and observed: not ours yet
        RolloutState oldVersion = new RolloutState(
                3,
                3,
                "Healthy",
                Optional.empty(),
                false,
                Optional.of("old"),
                Optional.of("old"),
                "",
                Optional.of("553c207"));
        // our version, not observed yet
        RolloutState unobserved = new RolloutState(
                4,
                3,
                "Healthy",
                Optional.empty(),
                false,
                Optional.of("old"),
                Optional.of("old"),
                "",
                Optional.of("6dcb09b"));

        assertThat(rules.next(synced(), seen(syncedApp(), Optional.of(oldVersion)), holdsOurs, acts, T0.plusSeconds(60))
                        .finished())
                .isFalse();
        assertThat(rules.next(synced(), seen(syncedApp(), Optional.of(unobserved)), holdsOurs, acts, T0.plusSeconds(60))
                        .finished())
                .isFalse();
    }

    @Test
    void degradedAndAbortedEndItWithArgoRolloutsMessage() {
        Progress degraded = rules.next(
                synced(),
                seen(syncedApp(), rollout("Degraded", false, "old", "new", "ProgressDeadlineExceeded: 0/2 ready")),
                holdsOurs,
                acts,
                T0.plusSeconds(60));
        RolloutState aborted = new RolloutState(
                4,
                4,
                "Degraded",
                Optional.empty(),
                true,
                Optional.of("old"),
                Optional.of("new"),
                "RolloutAborted: Rollout aborted update to revision 4",
                Optional.of("6dcb09b"));
        Progress abortedEnd =
                rules.next(synced(), seen(syncedApp(), Optional.of(aborted)), holdsOurs, acts, T0.plusSeconds(60));

        assertThat(degraded.following().orElseThrow().end())
                .contains(new End.Degraded("ProgressDeadlineExceeded: 0/2 ready"));
        assertThat(abortedEnd.following().orElseThrow().end()).contains(new End.Aborted(dana, Optional.empty()));
    }

    @Test
    void aRestoringDeployExpectsTheAbortedRolloutUntilTheRestoredVersionIsHealthy() {
        Progress restoring = synced(true);
        RolloutState stillAborted = new RolloutState(
                5,
                5,
                "Degraded",
                Optional.empty(),
                true,
                Optional.of("old"),
                Optional.of("new"),
                "RolloutAborted",
                Optional.of("6dcb09b"));
        RolloutState back = new RolloutState(
                5,
                5,
                "Healthy",
                Optional.empty(),
                false,
                Optional.of("old"),
                Optional.of("old"),
                "",
                Optional.of("6dcb09b"));

        Progress waiting = rules.next(
                restoring, seen(syncedApp(), Optional.of(stillAborted)), holdsOurs, acts, T0.plusSeconds(60));
        Progress healthy =
                rules.next(waiting, seen(syncedApp(), Optional.of(back)), holdsOurs, acts, T0.plusSeconds(70));

        assertThat(waiting.finished()).isFalse();
        assertThat(healthy.following().orElseThrow().end()).contains(new End.Healthy());
    }

    @Test
    void timeoutsNameTheStepItWasStuckShortOfAndArgosLastWord() {
        Progress start = rules.next(
                following(Optional.empty()),
                seen(app("OutOfSync", OLDER, "Running", OURS), none()),
                holdsOurs,
                acts,
                T0.plusSeconds(1));
        assertThat(rules.deadline(start)).contains(T0.plus(SYNC));
        Progress notSynced = rules.next(
                start, seen(app("OutOfSync", OLDER, "Running", OURS), none()), holdsOurs, acts, T0.plus(SYNC));

        Progress synced = synced();
        Instant healthSince = synced.following().orElseThrow().healthSince().orElseThrow();
        assertThat(rules.deadline(synced)).contains(healthSince.plus(HEALTHY));
        Progress progressing = rules.next(
                synced,
                seen(syncedApp(), rollout("Progressing", false, "old", "new", "waiting for 1 pods")),
                holdsOurs,
                acts,
                healthSince.plusSeconds(1));
        Progress notHealthy = rules.next(
                progressing,
                seen(syncedApp(), rollout("Progressing", false, "old", "new", "waiting for 1 pods")),
                holdsOurs,
                acts,
                healthSince.plus(HEALTHY));

        assertThat(notSynced.following().orElseThrow().end())
                .contains(new End.TimedOut(
                        StepName.SYNCED, SYNC, "sync status OutOfSync at 0000000; last operation Running: running"));
        assertThat(notHealthy.following().orElseThrow().end())
                .contains(new End.TimedOut(StepName.HEALTHY, HEALTHY, "Rollout Progressing: waiting for 1 pods"));
    }

    @Test
    void aClusterThatCannotBeReadUntilTheTimeoutLeavesTheRolloutUnknownNotFailed() {
        Progress start = following(Optional.empty());

        Progress unknown = rules.next(start, Seen.UNKNOWN, holdsOurs, acts, T0.plus(SYNC));

        assertThat(unknown.following().orElseThrow().end()).contains(new End.Unfollowed(SYNC));
        assertThat(Words.state(unknown))
                .isEqualTo("committed; rollout status unknown: the cluster did not answer pitapat for 5 minutes");
        assertThat(CheckRunReport.conclusionOf(unknown))
                .isEqualTo(dev.pitapat.github.CheckRunUpdate.Conclusion.NEUTRAL);
        assertThat(CheckRunReport.live(unknown)).isTrue();
    }

    @Test
    void aPreviewWaitingLongerThanItsPromotionTimeoutIsOverdueAndItsDeadlineSaysWhen() {
        Progress synced = followingSynced(Optional.of(Duration.ofHours(2)), false);
        Progress paused = rules.next(
                synced, seen(syncedApp(), rollout("Paused", true, "old", "new")), holdsOurs, acts, T0.plusSeconds(60));

        assertThat(rules.deadline(paused)).contains(T0.plusSeconds(55).plus(Duration.ofHours(2)));
        assertThat(FollowRules.promotionOverdue(
                        paused, T0.plusSeconds(55).plus(Duration.ofHours(2)).minusMillis(1)))
                .isFalse();
        assertThat(FollowRules.promotionOverdue(paused, T0.plusSeconds(55).plus(Duration.ofHours(2))))
                .isTrue();
        assertThat(FollowRules.promotionOverdue(synced(), T0.plus(Duration.ofDays(1))))
                .isFalse();
    }

    // ---- helpers

    static Progress following(Optional<Duration> promotionTimeout) {
        return following(promotionTimeout, false);
    }

    static Progress following(Optional<Duration> promotionTimeout, boolean restoring) {
        DeployRequest.Deploy deploy = new DeployRequest.Deploy(
                new DeployRequest.Ask(
                        DeploymentId.derived("delivery", "1"),
                        new Target(new AppName("hello"), new EnvName("production")),
                        new RepoRef("acme", "hello"),
                        1,
                        "main",
                        new DeployRequest.Origin.Command(
                                7, "octocat", dev.pitapat.model.Permission.WRITE, Optional.of(3L)),
                        true),
                APP_SHA,
                false,
                Optional.empty());
        Outcome committed = new Outcome.Committed(new Sha(OURS), APP_SHA, Optional.empty(), false);
        return Progress.accepted(deploy, Optional.of(APP_SHA), T0.minusSeconds(10))
                .running(T0.minusSeconds(5))
                .step(StepName.COMMITTED, T0)
                .following(committed, Following.of(new Sha(OURS), T0, promotionTimeout, restoring), T0);
    }

    private Progress synced() {
        return followingSynced(Optional.empty(), false);
    }

    private Progress synced(boolean restoring) {
        return followingSynced(Optional.empty(), restoring);
    }

    private Progress followingSynced(Optional<Duration> promotionTimeout, boolean restoring) {
        Progress synced = rules.next(
                following(promotionTimeout, restoring), seen(syncedApp(), none()), holdsOurs, acts, T0.plusSeconds(30));
        assertThat(synced.did(StepName.SYNCED)).isTrue();
        return synced;
    }

    private static Seen seen(Optional<ApplicationState> app, Optional<RolloutState> rollout) {
        return new Seen(true, app, rollout);
    }

    private static Optional<RolloutState> none() {
        return Optional.empty();
    }

    private static Optional<ApplicationState> syncedApp() {
        return app("Synced", OURS, "Succeeded", OURS);
    }

    private static Optional<ApplicationState> app(
            String sync, String revision, String phase, String operationRevision) {
        return Optional.of(new ApplicationState(
                sync,
                Optional.of(revision),
                Optional.of(new ApplicationState.Operation(phase, Optional.of(operationRevision), phase.toLowerCase())),
                "Progressing"));
    }

    private static Optional<RolloutState> rollout(String phase, boolean paused, String stable, String current) {
        return rollout(phase, paused, stable, current, "");
    }

    private static Optional<RolloutState> rollout(
            String phase, boolean paused, String stable, String current, String message) {
        return Optional.of(new RolloutState(
                4,
                4,
                phase,
                paused ? Optional.of(T0.plusSeconds(55)) : Optional.empty(),
                false,
                Optional.of(stable),
                Optional.of(current),
                message,
                Optional.of("6dcb09b")));
    }
}
