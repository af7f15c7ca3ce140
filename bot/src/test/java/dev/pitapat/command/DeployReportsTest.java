package dev.pitapat.command;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.pitapat.model.AppName;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.Target;
import dev.pitapat.store.EnvironmentLocks;
import dev.pitapat.store.Lease;
import dev.pitapat.testing.Payloads;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Every deploy reports where developers look (DESIGN.md section 6): the {@code deploy/<env>} check run, the
 * GitHub Deployment, the pull request's sticky comment and the command's reactions, all views of one progress
 * record. Through signed webhooks, GitHub at WireMock with its real paths and bodies, and a real GitOps
 * repository; the order and bodies of what GitHub is told are asserted.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "pitapat.github.webhook-secret=" + DeployReportsTest.SECRET,
            "pitapat.github.app-id=4242",
            "pitapat.queue.max-attempts=2",
            "pitapat.queue.backoff=20ms",
            "pitapat.deploy.line-poll=20ms"
        })
class DeployReportsTest extends CommandsEndToEnd {

    static final String SECRET = "reports-secret-c0ffee";
    static final java.nio.file.Path GITOPS =
            java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "pitapat-reports-" + UUID.randomUUID());
    static final String HEAD = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
    static final String OLDER = "553c2077f0edc3d5dc5d17262f6aa498e69d6f8e";
    static final String TOKEN = "ghs_16C7e42F292c6912E7710c838347Ae178B4a";
    static final String POLICY = """
            app: reports
            environments:
              staging: {}
              ordered: {}
              qa: {}
              production: { after: staging }
              flaky: {}
              locked: {}
              crowded: {}
              count: {}
            """;

    @DynamicPropertySource
    static void gitHub(DynamicPropertyRegistry registry) throws Exception {
        register(registry, GITOPS);
    }

    @Autowired
    EnvironmentLocks locks;

    DeployReportsTest() {
        super(SECRET, GITOPS, POLICY);
    }

    @AfterEach
    void everyDeployEnded() {
        awaitDeploysDone();
    }

    @Test
    void aCommentDeployIsQueuedRunAndCommittedInEveryReportInOrder() throws Exception {
        int mark = mark();

        String id = deliver("/deploy ordered");
        awaitDone(id);
        awaitFinished(id, 1);

        List<Call> calls = callsSince(mark);
        assertThat(calls.stream().map(Call::what).filter(w -> !w.startsWith("GET")))
                .containsSubsequence(
                        "react eyes",
                        "check run queued",
                        "deployment created",
                        "deployment status queued",
                        "sticky comment created",
                        "check run in_progress",
                        "deployment status in_progress",
                        "check run completed neutral",
                        "deployment status success",
                        "sticky comment edited",
                        "react rocket");
        assertThat(calls.stream().map(Call::what)).doesNotContain("reply"); // the sticky comment is the answer

        JsonNode created = body(calls, "check run queued");
        assertThat(created.path("name").asString()).isEqualTo("deploy/ordered");
        assertThat(created.path("head_sha").asString()).isEqualTo(HEAD);
        JsonNode completed = body(calls, "check run completed neutral");
        String commit = gitOpsHead();
        assertThat(completed.at("/output/title").asString()).isEqualTo("Committed to ordered; rollout status unknown");
        assertThat(completed.at("/output/summary").asString())
                .contains(
                        "Deployed `6dcb09b` to `ordered`: GitOps commit `" + commit.substring(0, 7) + "`",
                        "Rollout status unknown: no cluster configured",
                        "- Deployment: `d-",
                        "- Asked by: @Codertocat (comment on #7)",
                        "- App: https://reports-ordered.apps.localhost",
                        "- Preview (blue-green, before promotion): https://reports-ordered-preview.apps.localhost",
                        "- GitOps commit: `" + commit.substring(0, 7) + "`");
        assertThat(completed.path("details_url").asString()).isEqualTo("https://reports-ordered.apps.localhost");
        assertThat(completed.path("actions").isEmpty()).isTrue(); // the environment's first deployment

        JsonNode deployment = body(calls, "deployment created");
        assertThat(deployment.path("ref").asString()).isEqualTo(HEAD);
        assertThat(deployment.path("environment").asString()).isEqualTo("ordered");
        assertThat(deployment.path("auto_merge").asBoolean()).isFalse();
        assertThat(deployment.path("required_contexts").isArray()).isTrue();
        assertThat(deployment.path("required_contexts").isEmpty()).isTrue();
        assertThat(deployment.path("transient_environment").asBoolean()).isFalse();
        JsonNode success = body(calls, "deployment status success");
        assertThat(success.path("environment_url").asString()).isEqualTo("https://reports-ordered.apps.localhost");
        assertThat(success.path("log_url").asString()).isEqualTo("https://github.com/acme/hello/runs/4");
        assertThat(success.path("description").asString()).contains("the rollout is not followed");

        assertThat(sticky("ordered"))
                .startsWith("<!-- pitapat:env/ordered -->")
                .contains(
                        "deployed `6dcb09b` to `ordered`",
                        "| **Runs** | `6dcb09b`",
                        "| **GitOps commit** | `" + commit.substring(0, 7) + "`",
                        "| **App** | https://reports-ordered.apps.localhost",
                        "@Codertocat: deploy of `6dcb09b`");
    }

    @Test
    void threeDeploysOnOnePullRequestShareOneStickyCommentEditedInPlace() throws Exception {
        stubPullRequestCommits();
        int created = stickyCreations("qa");

        deployed("/deploy qa --sha 553c207", "qa");
        deployed("/deploy qa", "qa");
        String last = deployed("/rollback qa", "qa");

        assertThat(stickyCreations("qa") - created).isLessThanOrEqualTo(1);
        assertThat(last)
                .contains("rolled `qa` back to deployment", "Recent actions")
                .contains("rollback of `553c207`", "deploy of `6dcb09b`", "deploy of `553c207`");
        assertThat(replies().stream().map(r -> unescaped(r.getBodyAsString())))
                .noneMatch(body -> body.contains("`/deploy qa`") || body.contains("`/rollback qa`"));
    }

    @Test
    void twoEnvironmentsOnOnePullRequestGetOneStickyCommentEach() {
        stubPullRequestCommits();
        deployed("/deploy staging --sha 553c207", "staging");
        deployed("/deploy qa --sha 553c207", "qa");

        assertThat(sticky("staging")).startsWith("<!-- pitapat:env/staging -->").doesNotContain("env/qa");
        assertThat(sticky("qa")).startsWith("<!-- pitapat:env/qa -->").doesNotContain("env/staging");
    }

    @Test
    void aRollbackIsANewDeploymentOfTheRestoredShaAndItsRunOffersRollbackAfterACommit() throws Exception {
        stubPullRequestCommits();
        deployed("/deploy qa --sha 553c207", "qa");
        int beforeDeploy = mark();
        deployed("/deploy qa", "qa");
        JsonNode completed = body(callsSince(beforeDeploy), "check run completed neutral");
        assertThat(completed.path("actions").get(0).path("identifier").asString())
                .isEqualTo("rollback");
        assertThat(completed.path("actions").get(0).path("label").asString()).isEqualTo("Rollback");
        int mark = mark();

        deployed("/rollback qa", "qa");

        List<Call> calls = callsSince(mark);
        assertThat(body(calls, "deployment created").path("ref").asString()).isEqualTo(OLDER);
        // a rollback's sha is known at its turn: its run is created in progress
        assertThat(body(calls, "check run in_progress").path("head_sha").asString())
                .isEqualTo(OLDER);
        assertThat(body(calls, "deployment status success")
                        .path("environment_url")
                        .asString())
                .isEqualTo("https://reports-qa.apps.localhost");
    }

    @Test
    void theEnvironmentsPreviousSuccessfulDeploymentIsSetInactive() {
        stubPullRequestCommits();
        int first = mark();
        deployed("/deploy flaky --sha 553c207", "flaky");
        long previous = idOf(body(callsSince(first), "deployment created response"));
        int mark = mark();

        deployed("/deploy flaky", "flaky");

        List<Call> calls = callsSince(mark);
        Call inactive = calls.stream()
                .filter(c -> c.what().equals("deployment status inactive"))
                .findFirst()
                .orElseThrow();
        assertThat(inactive.path()).isEqualTo(REPO + "/deployments/" + previous + "/statuses");
        assertThat(calls.indexOf(inactive))
                .isGreaterThan(calls.indexOf(calls.stream()
                        .filter(c -> c.what().equals("deployment status success"))
                        .findFirst()
                        .orElseThrow()));
    }

    @Test
    void aDeployRefusedAtItsTurnFailsItsCheckAndDeploymentAndGetsAConfusedReaction() {
        int mark = mark();

        String sticky = deployed("/deploy production", "production");

        List<Call> calls = callsSince(mark);
        assertThat(sticky).contains("refused: `production` comes after `staging`");
        JsonNode completed = body(calls, "check run completed failure");
        assertThat(completed.at("/output/title").asString()).isEqualTo("Not deployed to production: refused");
        assertThat(completed.path("actions").isEmpty()).isTrue();
        assertThat(calls.stream().map(Call::what))
                .contains("deployment status failure", "react confused")
                .doesNotContain("react rocket");
    }

    @Test
    void aDeployTheGitOpsRepositoryRefusesErrsItsDeploymentAndSaysWhatBroke() throws Exception {
        java.nio.file.Path lock = GITOPS.resolve("gitops.git/refs/heads/main.lock");
        deployed("/deploy staging", "staging"); // the repository exists by now
        String head = gitOpsHead();
        stubPullRequestCommits();
        Files.writeString(lock, "held by another writer\n");
        int mark = mark();
        try {
            String sticky = deployed("/deploy staging --sha 553c207", "staging");

            assertThat(sticky).contains("not done:", "Nothing was committed");
            List<Call> calls = callsSince(mark);
            assertThat(calls.stream().map(Call::what))
                    .contains("check run completed failure", "deployment status error", "react confused");
            assertThat(gitOpsHead()).isEqualTo(head);
        } finally {
            Files.deleteIfExists(lock);
        }
    }

    @Test
    void aPushDeployReportsOnTheCommitAndLeavesNoComment() throws Exception {
        String after = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";
        github.stubFor(get(urlEqualTo(REPO + "/contents/.github/pitapat.yml?ref=" + after))
                .willReturn(contents("app: reports\nenvironments:\n  pushed: { deploy-on: push }\n")));
        int mark = mark();

        push();

        List<Call> calls = callsSince(mark);
        assertThat(body(calls, "check run queued").path("head_sha").asString()).isEqualTo(after);
        assertThat(body(calls, "deployment created").path("ref").asString()).isEqualTo(after);
        assertThat(calls.stream().map(Call::what))
                .contains("check run completed neutral", "deployment status success")
                .noneMatch(w -> w.startsWith("sticky comment") || w.startsWith("react"));
    }

    @Test
    void closingThePullRequestRemovesItsPreviewAndSetsItsDeploymentInactive() throws Exception {
        int first = mark();
        assertThat(deployed("/deploy", "pr-7")).contains("deployed `6dcb09b` to `pr-7`");
        JsonNode preview = body(callsSince(first), "deployment created");
        assertThat(preview.path("environment").asString()).isEqualTo("pr-7");
        assertThat(preview.path("transient_environment").asBoolean()).isTrue();
        long previewId = idOf(body(callsSince(first), "deployment created response"));
        int mark = mark();

        deliverAndAwait(
                "pull_request",
                Payloads.load("pull_request", "closed").setJson("/number", "7").bytes());

        assertThat(folderOf(gitOpsHead(), "apps/reports/pr-7")).isEmpty();
        Call inactive = callsSince(mark).stream()
                .filter(c -> c.what().equals("deployment status inactive"))
                .findFirst()
                .orElseThrow();
        assertThat(inactive.path()).isEqualTo(REPO + "/deployments/" + previewId + "/statuses");
        assertThat(sticky("pr-7")).contains("removed `reports-pr-7`");
    }

    @Test
    void aDeployStillCommitsAndReportsWhenGitHubRefusesItsDeployment() throws Exception {
        github.stubFor(post(urlEqualTo(REPO + "/deployments"))
                .willReturn(aResponse()
                        .withStatus(422)
                        .withHeader("Content-Type", "application/json; charset=utf-8")
                        .withBody("{\"message\": \"Validation Failed\"}")));
        int mark = mark();

        String sticky = deployed("/deploy locked", "locked");

        assertThat(sticky).contains("deployed `6dcb09b` to `locked`");
        assertThat(message(gitOpsHead())).contains("Pitapat-Environment: locked");
        assertThat(callsSince(mark).stream().map(Call::what)).contains("check run completed neutral", "react rocket");
    }

    @Test
    void aHundredDeploysWaitingOnOneEnvironmentDoNotDelayAnUnrelatedHelp() throws Exception {
        Lease other = locks.tryAcquire(target("reports", "crowded"), "d-0000000da1a0", Duration.ofMinutes(5))
                .orElseThrow();
        List<String> waiting = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            waiting.add(deliver("/deploy crowded"));
        }
        for (String id : waiting) {
            awaitDone(id);
        }
        assertThat(locks.waiting(target("reports", "crowded"))).hasSize(100);

        assertThat(comment("/help")).contains("Environments of `reports`");

        locks.lock(target("reports", "crowded"), "erin", "end of the test", java.time.Instant.now());
        locks.release(other);
        await().atMost(Duration.ofSeconds(60)).until(() -> records.open().isEmpty());
        locks.unlock(target("reports", "crowded"));
        assertThat(folderOf(gitOpsHeadOrNone(), "apps/reports/crowded")).isEmpty();
    }

    @Test
    void noReportCarriesTheWebhookSecretTheTokenOrTheKey() {
        stubPullRequestCommits();
        deployed("/deploy staging --sha 553c207", "staging");
        deployed("/deploy production", "production");

        for (LoggedRequest request : github.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.anyUrl()))) {
            String body = request.getBodyAsString();
            assertThat(body).doesNotContain(SECRET, TOKEN, "PRIVATE KEY");
        }
    }

    @Test
    void aDeployStagingMakesAKnownNumberOfGitHubCalls() {
        permission("counter", "write"); // a commenter nobody asked about before: no cached permission
        int mark = mark();

        String id = deliverAs("/deploy count", "counter");
        awaitDone(id);
        awaitFinished(id, 1);

        List<Call> calls = callsSince(mark);
        // the README states this count (section "What a deploy costs in GitHub API calls")
        assertThat(calls).as(calls.stream().map(Call::what).toList().toString()).hasSize(EXPECTED_CALLS);
        assertThat(calls.stream().filter(c -> c.what().startsWith("GET " + REPO + "/contents/")))
                .extracting(Call::path)
                .containsExactly(CONFIG, REPO + "/contents/.github/pitapat.yml?ref=" + HEAD); // once per ref
        assertThat(calls.stream().filter(c -> c.what().endsWith("/permission"))).hasSize(1);
    }

    /** What one {@code /deploy count} costs, from the comment to the finished report (README). */
    static final int EXPECTED_CALLS = 19;

    private void stubPullRequestCommits() {
        github.stubFor(get(urlEqualTo(REPO + "/pulls/7/commits?per_page=100&page=1"))
                .willReturn(json(200, "pull-request-commits.json")));
    }

    private String gitOpsHeadOrNone() throws java.io.IOException {
        try (var repository = bareRepository()) {
            var head = repository.resolve("refs/heads/main");
            return head == null ? "refs/heads/main" : head.getName();
        }
    }

    private int stickyCreations(String env) {
        return (int) github.getAllServeEvents().stream()
                .map(e -> e.getRequest())
                .filter(r ->
                        r.getMethod().getName().equals("POST") && r.getUrl().equals(COMMENTS))
                .filter(r -> r.getBodyAsString().contains(STICKY + env + " -->"))
                .count();
    }

    /** One request to GitHub, named for what it tells or asks, with its body and GitHub's answer. */
    private static long idOf(JsonNode response) {
        return response.path("id").asLong();
    }

    private static Target target(String app, String env) {
        return new Target(new AppName(app), new EnvName(env));
    }
}
