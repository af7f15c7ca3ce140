package dev.pitapat.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.github.GitHubException;
import dev.pitapat.github.GitHubGateway;
import dev.pitapat.gitops.GitOpsWriter;
import dev.pitapat.model.AppName;
import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.RepoRef;
import dev.pitapat.model.Sha;
import dev.pitapat.model.Target;
import dev.pitapat.render.ManifestRenderer;
import dev.pitapat.render.RenderSettings;
import dev.pitapat.store.DeployRecords.Standing;
import dev.pitapat.store.EnvironmentLocks;
import dev.pitapat.store.InMemoryDeployRecords;
import dev.pitapat.store.InMemoryEnvironmentLocks;
import dev.pitapat.store.Lease;
import dev.pitapat.testing.GitHttpServer;
import dev.pitapat.testing.MovableClock;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How the runner moves deploys through an environment's line without anyone waiting on a thread: one look
 * ({@link DeployRunner#tick()}) at a time, with a clock the test moves. Deploys run on the runner's threads; the
 * test waits for them through the store, as another replica would see them.
 */
class DeployRunnerTest {

    private static final Target TARGET = new Target(new AppName("hello"), new EnvName("staging"));
    private static final RepoRef REPO = new RepoRef("acme", "hello");
    static final Sha SHA = new Sha("6dcb09b5b57875f334f61aebed695e2e4193db5e");
    static final Sha OTHER_SHA = new Sha("553c2077f0edc3d5dc5d17262f6aa498e69d6f8e");

    @TempDir
    Path tmp;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-05-01T10:00:00Z"));
    private final EnvironmentLocks locks = new InMemoryEnvironmentLocks(clock);
    private final ProgressRecords records = new ProgressRecords(new InMemoryDeployRecords(clock));
    private GitOpsWriter writer;

    @BeforeEach
    void setUp() throws Exception {
        writer = newGitOps(tmp);
    }

    /** An empty bare GitOps repository {@code dir/gitops.git} (branch {@code main}) and a writer cloning it. */
    static GitOpsWriter newGitOps(Path dir) throws Exception {
        Git.init()
                .setBare(true)
                .setInitialBranch("main")
                .setDirectory(dir.resolve("gitops.git").toFile())
                .call()
                .close();
        return new GitOpsWriter(
                dir.resolve("gitops.git").toString(),
                "main",
                dir.resolve("work"),
                GitOpsWriter.DEFAULT_IDENTITY,
                Clock.systemUTC());
    }

    @Test
    void aDeployWaitsInLineWithoutAThreadAndRunsWhenTheEnvironmentIsFree() {
        DeployRunner runner = runner();
        Lease other = locks.tryAcquire(TARGET, "d-0000000da1a0", Duration.ofMinutes(2))
                .orElseThrow();

        Progress queued = ((DeployPipeline.Accepted.Queued) runner.accept(push("one"))).progress();
        runner.tick();

        assertThat(queued.place()).isEqualTo(1);
        assertThat(queued.behind()).contains("d-0000000da1a0");
        assertThat(records.get(id("one")).orElseThrow().stage()).isEqualTo(Progress.Stage.QUEUED);
        assertThat(writer.history(TARGET, 10)).isEmpty();

        locks.release(other);
        runUntilFinished(runner, id("one"));

        Progress done = records.get(id("one")).orElseThrow();
        assertThat(done.outcome()).containsInstanceOf(Outcome.Committed.class);
        assertThat(done.steps().stream().map(Progress.Step::name))
                .containsExactly(Progress.StepName.RENDERED, Progress.StepName.COMMITTED);
        assertThat(writer.history(TARGET, 10)).hasSize(1);
        assertThat(locks.leaseOf(TARGET)).isEmpty();
        assertThat(locks.waiting(TARGET)).isEmpty();
        runner.stop();
    }

    @Test
    void placesInLineMoveUpAsTheDeploysBeforeThemLeave() {
        DeployRunner runner = runner();
        Lease other = locks.tryAcquire(TARGET, "d-0000000da1a0", Duration.ofMinutes(2))
                .orElseThrow();
        runner.accept(push("one"));
        runner.accept(push("two"));
        assertThat(records.get(id("two")).orElseThrow().place()).isEqualTo(2);

        locks.leaveLine(TARGET, id("one").value()); // as if the first gave up
        runner.tick();

        assertThat(records.get(id("two")).orElseThrow().place()).isEqualTo(1);
        locks.release(other);
        runner.stop();
    }

    @Test
    void aDeployGivesUpAfterTheLongestWaitLeavingTheLineAndCommittingNothing() {
        DeployRunner runner = runner();
        Lease other =
                locks.tryAcquire(TARGET, "d-0000000da1a0", Duration.ofHours(1)).orElseThrow();
        runner.accept(push("one"));

        clock.advance(Duration.ofMinutes(16));
        runner.tick();

        Progress done = records.get(id("one")).orElseThrow();
        assertThat(done.finished()).isTrue();
        assertThat(done.outcome().orElseThrow())
                .isInstanceOfSatisfying(
                        Outcome.Failed.class,
                        failed -> assertThat(Words.failure(failed.failure(), TARGET))
                                .contains("`staging` stayed busy for 15 minutes (`pitapat.deploy.max-wait`)"));
        assertThat(locks.waiting(TARGET)).isEmpty();
        assertThat(locks.leaseOf(TARGET)).contains(other);
        assertThat(writer.history(TARGET, 10)).isEmpty();
        runner.stop();
    }

    @Test
    void aDeployWhoseReplicaDiedWhileItRanIsResumedOnceItsLeaseLapsesAndCommitsOnce() {
        // a replica that accepted the deploy, took its turn and died before finishing
        DeployRequest request = push("one");
        records.create(Progress.accepted(request, Optional.of(SHA), clock.instant()));
        Lease held = locks.tryAcquire(TARGET, id("one").value(), Duration.ofMinutes(2))
                .orElseThrow();
        records.save(records.get(id("one")).orElseThrow().running(clock.instant()));
        DeployRunner survivor = runner();

        survivor.tick();
        assertThat(records.get(id("one")).orElseThrow().stage()).isEqualTo(Progress.Stage.RUNNING);
        assertThat(locks.leaseOf(TARGET)).contains(held);

        clock.advance(Duration.ofMinutes(3)); // the dead replica's lease lapses
        runUntilFinished(survivor, id("one"));

        assertThat(records.get(id("one")).orElseThrow().outcome()).containsInstanceOf(Outcome.Committed.class);
        assertThat(writer.history(TARGET, 10)).hasSize(1);
        survivor.stop();
    }

    @Test
    void aDeployResumedAfterItsCommitFindsTheCommitInsteadOfMakingAnother() {
        DeployRunner first = runner();
        first.accept(push("one"));
        runUntilFinished(first, id("one"));
        first.stop();
        // as if the replica died after committing, before the record said so
        Progress committed = records.get(id("one")).orElseThrow();
        records.save(new Progress(
                committed.request(),
                Progress.Stage.RUNNING,
                0,
                Optional.empty(),
                committed.steps(),
                committed.sha(),
                committed.urls(),
                Optional.empty(),
                Optional.empty(),
                committed.earlier(),
                committed.reports(),
                committed.accepted(),
                committed.updated(),
                Optional.empty()));
        DeployRunner survivor = runner();

        runUntilFinished(survivor, id("one"));

        assertThat(records.get(id("one")).orElseThrow().outcome().orElseThrow())
                .isInstanceOfSatisfying(
                        Outcome.Committed.class, c -> assertThat(c.again()).isTrue());
        assertThat(writer.history(TARGET, 10)).hasSize(1);
        survivor.stop();
    }

    @Test
    void anEndItsReplicaDiedBeforeReportingIsReportedByAnotherReplicaAsTheEndOfItsTurn() {
        DeployRunner first = runner();
        first.accept(push("one"));
        runUntilFinished(first, id("one"));
        first.stop();
        Progress ended = records.get(id("one")).orElseThrow();
        records.save(ended, Standing.OPEN); // as if its replica died between recording the end and reporting it
        List<Progress.Stage> told = new java.util.concurrent.CopyOnWriteArrayList<>();
        DeployRunner survivor = runnerOn(locks, records, writer, clock, Duration.ofMinutes(2), List.of((b, n) -> {
            told.add(b.stage());
            told.add(n.stage());
            return n;
        }));

        survivor.tick();
        assertThat(told).isEmpty(); // its replica may still be reporting
        clock.advance(Duration.ofMinutes(1));
        survivor.tick();

        assertThat(told).containsExactly(Progress.Stage.RUNNING, Progress.Stage.FINISHED);
        assertThat(records.isOpen(id("one"))).isFalse();
        assertThat(writer.history(TARGET, 10)).hasSize(1);
        survivor.stop();
    }

    @Test
    void theSameRequestAcceptedTwiceIsOneDeploy() {
        DeployRunner runner = runner();

        assertThat(runner.accept(push("one"))).isInstanceOf(DeployPipeline.Accepted.Queued.class);
        assertThat(runner.accept(push("one"))).isInstanceOf(DeployPipeline.Accepted.Again.class);
        runUntilFinished(runner, id("one"));

        assertThat(writer.history(TARGET, 10)).hasSize(1);
        runner.stop();
    }

    @Test
    void aWorkingCloneThatCannotBeMadeFailsTheDeploySayingRetryingWillNotHelpUntilItIsFixed() throws Exception {
        Path volume = tmp.resolve("volume"); // the clone's volume is gone: its mount point is a file
        Files.writeString(volume, "not a directory");
        try (GitOpsWriter onVolume = new GitOpsWriter(
                tmp.resolve("gitops.git").toString(),
                "main",
                volume.resolve("work"),
                GitOpsWriter.DEFAULT_IDENTITY,
                Clock.systemUTC())) {
            DeployRunner runner = runnerOn(locks, records, onVolume, clock, Duration.ofMinutes(2), List.of());
            runner.accept(push("one"));
            runUntilFinished(runner, id("one"));

            String said = Words.outcome(
                    records.get(id("one")).orElseThrow().outcome().orElseThrow(), TARGET, Optional.empty());
            assertThat(said)
                    .startsWith("not done: the working clone " + volume.resolve("work") + " cannot be made")
                    .endsWith("; retrying will not help until whoever runs pitapat fixes that. Nothing was committed.")
                    .doesNotContain("try again");

            Files.delete(volume);
            runner.accept(push("two"));
            runUntilFinished(runner, id("two"));
            assertThat(records.get(id("two")).orElseThrow().outcome().orElseThrow())
                    .isInstanceOf(Outcome.Committed.class);
            runner.stop();
        }
    }

    /**
     * A deploy whose push waits longer than its lease (a slow GitOps remote) keeps its environment: the runner's
     * timer renews the hold while it runs, so another replica's deploy to the environment waits its turn.
     */
    @Test
    void aDeployWhosePushOutlastsItsLeaseRenewsItAndKeepsItsTurn() throws Exception {
        try (GitHttpServer server = GitHttpServer.start(tmp.resolve("served"), "t0ken");
                GitOpsWriter writerA = overHttp(server, "a");
                GitOpsWriter writerB = overHttp(server, "b")) {
            DeployRunner a = runnerOn(locks, records, writerA, clock, Duration.ofMinutes(2), List.of());
            DeployRunner b = runnerOn(locks, records, writerB, clock, Duration.ofMinutes(2), List.of());
            GitHttpServer.PushHold held = server.holdNextPush();
            a.accept(push("one", SHA));
            a.tick();
            held.awaitArrival();

            for (int i = 0; i < 4; i++) { // 4 minutes: twice the lease
                clock.advance(Duration.ofMinutes(1));
                a.tick();
            }
            b.accept(push("two", OTHER_SHA));
            b.tick();
            assertThat(records.get(id("two")).orElseThrow().stage()).isEqualTo(Progress.Stage.QUEUED);

            held.release();
            runUntilFinished(a, id("one"));
            runUntilFinished(b, id("two"));
            assertThat(records.get(id("one")).orElseThrow().outcome().orElseThrow())
                    .isInstanceOf(Outcome.Committed.class);
            assertThat(writerB.history(TARGET, 10))
                    .extracting(c -> c.source().sha())
                    .containsExactly(OTHER_SHA, SHA);
            a.stop();
            b.stop();
        }
    }

    /**
     * A writer paused longer than its lease (here its push held by the server) loses its environment to another
     * replica's deploy; when it wakes, its push is refused by the branch's compare-and-swap and it gives up
     * rather than commit its older deploy on top of the newer one. The replica that resumes the older deploy
     * finds the newer one in the environment and ends it, reported once.
     */
    @Test
    void aStaleWriterWhosePushWasRefusedByTheCompareAndSwapGivesUpAndCommitsNothing() throws Exception {
        try (GitHttpServer server = GitHttpServer.start(tmp.resolve("served"), "t0ken");
                GitOpsWriter writerA = overHttp(server, "a");
                GitOpsWriter writerB = overHttp(server, "b")) {
            DeployRunner a = runnerOn(locks, records, writerA, clock, Duration.ofMinutes(2), List.of());
            DeployRunner b = runnerOn(locks, records, writerB, clock, Duration.ofMinutes(2), List.of());
            b.accept(push("seed", OTHER_SHA, new Target(new AppName("other"), new EnvName("staging"))));
            runUntilFinished(b, id("seed")); // the branch exists: both writers update it from its head
            GitHttpServer.PushHold held = server.holdNextPush();
            a.accept(push("one", SHA));
            a.tick();
            held.awaitArrival();

            clock.advance(Duration.ofMinutes(3)); // replica a is paused: its timer renews nothing
            b.accept(push("two", OTHER_SHA));
            runUntilFinished(b, id("two"));
            held.release(); // a wakes: its push meets a branch that moved
            runUntilFinished(b, id("one"));

            assertThat(records.get(id("two")).orElseThrow().outcome().orElseThrow())
                    .isInstanceOf(Outcome.Committed.class);
            assertThat(records.get(id("one")).orElseThrow().outcome().orElseThrow())
                    .isEqualTo(new Outcome.Skipped(new Outcome.Hold.Superseded(id("two"), OTHER_SHA)));
            assertThat(writerB.history(TARGET, 10))
                    .extracting(c -> c.source().sha())
                    .containsExactly(OTHER_SHA);
            a.stop();
            b.stop();
        }
    }

    private GitOpsWriter overHttp(GitHttpServer server, String replica) {
        String url = server.url().replace("http://", "http://" + GitHttpServer.USER + ":t0ken@");
        return new GitOpsWriter(url, "main", tmp.resolve("work-" + replica), GitOpsWriter.DEFAULT_IDENTITY, clock);
    }

    /** Looks at the line until the deploy has finished; its run happens on the runner's threads. */
    private void runUntilFinished(DeployRunner runner, DeploymentId id) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> {
            runner.tick();
            return records.get(id).orElseThrow().finished();
        });
    }

    private DeployRunner runner() {
        return runnerOn(locks, records, writer, clock, Duration.ofMinutes(2), List.of());
    }

    /** The follower of a replica that follows no cluster. */
    static Follower noFollower(ProgressRecords records, GitOpsWriter writer, Reporting reporting, Clock clock) {
        return new Follower(
                records,
                dev.pitapat.kube.Cluster.none(),
                writer,
                new dev.pitapat.store.InMemoryLeases(clock),
                reporting,
                new FollowRules(Duration.ofMinutes(5), Duration.ofMinutes(10)),
                clock);
    }

    /**
     * A started runner of one replica over these stores, GitOps clone and clock; its own timer looks every 10 s
     * (or when woken): tests look with {@link DeployRunner#tick()} too.
     */
    static DeployRunner runnerOn(
            EnvironmentLocks locks,
            ProgressRecords records,
            GitOpsWriter writer,
            Clock clock,
            Duration lease,
            List<Reporter> reporters) {
        Reporting reporting = new Reporting(reporters);
        Follower follower = noFollower(records, writer, reporting, clock);
        return runnerOn(
                locks,
                records,
                writer,
                clock,
                lease,
                reporting,
                dev.pitapat.kube.Cluster.none(),
                follower,
                Optional.empty());
    }

    /**
     * The same, following {@code cluster} through {@code follower} (started and stopped by the test), with {@code
     * policy} as the repository's {@code .github/pitapat.yml} everywhere.
     */
    static DeployRunner runnerOn(
            EnvironmentLocks locks,
            ProgressRecords records,
            GitOpsWriter writer,
            Clock clock,
            Duration lease,
            Reporting reporting,
            dev.pitapat.kube.Cluster cluster,
            Follower follower,
            Optional<String> policy) {
        return runnerOn(
                locks,
                records,
                writer,
                clock,
                lease,
                reporting,
                cluster,
                follower,
                gitHub(policy),
                dev.pitapat.kube.Builds.none(),
                NO_BUILD_SETTINGS);
    }

    static final dev.pitapat.kube.BuildProperties NO_BUILD_SETTINGS = new dev.pitapat.kube.BuildProperties(
            "pitapat-builds", Optional.empty(), Optional.empty(), Duration.ofMinutes(30));

    /** The same, asking {@code github} and building images with {@code builds}. */
    static DeployRunner runnerOn(
            EnvironmentLocks locks,
            ProgressRecords records,
            GitOpsWriter writer,
            Clock clock,
            Duration lease,
            Reporting reporting,
            dev.pitapat.kube.Cluster cluster,
            Follower follower,
            GitHubGateway github,
            dev.pitapat.kube.Builds builds,
            dev.pitapat.kube.BuildProperties build) {
        DeployProperties settings = new DeployProperties(Duration.ofMinutes(15), Duration.ofSeconds(10), lease);
        Rollbacks rollbacks = new Rollbacks(writer, locks, clock);
        EnvironmentLine line = new EnvironmentLine(locks, settings);
        RenderSettings site = RenderSettings.DEFAULT;
        ManifestRenderer renderer = ManifestRenderer.fromClasspath();
        Images images = new Images(github, TestDeployParts.gitHubComLinks(), builds, build, clock);
        GitOpsTurn turn = new GitOpsTurn(
                github,
                writer,
                locks,
                renderer,
                site,
                new DeployGates(github, writer, OptionalLong.empty(), cluster),
                line,
                rollbacks,
                new Promotions(cluster, records, rollbacks),
                images);
        DeployRunner runner = new DeployRunner(
                records,
                line,
                turn,
                new DryRuns(turn, writer, renderer, site),
                reporting,
                new ArgoRefresh(cluster, true),
                follower,
                settings,
                images,
                build.timeout(),
                new dev.pitapat.model.ShutdownGrace(Duration.ofSeconds(2)),
                clock);
        follower.submitTo(runner::accept);
        runner.start();
        return runner;
    }

    /** GitHub with {@code policy} as the config file everywhere (none: the defaults apply); nothing else answers. */
    private static GitHubGateway gitHub(Optional<String> policy) {
        return (GitHubGateway) Proxy.newProxyInstance(
                GitHubGateway.class.getClassLoader(), new Class<?>[] {GitHubGateway.class}, (proxy, method, args) -> {
                    if (method.getName().equals("fileAt")) {
                        return policy;
                    }
                    throw new GitHubException(method.getName(), 500, Optional.empty());
                });
    }

    static DeployRequest push(String delivery) {
        return push(delivery, SHA);
    }

    static DeployRequest push(String delivery, Sha sha) {
        return push(delivery, sha, TARGET);
    }

    static DeployRequest push(String delivery, Sha sha, Target target) {
        return new DeployRequest.Deploy(
                new DeployRequest.Ask(
                        id(delivery), target, REPO, 1, "main", new DeployRequest.Origin.Push("alice"), false),
                sha,
                false,
                Optional.empty());
    }

    static DeploymentId id(String delivery) {
        return DeploymentId.derived(delivery, "staging");
    }
}
