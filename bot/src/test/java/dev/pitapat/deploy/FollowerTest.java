package dev.pitapat.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pitapat.deploy.Following.End;
import dev.pitapat.deploy.Progress.StepName;
import dev.pitapat.gitops.Action;
import dev.pitapat.gitops.DeploymentCommit;
import dev.pitapat.gitops.GitOpsWriter;
import dev.pitapat.kube.Cluster;
import dev.pitapat.kube.FakeArgo;
import dev.pitapat.model.AppName;
import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.Permission;
import dev.pitapat.model.RepoRef;
import dev.pitapat.model.Sha;
import dev.pitapat.model.Target;
import dev.pitapat.store.EnvironmentLocks;
import dev.pitapat.store.InMemoryDeployRecords;
import dev.pitapat.store.InMemoryEnvironmentLocks;
import dev.pitapat.store.InMemoryLeases;
import dev.pitapat.store.Leases;
import dev.pitapat.testing.MovableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Following committed deploys in the cluster (DESIGN.md section 6) through the real fabric8 adapter against
 * fabric8's mock API server, Argo CD and Argo Rollouts played by the test one status at a time ({@link FakeArgo}):
 * the runner commits to a real GitOps repository, hands the record over, and the follower moves it on as the
 * cluster changes, with a clock the test moves for timeouts. What the reporters are told is recorded.
 */
class FollowerTest {

    static final Target STAGING = new Target(new AppName("hello"), new EnvName("staging"));
    static final Target PRODUCTION = new Target(new AppName("hello"), new EnvName("production"));
    static final RepoRef REPO = new RepoRef("acme", "hello");
    static final Sha SHA = new Sha("6dcb09b5b57875f334f61aebed695e2e4193db5e");
    static final Sha NEWER = new Sha("553c2077f0edc3d5dc5d17262f6aa498e69d6f8e");
    static final String POLICY = """
            app: hello
            environments:
              staging: {}
              production: { promotion: manual, promotion-timeout: 1h }
              canary: { after: staging }
            """;

    @TempDir
    Path tmp;

    final MovableClock clock = new MovableClock(Instant.parse("2026-12-03T10:00:30Z"));
    final EnvironmentLocks locks = new InMemoryEnvironmentLocks(clock);
    final InMemoryDeployRecords store = new InMemoryDeployRecords(clock);
    final ProgressRecords records = new ProgressRecords(store);
    final Leases leases = new InMemoryLeases(clock);
    final List<Progress> reported = new CopyOnWriteArrayList<>();
    final Reporting reporting = new Reporting(List.of((before, now) -> {
        reported.add(now);
        return now;
    }));
    FakeArgo argo;
    Cluster cluster;
    GitOpsWriter writer;
    Follower follower;
    DeployRunner runner;

    @BeforeEach
    void setUp() throws Exception {
        writer = DeployRunnerTest.newGitOps(tmp);
        argo = new FakeArgo();
        cluster = argo.cluster();
        follower = follower();
        runner = DeployRunnerTest.runnerOn(
                locks,
                records,
                writer,
                clock,
                Duration.ofMinutes(2),
                reporting,
                cluster,
                follower,
                Optional.of(POLICY));
        follower.start();
    }

    @AfterEach
    void tearDown() {
        follower.stop();
        runner.stop();
        argo.close();
        writer.close();
    }

    private Follower follower() {
        return new Follower(
                records,
                cluster,
                writer,
                leases,
                reporting,
                new FollowRules(Duration.ofMinutes(5), Duration.ofMinutes(10)),
                clock);
    }

    @Test
    void aManualPromotionIsFollowedFromCommitToSyncedToAwaitingPromotionToPromotedToHealthy() {
        argo.synced(PRODUCTION, "0".repeat(40)); // the Application the ApplicationSet made earlier
        argo.requests();

        DeploymentId deploy = accept(deployOf(SHA, PRODUCTION, "one"));
        awaitStage(deploy, Progress.Stage.FOLLOWING);
        String commit = gitOpsHead(PRODUCTION);
        assertThat(records.get(deploy)
                        .orElseThrow()
                        .following()
                        .orElseThrow()
                        .commit()
                        .value())
                .isEqualTo(commit);
        assertThat(argo.application(PRODUCTION).getMetadata().getAnnotations())
                .containsEntry("argocd.argoproj.io/refresh", "normal");
        assertThat(store.followed()).containsExactly(deploy.value());
        assertThat(store.open()).doesNotContain(deploy.value());

        argo.synced(PRODUCTION, commit);
        await().until(() -> progress(deploy).did(StepName.SYNCED));

        argo.rolloutAsksFor(PRODUCTION, SHA.abbreviated());
        argo.rolloutStatus(PRODUCTION, "Paused", true, "old", "new", "BlueGreenPause", false);
        await().until(() -> progress(deploy).awaitingPromotion());
        assertThat(progress(deploy).following().orElseThrow().pausedSince())
                .contains(Instant.parse("2026-12-03T10:00:00Z"));
        argo.patches();

        DeploymentId promote = accept(new DeployRequest.Promote(ask("promote", PRODUCTION, "dana")));
        await().until(() -> progress(promote).finished());
        assertThat(progress(promote).outcome()).contains(new Outcome.Promoted(Optional.of(deploy)));
        assertThat(argo.patches())
                .containsExactly(new FakeArgo.Request(
                        "PATCH",
                        "/apis/argoproj.io/v1alpha1/namespaces/hello-production/rollouts/hello/status",
                        "application/merge-patch+json",
                        "{\"status\":{\"pauseConditions\":null}}"));
        await().until(() -> progress(deploy).did(StepName.PROMOTED));
        Following.Act promoted =
                progress(deploy).following().orElseThrow().promoted().orElseThrow();
        assertThat(promoted.who()).isEqualTo("@dana");
        assertThat(promoted.request()).contains(promote);

        argo.rolloutStatus(PRODUCTION, "Healthy", false, "new", "new", "", false);
        await().until(() -> progress(deploy).finished());
        assertThat(progress(deploy).following().orElseThrow().end()).contains(new End.Healthy());
        assertThat(progress(deploy).steps().stream().map(Progress.Step::name))
                .containsExactly(
                        StepName.RENDERED,
                        StepName.COMMITTED,
                        StepName.SYNCED,
                        StepName.AWAITING_PROMOTION,
                        StepName.PROMOTED,
                        StepName.HEALTHY);
        await().until(() -> store.followed().isEmpty());
        assertThat(reportedEnds(deploy)).isEqualTo(1);
    }

    @Test
    void anAutomaticPromotionGoesFromSyncedStraightToHealthy() {
        DeploymentId deploy = accept(deployOf(SHA, STAGING, "auto"));
        awaitStage(deploy, Progress.Stage.FOLLOWING);

        argo.synced(STAGING, gitOpsHead(STAGING));
        argo.rolloutAsksFor(STAGING, SHA.abbreviated());
        argo.rolloutStatus(STAGING, "Progressing", false, "old", "new", "more replicas need to be updated", false);
        await().until(() -> progress(deploy).did(StepName.SYNCED));
        argo.rolloutStatus(STAGING, "Healthy", false, "new", "new", "", false);

        await().until(() -> progress(deploy).finished());
        assertThat(progress(deploy).following().orElseThrow().end()).contains(new End.Healthy());
        assertThat(progress(deploy).did(StepName.AWAITING_PROMOTION)).isFalse();
    }

    @Test
    void aFailedSyncAndADegradedRolloutEndTheDeployWithArgosMessages() {
        DeploymentId first = accept(deployOf(SHA, STAGING, "sync"));
        awaitStage(first, Progress.Stage.FOLLOWING);
        argo.syncFailed(STAGING, gitOpsHead(STAGING), "one or more objects failed to apply: Ingress invalid");
        await().until(() -> progress(first).finished());
        assertThat(progress(first).following().orElseThrow().end())
                .contains(new End.SyncFailed("one or more objects failed to apply: Ingress invalid"));

        DeploymentId second = accept(deployOf(NEWER, STAGING, "degraded"));
        awaitStage(second, Progress.Stage.FOLLOWING);
        argo.synced(STAGING, gitOpsHead(STAGING));
        argo.rolloutAsksFor(STAGING, NEWER.abbreviated());
        argo.rolloutStatus(STAGING, "Degraded", false, "old", "new", "ProgressDeadlineExceeded: 0 of 2 ready", false);
        await().until(() -> progress(second).finished());
        assertThat(progress(second).following().orElseThrow().end())
                .contains(new End.Degraded("ProgressDeadlineExceeded: 0 of 2 ready"));
    }

    @Test
    void aDeployNotSyncedOrNotHealthyInTimeFailsNamingTheStepAndArgosLastWord() {
        DeploymentId unsynced = accept(deployOf(SHA, STAGING, "unsynced"));
        awaitStage(unsynced, Progress.Stage.FOLLOWING);
        argo.application(STAGING, Map.of("sync", Map.of("status", "OutOfSync", "revision", "0".repeat(40))));
        await().until(() ->
                !progress(unsynced).following().orElseThrow().lastWord().isEmpty());

        clock.advance(Duration.ofMinutes(5));
        await().until(() -> progress(unsynced).finished());
        assertThat(progress(unsynced).following().orElseThrow().end())
                .contains(new End.TimedOut(StepName.SYNCED, Duration.ofMinutes(5), "sync status OutOfSync at 0000000"));

        DeploymentId unhealthy = accept(deployOf(NEWER, STAGING, "unhealthy"));
        awaitStage(unhealthy, Progress.Stage.FOLLOWING);
        argo.synced(STAGING, gitOpsHead(STAGING));
        argo.rolloutAsksFor(STAGING, NEWER.abbreviated());
        argo.rolloutStatus(STAGING, "Progressing", false, "old", "new", "waiting for 1 of 2 pods", false);
        await().until(() ->
                progress(unhealthy).following().orElseThrow().lastWord().contains("waiting for 1 of 2"));

        clock.advance(Duration.ofMinutes(10));
        await().until(() -> progress(unhealthy).finished());
        assertThat(progress(unhealthy).following().orElseThrow().end())
                .contains(new End.TimedOut(
                        StepName.HEALTHY, Duration.ofMinutes(10), "Rollout Progressing: waiting for 1 of 2 pods"));
    }

    @Test
    void abortKeepsTrafficOnTheOldVersionThenCommitsThePreviousDeploymentBackPinned() {
        DeploymentId old = followToHealthy(SHA, "old");
        DeploymentId preview = accept(deployOf(NEWER, PRODUCTION, "preview"));
        awaitStage(preview, Progress.Stage.FOLLOWING);
        argo.synced(PRODUCTION, gitOpsHead(PRODUCTION));
        argo.rolloutAsksFor(PRODUCTION, NEWER.abbreviated());
        argo.rolloutStatus(PRODUCTION, "Paused", true, "old", "new", "BlueGreenPause", false);
        await().until(() -> progress(preview).awaitingPromotion());
        argo.patches();

        DeploymentId abort = accept(new DeployRequest.Abort(ask("abort", PRODUCTION, "erin")));

        await().until(() -> progress(abort).stage() == Progress.Stage.FOLLOWING);
        assertThat(argo.patches())
                .contains(new FakeArgo.Request(
                        "PATCH",
                        "/apis/argoproj.io/v1alpha1/namespaces/hello-production/rollouts/hello/status",
                        "application/merge-patch+json",
                        "{\"status\":{\"abort\":true}}"));
        DeploymentCommit back = writer.history(PRODUCTION, 1).getFirst();
        assertThat(back.action()).isEqualTo(Action.ABORT);
        assertThat(back.deployment()).isEqualTo(abort);
        assertThat(back.source().sha()).isEqualTo(SHA);
        assertThat(writer.treeOf(PRODUCTION, new Sha(back.commitSha())))
                .get()
                .usingRecursiveComparison()
                .isEqualTo(writer.treeOf(PRODUCTION, new Sha(commitOf(old))).orElseThrow());
        assertThat(locks.pinOf(PRODUCTION).orElseThrow().revision()).isEqualTo(old.value());
        await().until(() -> progress(preview).finished());
        End.Aborted aborted =
                (End.Aborted) progress(preview).following().orElseThrow().end().orElseThrow();
        assertThat(aborted.act().who()).isEqualTo("@erin");
        assertThat(aborted.unpromotedFor()).isEmpty();

        // Argo CD syncs the commit back; the controller returns to the stable version
        argo.synced(PRODUCTION, back.commitSha());
        argo.rolloutAsksFor(PRODUCTION, SHA.abbreviated());
        argo.rolloutStatus(PRODUCTION, "Healthy", false, "old", "old", "", false);
        await().until(() -> progress(abort).finished());
        assertThat(progress(abort).following().orElseThrow().end()).contains(new End.Healthy());
    }

    @Test
    void aPreviewNobodyPromotesWithinItsPromotionTimeoutIsAbortedAndSaysWhy() {
        followToHealthy(SHA, "old");
        DeploymentId preview = accept(deployOf(NEWER, PRODUCTION, "forgotten"));
        awaitStage(preview, Progress.Stage.FOLLOWING);
        argo.synced(PRODUCTION, gitOpsHead(PRODUCTION));
        argo.rolloutAsksFor(PRODUCTION, NEWER.abbreviated());
        argo.rolloutStatus(PRODUCTION, "Paused", true, "old", "new", "BlueGreenPause", false);
        await().until(() -> progress(preview).awaitingPromotion());

        clock.set(Instant.parse("2026-12-03T11:00:00Z")); // paused at 10:00, promotion-timeout 1h

        DeploymentId abort = DeploymentId.derived(preview.value(), "promotion-timeout");
        await().until(() -> records.get(abort)
                .map(p -> p.stage() == Progress.Stage.FOLLOWING)
                .orElse(false));
        assertThat(progress(abort).request().ask().origin())
                .isEqualTo(new DeployRequest.Origin.PromotionTimeout(Optional.of(7), preview, Duration.ofHours(1)));
        assertThat(writer.history(PRODUCTION, 1).getFirst().action()).isEqualTo(Action.ABORT);
        assertThat(writer.history(PRODUCTION, 1).getFirst().requestedBy()).isEqualTo("pitapat");
        await().until(() -> progress(preview).finished());
        End.Aborted aborted =
                (End.Aborted) progress(preview).following().orElseThrow().end().orElseThrow();
        assertThat(aborted.unpromotedFor()).contains(Duration.ofHours(1));
        assertThat(Words.state(progress(preview))).isEqualTo("aborted: not promoted within 1 hour");
    }

    @Test
    void withAClusterAfterMeansHealthyThereNotOnlyCommitted() {
        Target canary = new Target(new AppName("hello"), new EnvName("canary"));
        DeploymentId staging = accept(deployOf(SHA, STAGING, "first-staging"));
        awaitStage(staging, Progress.Stage.FOLLOWING);

        DeploymentId early = accept(deployOf(SHA, canary, "too-early"));
        await().until(() -> progress(early).finished());
        assertThat(progress(early).outcome().orElseThrow())
                .isEqualTo(new Outcome.Refused(new Outcome.Refusal.NotHealthyBefore(
                        new EnvName("staging"), SHA, Outcome.Refusal.RolloutThere.NONE, Optional.empty())));

        argo.synced(STAGING, gitOpsHead(STAGING));
        argo.rolloutAsksFor(STAGING, SHA.abbreviated());
        argo.rolloutStatus(STAGING, "Healthy", false, "new", "new", "", false);
        await().until(() -> progress(staging).finished());

        DeploymentId inTime = accept(deployOf(SHA, canary, "in-time"));
        awaitStage(inTime, Progress.Stage.FOLLOWING);
    }

    @Test
    void aNewerDeployToTheEnvironmentSupersedesTheOneStillFollowed() {
        DeploymentId first = accept(deployOf(SHA, STAGING, "first"));
        awaitStage(first, Progress.Stage.FOLLOWING);

        DeploymentId second = accept(deployOf(NEWER, STAGING, "second"));

        await().until(() -> progress(first).finished());
        assertThat(progress(first).following().orElseThrow().end()).contains(new End.Superseded(second));
        assertThat(progress(second).stage()).isEqualTo(Progress.Stage.FOLLOWING);
    }

    @Test
    void aPreviewStillFollowedWhenItsPullRequestIsClosedEndsSupersededByItsRemoval() {
        Target preview = new Target(new AppName("hello"), new EnvName("pr-7"));
        DeploymentId deploy = accept(deployOf(SHA, preview, "preview"));
        awaitStage(deploy, Progress.Stage.FOLLOWING);
        argo.application(preview, Map.of("sync", Map.of("status", "OutOfSync")));

        DeploymentId removal = accept(new DeployRequest.Undeploy(
                new DeployRequest.Ask(
                        DeploymentId.derived("closed", "pr-7"),
                        preview,
                        REPO,
                        1,
                        "main",
                        new DeployRequest.Origin.Closed(7, "octocat"),
                        false),
                SHA));
        await().until(() -> progress(removal).finished());
        argo.applicationDeleted(preview);

        await().until(() -> progress(deploy).finished());
        assertThat(progress(deploy).following().orElseThrow().end()).contains(new End.Superseded(removal));
    }

    @Test
    void aWatchThatDropsIsReconnectedAndTheDeployStillEndsHealthy() {
        DeploymentId deploy = accept(deployOf(SHA, STAGING, "drop"));
        awaitStage(deploy, Progress.Stage.FOLLOWING);
        argo.synced(STAGING, gitOpsHead(STAGING));
        await().until(() -> progress(deploy).did(StepName.SYNCED));

        argo.restart(); // the API server goes away with every watch, and comes back empty
        argo.synced(STAGING, gitOpsHead(STAGING));
        argo.rolloutAsksFor(STAGING, SHA.abbreviated());
        argo.rolloutStatus(STAGING, "Healthy", false, "new", "new", "", false);

        await().atMost(Duration.ofSeconds(60)).until(() -> progress(deploy).finished());
        assertThat(progress(deploy).following().orElseThrow().end()).contains(new End.Healthy());
    }

    @Test
    void whileTheClusterDoesNotAnswerADeployStillCommitsAndEndsRolloutUnknownAndFollowingResumesWhenItIsBack() {
        argo.down();
        DeploymentId blind = accept(deployOf(SHA, STAGING, "blind"));
        awaitStage(blind, Progress.Stage.FOLLOWING);
        assertThat(progress(blind).did(StepName.COMMITTED)).isTrue();

        clock.advance(Duration.ofMinutes(6)); // past the sync timeout, the cluster silent all along
        await().atMost(Duration.ofSeconds(30)).until(() -> progress(blind).finished());
        assertThat(progress(blind).following().orElseThrow().end())
                .hasValueSatisfying(end -> assertThat(end).isInstanceOf(End.Unfollowed.class));

        argo.up(); // the watches reconnect by themselves
        DeploymentId seen = accept(deployOf(NEWER, STAGING, "seen"));
        awaitStage(seen, Progress.Stage.FOLLOWING);
        argo.synced(STAGING, gitOpsHead(STAGING));
        argo.rolloutAsksFor(STAGING, NEWER.abbreviated());
        argo.rolloutStatus(STAGING, "Healthy", false, "new", "new", "", false);
        await().atMost(Duration.ofSeconds(60)).until(() -> progress(seen).finished());
        assertThat(progress(seen).following().orElseThrow().end()).contains(new End.Healthy());
    }

    @Test
    void aReplicaThatTakesOverAfterARestartJudgesWhatHappenedMeanwhileAndReportsItOnce() {
        DeploymentId deploy = accept(deployOf(SHA, STAGING, "restart"));
        awaitStage(deploy, Progress.Stage.FOLLOWING);
        follower.stop(); // the replica goes away; nobody follows

        argo.synced(STAGING, gitOpsHead(STAGING));
        argo.rolloutAsksFor(STAGING, SHA.abbreviated());
        argo.rolloutStatus(STAGING, "Healthy", false, "new", "new", "", false);
        assertThat(progress(deploy).stage()).isEqualTo(Progress.Stage.FOLLOWING);

        follower = follower(); // another replica, the same store
        follower.start();

        await().until(() -> progress(deploy).finished());
        assertThat(progress(deploy).following().orElseThrow().end()).contains(new End.Healthy());
        assertThat(reportedEnds(deploy)).isEqualTo(1);
    }

    @Test
    void anEndItsReplicaDiedBeforeReportingIsReportedByTheNextOne() {
        DeploymentId deploy = accept(deployOf(SHA, STAGING, "half-reported"));
        awaitStage(deploy, Progress.Stage.FOLLOWING);
        follower.stop();
        // as if the replica saved the end, then died before its reporters ran
        Progress following = progress(deploy);
        Progress ended =
                following.followed(following.following().orElseThrow().ended(new End.Healthy()), clock.instant());
        records.save(ended, dev.pitapat.store.DeployRecords.Standing.FOLLOWED);
        reported.clear();

        clock.advance(Follower.LEASE_TTL);
        follower = follower();
        follower.start();

        await().until(() -> store.followed().isEmpty());
        assertThat(reportedEnds(deploy)).isEqualTo(1);
    }

    @Test
    void oneReplicaFollowsWithOneWatchPerKindHoweverManyEnvironments() {
        Follower other = follower(); // a second replica on the same store
        other.start();
        try {
            for (String env : List.of("staging", "qa", "demo")) {
                accept(deployOf(SHA, new Target(new AppName("hello"), new EnvName(env)), "many-" + env));
            }
            await().until(() -> store.followed().size() == 3);
            await().until(() -> follower.followedCount() + other.followedCount() == 3);

            long watches = argo.requests().stream()
                    .filter(r -> r.method().equals("GET") && r.path().contains("watch=true"))
                    .count();
            assertThat(follower.followedCount() == 0 || other.followedCount() == 0)
                    .as("one replica follows")
                    .isTrue();
            assertThat(watches).isEqualTo(2);
        } finally {
            other.stop();
        }
    }

    // ---- helpers

    private DeploymentId followToHealthy(Sha sha, String delivery) {
        DeploymentId deploy = accept(deployOf(sha, PRODUCTION, delivery));
        awaitStage(deploy, Progress.Stage.FOLLOWING);
        argo.synced(PRODUCTION, gitOpsHead(PRODUCTION));
        argo.rolloutAsksFor(PRODUCTION, sha.abbreviated());
        argo.rolloutStatus(PRODUCTION, "Paused", true, "old", "new", "", false);
        await().until(() -> progress(deploy).awaitingPromotion());
        argo.rolloutStatus(PRODUCTION, "Healthy", false, "old", "old", "", false);
        await().until(() -> progress(deploy).finished());
        assertThat(progress(deploy).following().orElseThrow().end()).contains(new End.Healthy());
        return deploy;
    }

    private DeploymentId accept(DeployRequest request) {
        runner.accept(request);
        return request.ask().id();
    }

    private Progress progress(DeploymentId id) {
        return records.get(id).orElseThrow();
    }

    private void awaitStage(DeploymentId id, Progress.Stage stage) {
        await().until(() -> records.get(id).map(p -> p.stage() == stage).orElse(false));
    }

    private long reportedEnds(DeploymentId id) {
        return reported.stream()
                .filter(p -> p.request().ask().id().equals(id) && p.finished())
                .count();
    }

    private String gitOpsHead(Target target) {
        return writer.history(target, 1).getFirst().commitSha();
    }

    private String commitOf(DeploymentId id) {
        return writer.history(PRODUCTION, 20).stream()
                .filter(d -> d.deployment().equals(id))
                .findFirst()
                .orElseThrow()
                .commitSha();
    }

    static DeployRequest.Deploy deployOf(Sha sha, Target target, String delivery) {
        return new DeployRequest.Deploy(ask(delivery, target, "octocat"), sha, false, Optional.empty());
    }

    static DeployRequest.Ask ask(String delivery, Target target, String login) {
        return new DeployRequest.Ask(
                DeploymentId.derived(delivery, target.env().value()),
                target,
                REPO,
                1,
                "main",
                new DeployRequest.Origin.Command(7, login, Permission.WRITE, Optional.empty()),
                target.env().value().equals("production"));
    }
}
