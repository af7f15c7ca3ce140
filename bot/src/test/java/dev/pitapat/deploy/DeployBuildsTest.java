package dev.pitapat.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pitapat.github.CommitCheck;
import dev.pitapat.github.GitHubException;
import dev.pitapat.github.GitHubGateway;
import dev.pitapat.gitops.GitOpsWriter;
import dev.pitapat.kube.BuildOrder;
import dev.pitapat.kube.BuildProperties;
import dev.pitapat.kube.Builds;
import dev.pitapat.kube.FakeArgoWorkflows;
import dev.pitapat.model.AppName;
import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.RepoRef;
import dev.pitapat.model.Sha;
import dev.pitapat.model.Target;
import dev.pitapat.store.EnvironmentLocks;
import dev.pitapat.store.InMemoryDeployRecords;
import dev.pitapat.store.InMemoryEnvironmentLocks;
import dev.pitapat.testing.MovableClock;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deploy that waits for its image (DESIGN.md section 6): pitapat's own build through Argo Workflows (fabric8's
 * mock API server with the Workflow resource, its status moved on by the test), or an external CI's check named by
 * {@code build-check} (GitHub answering what the test says). The deploy waits out of line, as a record, and commits
 * only once the image is there.
 */
@org.junit.jupiter.api.extension.ExtendWith(org.springframework.boot.test.system.OutputCaptureExtension.class)
class DeployBuildsTest {

    static final Target STAGING = new Target(new AppName("hello"), new EnvName("staging"));
    static final RepoRef REPO = new RepoRef("acme", "hello");
    static final Sha SHA = DeployRunnerTest.SHA;
    static final String TOKEN = "ghs_buildCloneTokenSecret0123456789abc";
    static final String BUILD = BuildOrder.nameOf(REPO, SHA);

    @TempDir
    Path tmp;

    final MovableClock clock = new MovableClock(Instant.parse("2026-05-01T10:00:00Z"));
    final EnvironmentLocks locks = new InMemoryEnvironmentLocks(clock);
    final ProgressRecords records = new ProgressRecords(new InMemoryDeployRecords(clock));
    final List<CommitCheck> checks = new CopyOnWriteArrayList<>();
    final List<String> tokensGiven = new CopyOnWriteArrayList<>();
    final List<dev.pitapat.github.CheckRunUpdate> checkRuns = new CopyOnWriteArrayList<>();
    final List<dev.pitapat.github.DeploymentStatus> deploymentStatuses = new CopyOnWriteArrayList<>();
    List<Reporter> reporters = List.of();
    FakeArgoWorkflows argo;
    GitOpsWriter writer;
    DeployRunner runner;

    @BeforeEach
    void setUp() throws Exception {
        argo = new FakeArgoWorkflows();
        writer = DeployRunnerTest.newGitOps(tmp);
    }

    @AfterEach
    void tearDown() {
        if (runner != null) {
            runner.stop();
        }
        argo.close();
    }

    static final BuildProperties SETTINGS = new BuildProperties(
            FakeArgoWorkflows.NAMESPACE,
            Optional.of("registry-push"),
            Optional.of("https://argo.example.com/workflows/{namespace}/{name}"),
            Duration.ofMinutes(30));

    DeployRunner runner(String config, Builds builds, BuildProperties settings) {
        Reporting reporting = new Reporting(reporters);
        Follower follower = DeployRunnerTest.noFollower(records, writer, reporting, clock);
        return DeployRunnerTest.runnerOn(
                locks,
                records,
                writer,
                clock,
                Duration.ofMinutes(2),
                reporting,
                dev.pitapat.kube.Cluster.none(),
                follower,
                gitHub(config),
                builds,
                settings);
    }

    /** GitHub: the config file, the commit's checks as the test sets them, and clone tokens; nothing else. */
    GitHubGateway gitHub(String config) {
        return (GitHubGateway) Proxy.newProxyInstance(
                GitHubGateway.class.getClassLoader(), new Class<?>[] {GitHubGateway.class}, (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "fileAt" -> {
                            return Optional.of(config);
                        }
                        case "checksOf" -> {
                            return List.copyOf(checks);
                        }
                        case "cloneToken" -> {
                            tokensGiven.add(TOKEN);
                            return TOKEN;
                        }
                        case "createCheckRun" -> {
                            checkRuns.add((dev.pitapat.github.CheckRunUpdate) args[2]);
                            return new dev.pitapat.github.CheckRunRef(
                                    checkRuns.size(), java.net.URI.create("https://github.com/acme/hello/runs/1"));
                        }
                        case "createDeployment" -> {
                            return new dev.pitapat.github.DeploymentRef(1, "staging");
                        }
                        case "postDeploymentStatus" -> {
                            deploymentStatuses.add((dev.pitapat.github.DeploymentStatus) args[3]);
                            return null;
                        }
                        case "updateCheckRun" -> {
                            checkRuns.add((dev.pitapat.github.CheckRunUpdate) args[3]);
                            return new dev.pitapat.github.CheckRunRef(
                                    (long) args[2], java.net.URI.create("https://github.com/acme/hello/runs/1"));
                        }
                        case "actsOn" -> {
                            return true;
                        }
                        default -> throw new GitHubException(method.getName(), 500, Optional.empty());
                    }
                });
    }

    static DeployRequest deploy(String delivery, Target target) {
        return DeployRunnerTest.push(delivery, SHA, target);
    }

    Progress record(String delivery) {
        return records.get(DeploymentId.derived(delivery, "staging")).orElseThrow();
    }

    void tickUntil(String delivery, Predicate<Progress> done) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            runner.tick();
            return done.test(record(delivery));
        });
    }

    static Predicate<Progress> stage(Progress.Stage stage) {
        return p -> p.stage() == stage;
    }

    /** The {@code build} check run's states, in order (the deploy's own check runs are not reported here). */
    List<String> buildCheck() {
        return checkRuns.stream()
                .filter(run -> run.name().equals("build"))
                .map(run -> run.status().name().toLowerCase(java.util.Locale.ROOT)
                        + run.conclusion()
                                .map(c -> " " + c.name().toLowerCase(java.util.Locale.ROOT))
                                .orElse("")
                        + ": " + run.output().orElseThrow().title())
                .toList();
    }

    @Test
    void theBuildCheckRunFollowsTheBuildAndTheTokenIsNowhereButTheSecret(
            org.springframework.boot.test.system.CapturedOutput output) {
        reporters = List.of(new DeploymentReport(gitHub("build: argo-workflows\n"), records));
        runner = runner("build: argo-workflows\n", argo.builds(), SETTINGS);
        runner.accept(deploy("one", STAGING));
        tickUntil("one", stage(Progress.Stage.BUILDING));
        argo.status(BUILD, "Running", "1/2", "");
        tickUntil("one", p -> p.building().orElseThrow().progress().isPresent());
        argo.status(BUILD, "Succeeded", "2/2", "");
        tickUntil("one", Progress::finished);

        assertThat(buildCheck())
                .containsExactly(
                        "queued: Building ghcr.io/acme/hello:" + SHA.value(),
                        "queued: Build queued",
                        "in_progress: Building: 1/2",
                        "completed success: Built");
        assertThat(deploymentStatuses)
                .extracting(status ->
                        status.state().name() + " " + status.description().orElse(""))
                .containsSubsequence(
                        "QUEUED Queued",
                        "IN_PROGRESS Rendering and committing",
                        "IN_PROGRESS Waiting for its image: build started",
                        "IN_PROGRESS Rendering and committing");
        dev.pitapat.github.CheckRunUpdate done = checkRuns.getLast();
        assertThat(done.detailsUrl())
                .contains(java.net.URI.create("https://argo.example.com/workflows/pitapat-builds/" + BUILD));
        assertThat(argo.secrets())
                .singleElement()
                .satisfies(secret -> assertThat(
                                secret.getStringData() == null
                                        ? secret.getData().get("token")
                                        : secret.getStringData().get("token"))
                        .isIn(
                                TOKEN,
                                java.util.Base64.getEncoder()
                                        .encodeToString(TOKEN.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        assertThat(tools.jackson.databind.json.JsonMapper.shared().writeValueAsString(argo.workflows()))
                .doesNotContain(TOKEN);
        assertThat(checkRuns.toString()).doesNotContain(TOKEN);
        assertThat(records.get(DeploymentId.derived("one", "staging")).toString())
                .doesNotContain(TOKEN);
        assertThat(output.getAll()).doesNotContain(TOKEN);
    }

    @Test
    void aDeployWaitsOutOfLineForItsBuildAndCommitsOnceTheImageIsPushed() {
        runner = runner("build: argo-workflows\n", argo.builds(), SETTINGS);
        runner.accept(deploy("one", STAGING));

        tickUntil("one", stage(Progress.Stage.BUILDING));

        Progress building = record("one");
        assertThat(building.building().orElseThrow().name()).isEqualTo(BUILD);
        assertThat(building.building().orElseThrow().logs())
                .contains(java.net.URI.create("https://argo.example.com/workflows/pitapat-builds/" + BUILD));
        assertThat(argo.workflows()).hasSize(1);
        assertThat(writer.history(STAGING, 10)).isEmpty();
        assertThat(locks.leaseOf(STAGING)).isEmpty(); // out of line: the environment is free meanwhile
        assertThat(Words.state(building)).isEqualTo("waiting for its image: build started");

        argo.status(BUILD, "Running", "1/2", "");
        tickUntil("one", p -> p.building().orElseThrow().progress().equals(Optional.of("1/2")));
        assertThat(record("one").stage()).isEqualTo(Progress.Stage.BUILDING);

        argo.status(BUILD, "Succeeded", "2/2", "");
        tickUntil("one", Progress::finished);

        Progress done = record("one");
        assertThat(done.outcome()).containsInstanceOf(Outcome.Committed.class);
        assertThat(done.steps().stream().map(Progress.Step::name))
                .containsExactly(Progress.StepName.BUILT, Progress.StepName.RENDERED, Progress.StepName.COMMITTED);
        assertThat(writer.history(STAGING, 10)).hasSize(1);
        assertThat(argo.workflows()).hasSize(1);
        assertThat(tokensGiven).hasSize(1);
    }

    @Test
    void aFailedBuildFailsTheDeployNamingTheBuildWithArgosMessageAndCommitsNothing() {
        runner = runner("build: argo-workflows\n", argo.builds(), SETTINGS);
        runner.accept(deploy("one", STAGING));
        tickUntil("one", stage(Progress.Stage.BUILDING));

        argo.status(BUILD, "Failed", "0/2", "child 'build' failed: exit code 1");
        tickUntil("one", Progress::finished);

        Outcome outcome = record("one").outcome().orElseThrow();
        assertThat(outcome)
                .isInstanceOfSatisfying(
                        Outcome.Failed.class,
                        failed -> assertThat(failed.failure())
                                .isEqualTo(new Outcome.Failure.BuildFailed(
                                        Progress.Building.Kind.BUILD,
                                        BUILD,
                                        "child 'build' failed: exit code 1",
                                        SETTINGS.logsOf(BUILD))));
        assertThat(Words.outcome(outcome, STAGING, Optional.empty()))
                .contains("its image's build (Workflow `" + BUILD + "`) failed")
                .contains("child 'build' failed: exit code 1")
                .contains("[logs](https://argo.example.com/workflows/pitapat-builds/" + BUILD + ")");
        assertThat(CheckRunReport.conclusionOf(outcome))
                .isEqualTo(dev.pitapat.github.CheckRunUpdate.Conclusion.FAILURE);
        assertThat(writer.history(STAGING, 10)).isEmpty();
        assertThat(buildCheck()).last().isEqualTo("completed failure: Build failed");
        assertThat(checkRuns.getLast().output().orElseThrow().summary()).contains("child 'build' failed: exit code 1");

        // deployed again: the sha is built again, as a new attempt, and this time it works
        runner.accept(deploy("again", STAGING));
        tickUntil("again", stage(Progress.Stage.BUILDING));
        assertThat(record("again").building().orElseThrow().name()).isEqualTo(BUILD + "-2");
        argo.status(BUILD + "-2", "Succeeded", "2/2", "");
        tickUntil("again", Progress::finished);
        assertThat(record("again").outcome()).containsInstanceOf(Outcome.Committed.class);
        assertThat(argo.workflows()).hasSize(2);
    }

    @Test
    void aBuildNotDoneWithinTheTimeoutFailsTheDeploy() {
        runner = runner("build: argo-workflows\n", argo.builds(), SETTINGS);
        runner.accept(deploy("one", STAGING));
        tickUntil("one", stage(Progress.Stage.BUILDING));

        clock.advance(Duration.ofMinutes(31));
        tickUntil("one", Progress::finished);

        assertThat(record("one").outcome().orElseThrow())
                .isEqualTo(new Outcome.Failed(new Outcome.Failure.BuildTimedOut(
                        Progress.Building.Kind.BUILD, BUILD, Duration.ofMinutes(30))));
        assertThat(Words.failure(
                        new Outcome.Failure.BuildTimedOut(Progress.Building.Kind.BUILD, BUILD, Duration.ofMinutes(30)),
                        STAGING))
                .contains("did not finish within 30 minutes (`pitapat.build.timeout`)");
        assertThat(writer.history(STAGING, 10)).isEmpty();
    }

    @Test
    void theSameShaDeployedTwiceIsBuiltOnce() {
        runner = runner(
                "build: argo-workflows\nenvironments: { staging: {}, production: {} }\n", argo.builds(), SETTINGS);
        Target production = new Target(new AppName("hello"), new EnvName("production"));
        runner.accept(deploy("one", STAGING));
        runner.accept(deploy("two", production));
        tickUntil("one", stage(Progress.Stage.BUILDING));
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            runner.tick();
            return records.get(DeploymentId.derived("two", "staging"))
                            .orElseThrow()
                            .stage()
                    == Progress.Stage.BUILDING;
        });

        assertThat(argo.workflows()).hasSize(1);
        argo.status(BUILD, "Succeeded", "2/2", "");
        tickUntil("one", Progress::finished);
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            runner.tick();
            return records.get(DeploymentId.derived("two", "staging"))
                    .orElseThrow()
                    .finished();
        });
        assertThat(writer.history(STAGING, 10)).hasSize(1);
        assertThat(writer.history(production, 10)).hasSize(1);
        assertThat(argo.workflows()).hasSize(1);
    }

    @Test
    void aNewerDeployToTheEnvironmentStopsTheOlderOneWaitingForItsImage() {
        runner = runner("build: argo-workflows\n", argo.builds(), SETTINGS);
        runner.accept(deploy("one", STAGING));
        tickUntil("one", stage(Progress.Stage.BUILDING));

        clock.advance(Duration.ofSeconds(5));
        runner.accept(DeployRunnerTest.push("two", DeployRunnerTest.OTHER_SHA, STAGING));
        tickUntil("one", Progress::finished);

        Outcome outcome = record("one").outcome().orElseThrow();
        assertThat(outcome)
                .isEqualTo(new Outcome.Skipped(new Outcome.Hold.Replaced(
                        DeploymentId.derived("two", "staging"), Optional.of(DeployRunnerTest.OTHER_SHA))));
        assertThat(CheckRunReport.conclusionOf(outcome))
                .isEqualTo(dev.pitapat.github.CheckRunUpdate.Conclusion.CANCELLED);
        assertThat(Words.outcome(outcome, STAGING, Optional.empty())).contains("while it waited for its image");
    }

    @Test
    void aReplicaStartedAfterAnotherDiedResumesTheWaitingDeploy() {
        runner = runner("build: argo-workflows\n", argo.builds(), SETTINGS);
        runner.accept(deploy("one", STAGING));
        tickUntil("one", stage(Progress.Stage.BUILDING));
        runner.stop();

        argo.status(BUILD, "Succeeded", "2/2", "");
        runner = runner("build: argo-workflows\n", argo.builds(), SETTINGS);
        tickUntil("one", Progress::finished);

        assertThat(record("one").outcome()).containsInstanceOf(Outcome.Committed.class);
        assertThat(argo.workflows()).hasSize(1);
    }

    @Test
    void withoutAClusterOrARegistrySecretTheDeployIsRefusedSayingWhyAndNothingIsCommitted() {
        runner = runner("build: argo-workflows\n", Builds.none(), SETTINGS);
        runner.accept(deploy("one", STAGING));
        tickUntil("one", Progress::finished);
        Outcome noCluster = record("one").outcome().orElseThrow();
        runner.stop();

        BuildProperties noSecret = new BuildProperties(
                FakeArgoWorkflows.NAMESPACE, Optional.empty(), Optional.empty(), Duration.ofMinutes(30));
        runner = runner("build: argo-workflows\n", argo.builds(), noSecret);
        runner.accept(deploy("two", STAGING));
        tickUntil("two", Progress::finished);

        assertThat(noCluster)
                .isEqualTo(new Outcome.Refused(new Outcome.Refusal.NoBuilder(Outcome.Refusal.BuilderMissing.CLUSTER)));
        assertThat(Words.outcome(noCluster, STAGING, Optional.empty()))
                .contains("follows no cluster to build in")
                .contains("an image cannot be built")
                .contains("`build: external`");
        assertThat(Words.outcome(record("two").outcome().orElseThrow(), STAGING, Optional.empty()))
                .contains("`pitapat.build.registry-secret` is not set");
        assertThat(writer.history(STAGING, 10)).isEmpty();
        assertThat(argo.workflows()).isEmpty();
        assertThat(tokensGiven).isEmpty();
    }

    @Test
    void anExternalBuildCheckIsWaitedForThenTheDeployCommits() {
        runner = runner("build-check: ci/build\n", Builds.none(), SETTINGS);
        runner.accept(deploy("one", STAGING));
        tickUntil("one", stage(Progress.Stage.BUILDING));
        assertThat(Words.state(record("one"))).isEqualTo("waiting for its image: check `ci/build`");

        checks.add(CommitCheck.ofCheckRun("ci/build", "in_progress", "", OptionalLong.empty()));
        clock.advance(DeployRunner.CHECK_AGAIN);
        tickUntil(
                "one",
                stage(Progress.Stage.BUILDING)
                        .and(p -> p.building().orElseThrow().lastWord().equals("in_progress")));
        assertThat(writer.history(STAGING, 10)).isEmpty();

        checks.clear();
        checks.add(CommitCheck.ofCheckRun("ci/build", "completed", "success", OptionalLong.empty()));
        clock.advance(DeployRunner.CHECK_AGAIN);
        tickUntil("one", Progress::finished);

        assertThat(record("one").outcome()).containsInstanceOf(Outcome.Committed.class);
        assertThat(record("one").did(Progress.StepName.BUILT)).isTrue();
    }

    @Test
    void aCheckReportedOnTheShaBringsAWaitingDeployBackAtOnce() {
        runner = runner("build-check: ci/build\n", Builds.none(), SETTINGS);
        runner.accept(deploy("one", STAGING));
        tickUntil("one", stage(Progress.Stage.BUILDING));
        checks.add(CommitCheck.ofCheckRun("ci/build", "completed", "success", OptionalLong.empty()));

        runner.checkReported(new RepoRef("acme", "other"), SHA);
        runner.checkReported(REPO, DeployRunnerTest.OTHER_SHA);
        runner.tick();
        assertThat(record("one").stage()).isEqualTo(Progress.Stage.BUILDING); // not its repository or sha

        runner.checkReported(REPO, SHA); // the check_run webhook, before the next look is due
        tickUntil("one", Progress::finished);

        assertThat(record("one").outcome()).containsInstanceOf(Outcome.Committed.class);
    }

    @Test
    void aRedExternalBuildCheckFailsTheDeployNamingIt() {
        checks.add(CommitCheck.ofCheckRun("ci/build", "completed", "failure", OptionalLong.empty()));
        checks.add(CommitCheck.ofCheckRun("lint", "completed", "success", OptionalLong.empty()));
        runner = runner("build-check: ci/build\n", Builds.none(), SETTINGS);
        runner.accept(deploy("one", STAGING));
        tickUntil("one", Progress::finished);

        Outcome outcome = record("one").outcome().orElseThrow();
        assertThat(Words.outcome(outcome, STAGING, Optional.empty()))
                .contains("the check `ci/build` that makes its image failed: `failure`");
        assertThat(writer.history(STAGING, 10)).isEmpty();
    }

    @Test
    void aRecordStoredBeforeBuildsExistedReadsAsOneThatWaitedForNoImage() {
        dev.pitapat.store.DeployRecords raw = new InMemoryDeployRecords(clock);
        ProgressRecords stored = new ProgressRecords(raw);
        Progress progress = Progress.accepted(deploy("one", STAGING), Optional.of(SHA), clock.instant());
        stored.create(progress);
        String id = progress.request().ask().id().value();
        tools.jackson.databind.node.ObjectNode json =
                (tools.jackson.databind.node.ObjectNode) tools.jackson.databind.json.JsonMapper.shared()
                        .readTree(raw.get(id).orElseThrow());
        assertThat(json.has("building")).isTrue();
        json.remove("building");
        raw.update(id, json.toString(), dev.pitapat.store.DeployRecords.Standing.OPEN);

        assertThat(stored.get(progress.request().ask().id()).orElseThrow()).isEqualTo(progress);
    }

    @Test
    void anExternalBuildCheckThatNeverSucceedsTimesOut() {
        runner = runner("build-check: ci/build\n", Builds.none(), SETTINGS);
        runner.accept(deploy("one", STAGING));
        tickUntil("one", stage(Progress.Stage.BUILDING));

        clock.advance(Duration.ofMinutes(30));
        tickUntil("one", Progress::finished);

        assertThat(record("one").outcome().orElseThrow())
                .isEqualTo(new Outcome.Failed(new Outcome.Failure.BuildTimedOut(
                        Progress.Building.Kind.CHECK, "ci/build", Duration.ofMinutes(30))));
    }
}
