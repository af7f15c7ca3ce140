package dev.pitapat.command;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import dev.pitapat.model.AppName;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.Target;
import dev.pitapat.store.EnvironmentLocks;
import dev.pitapat.store.Lease;
import dev.pitapat.testing.Payloads;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a push to the default branch did, on the pushed commit's checks: a real signed {@code push} delivery,
 * GitHub at WireMock (its check-run paths and bodies) and a real GitOps repository. Each test pushes a config
 * whose {@code deploy-on: push} environment is its own, so the tests do not see each other's deploys.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "pitapat.github.webhook-secret=" + PushChecksTest.SECRET,
            "pitapat.github.app-id=4242",
            "pitapat.queue.max-attempts=1",
            "pitapat.deploy.line-poll=20ms"
        })
class PushChecksTest extends CommandsEndToEnd {

    static final String SECRET = "push-checks-secret";
    static final java.nio.file.Path GITOPS =
            java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "pitapat-push-checks-" + UUID.randomUUID());
    /** The {@code after} of {@code webhooks/push/push-to-default-branch.json}. */
    static final String PUSHED = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";

    static final String POLICY = """
            app: checks
            environments:
              staging: { deploy-on: push }
              pinned: { deploy-on: push }
              frozen: { deploy-on: push }
              held: { deploy-on: push }
              flaky: { deploy-on: push }
              reviewed: { deploy-on: push, requires: [approved] }
            """;
    static final String CHECK_RUNS = REPO + "/check-runs";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void gitHub(DynamicPropertyRegistry registry) throws Exception {
        register(registry, GITOPS);
    }

    @Autowired
    EnvironmentLocks locks;

    PushChecksTest() {
        super(SECRET, GITOPS, POLICY);
    }

    @BeforeEach
    void checkRunsAnswer() {
        github.stubFor(post(urlEqualTo(CHECK_RUNS)).willReturn(json(201, "check-run.json")));
        github.stubFor(patch(urlEqualTo(CHECK_RUNS + "/4")).willReturn(json(200, "check-run.json")));
    }

    @Test
    void aDeployedEnvironmentGetsACheckRunFromInProgressToSuccessWithTheCommitAndTheAppUrl() throws Exception {
        pushedConfig("app: checks\nenvironments:\n  staging: { deploy-on: push }\n  qa: {}\n");

        push();

        String commit = gitOpsHead();
        assertThat(message(commit))
                .contains("Pitapat-Environment: staging", "Pitapat-Source: Codertocat/Hello-World@" + PUSHED);
        JsonNode created = single(postRequestedFor(urlEqualTo(CHECK_RUNS)), "deploy/staging");
        assertThat(created.path("head_sha").asString()).isEqualTo(PUSHED);
        assertThat(created.path("status").asString()).isEqualTo("queued");
        assertThat(created.has("conclusion")).isFalse();
        assertThat(created.at("/output/title").asString()).isEqualTo("Deploy to staging queued");
        assertThat(created.at("/output/summary").asString())
                .contains("- Asked by: @Codertocat (push to `master`)", "- Commit: `6113728`");
        assertThat(bodies(patchRequestedFor(urlEqualTo(CHECK_RUNS + "/4")), "deploy/staging").stream()
                        .map(b -> b.path("status").asString()))
                .containsSubsequence("in_progress", "completed");

        JsonNode completed = bodies(patchRequestedFor(urlEqualTo(CHECK_RUNS + "/4")), "deploy/staging")
                .getLast();
        assertThat(completed.path("status").asString()).isEqualTo("completed");
        // committed, and no cluster is followed: neither success nor failure
        assertThat(completed.path("conclusion").asString()).isEqualTo("neutral");
        assertThat(completed.has("head_sha")).isFalse(); // GitHub fixed it at creation
        assertThat(completed.path("details_url").asString()).isEqualTo("https://checks-staging.apps.localhost");
        assertThat(completed.at("/output/title").asString()).isEqualTo("Committed to staging; rollout status unknown");
        assertThat(completed.at("/output/summary").asString())
                .startsWith("Deployed `6113728` to `staging`: GitOps commit `" + commit.substring(0, 7) + "`")
                .contains(
                        "Rollout status unknown: no cluster configured",
                        "- GitOps commit: `" + commit.substring(0, 7) + "`",
                        "- App: https://checks-staging.apps.localhost",
                        "- Asked by: @Codertocat (push to `master`)");
        assertThat(completed.path("actions").isEmpty()).isTrue(); // the first deployment: nothing to roll back to
        assertThat(names(postRequestedFor(urlEqualTo(CHECK_RUNS)))).containsExactly("deploy/staging");
    }

    @Test
    void anEnvironmentPinnedByARollbackIsSkippedWithANeutralCheckSayingWhatHandsItBack() throws Exception {
        github.stubFor(get(urlEqualTo(REPO + "/pulls/7/commits?per_page=100&page=1"))
                .willReturn(json(200, "pull-request-commits.json")));
        assertThat(deployed("/deploy pinned --sha 553c207", "pinned")).contains("deployed `553c207` to `pinned`");
        assertThat(deployed("/deploy pinned", "pinned")).contains("deployed `6dcb09b` to `pinned`");
        String rolledBack = deployed("/rollback pinned", "pinned");
        assertThat(rolledBack).contains("rolled `pinned` back to deployment");
        String deployment = firstDeploymentIn(rolledBack);
        String head = gitOpsHead();
        int updates =
                github.findAll(patchRequestedFor(urlEqualTo(CHECK_RUNS + "/4"))).size();
        pushedConfig("app: checks\nenvironments:\n  pinned: { deploy-on: push }\n");

        push();

        assertThat(gitOpsHead()).isEqualTo(head);
        JsonNode check = single(postRequestedFor(urlEqualTo(CHECK_RUNS)), "deploy/pinned");
        assertThat(check.path("head_sha").asString()).isEqualTo(PUSHED);
        assertThat(check.path("status").asString()).isEqualTo("completed");
        assertThat(check.path("conclusion").asString()).isEqualTo("neutral");
        assertThat(check.at("/output/title").asString()).isEqualTo("Not deployed: pinned by a rollback");
        assertThat(check.at("/output/summary").asString())
                .contains(
                        "`6113728` (pushed to `master` by @Codertocat) was not deployed to `pinned`",
                        "@Codertocat rolled `pinned` back to deployment `" + deployment + "`",
                        "comment `/deploy pinned` or `/unlock pinned` on a pull request");
        assertThat(github.findAll(patchRequestedFor(urlEqualTo(CHECK_RUNS + "/4"))))
                .hasSize(updates);
    }

    @Test
    void aLockedEnvironmentIsSkippedWithANeutralCheckNamingWhoLockedItAndWhy() throws Exception {
        assertThat(comment("/lock frozen db migration")).contains("locked `frozen`");
        pushedConfig("app: checks\nenvironments:\n  frozen: { deploy-on: push }\n");
        String head = gitOpsHeadOrNone();

        push();

        assertThat(gitOpsHeadOrNone()).isEqualTo(head);
        JsonNode check = single(postRequestedFor(urlEqualTo(CHECK_RUNS)), "deploy/frozen");
        assertThat(check.path("status").asString()).isEqualTo("completed");
        assertThat(check.path("conclusion").asString()).isEqualTo("neutral");
        assertThat(check.at("/output/title").asString()).isEqualTo("Not deployed: locked");
        assertThat(check.at("/output/summary").asString())
                .contains(
                        "was not deployed to `frozen`: @Codertocat locked `frozen` at",
                        "(`db migration`)",
                        "comment `/unlock frozen` on a pull request");
        assertThat(comment("/unlock frozen")).contains("unlocked `frozen`");
    }

    @Test
    void aFreezeSetWhileThePushDeployWaitsInLineEndsItsCheckNeutralNotFailed() throws Exception {
        pushedConfig("app: checks\nenvironments:\n  held: { deploy-on: push }\n");
        Lease other = locks.tryAcquire(target("checks", "held"), "d-0000000da1a0", Duration.ofMinutes(1))
                .orElseThrow();
        String head = gitOpsHeadOrNone();
        String id = UUID.randomUUID().toString();
        assertThat(webhook.deliver(
                                "push",
                                id,
                                Payloads.load("push", "push-to-default-branch").bytes())
                        .statusCode())
                .isEqualTo(202);

        await().atMost(Duration.ofSeconds(15))
                .until(() -> bodies(postRequestedFor(urlEqualTo(CHECK_RUNS)), "deploy/held").stream()
                        .anyMatch(b -> b.at("/output/title").asString().equals("Waiting for held: number 1 in line")));
        JsonNode waiting = single(postRequestedFor(urlEqualTo(CHECK_RUNS)), "deploy/held");
        assertThat(waiting.path("status").asString()).isEqualTo("queued");
        assertThat(waiting.at("/output/summary").asString())
                .contains("this deploy is number 1 in line behind `d-0000000da1a0`");
        locks.lock(target("checks", "held"), "erin", "incident 42", Instant.now());
        assertThat(locks.release(other)).isTrue();
        awaitDone(id);
        awaitDeploysDone();

        assertThat(gitOpsHeadOrNone()).isEqualTo(head);
        JsonNode completed = bodies(patchRequestedFor(urlEqualTo(CHECK_RUNS + "/4")), "deploy/held")
                .getLast();
        assertThat(completed.path("status").asString()).isEqualTo("completed");
        assertThat(completed.path("conclusion").asString()).isEqualTo("neutral");
        assertThat(completed.at("/output/title").asString()).isEqualTo("Not deployed: locked");
        assertThat(completed.at("/output/summary").asString()).contains("@erin locked `held`", "(`incident 42`)");
        locks.unlock(target("checks", "held"));
    }

    @Test
    void anInvalidPushedConfigFailsOneDeployCheckListingEveryProblemWithItsFieldAndRule() throws Exception {
        String head = gitOpsHeadOrNone();
        pushedConfig("app: checks\nenvironments:\n  staging: { deploy-on: sometimes }\nreplicas: lots\n");

        push();

        assertThat(gitOpsHeadOrNone()).isEqualTo(head);
        assertThat(names(postRequestedFor(urlEqualTo(CHECK_RUNS)))).containsExactly("deploy");
        JsonNode check = single(postRequestedFor(urlEqualTo(CHECK_RUNS)), "deploy");
        assertThat(check.path("head_sha").asString()).isEqualTo(PUSHED);
        assertThat(check.path("status").asString()).isEqualTo("completed");
        assertThat(check.path("conclusion").asString()).isEqualTo("failure");
        assertThat(check.at("/output/title").asString()).isEqualTo(".github/pitapat.yml is invalid");
        assertThat(check.at("/output/summary").asString())
                .contains(
                        "Push-to-deploy deployed nothing: `.github/pitapat.yml` at `6113728`",
                        "- `environments.staging.deploy-on`: it is not one of the accepted words.",
                        "- `replicas`: ",
                        "Fix the file on `master` and push again");
    }

    @Test
    void aPushStillDeploysWhenGitHubAnswers500ToEveryCheckRunCall() throws Exception {
        // Retry-After: 0 lets the gateway's four attempts (RetriesAndMetricsTest) run without waiting.
        github.stubFor(post(urlEqualTo(CHECK_RUNS))
                .willReturn(aResponse()
                        .withStatus(500)
                        .withHeader("Content-Type", "application/json; charset=utf-8")
                        .withHeader("Retry-After", "0")
                        .withBody("{\"message\": \"Server Error\"}")));
        pushedConfig("app: checks\nenvironments:\n  flaky: { deploy-on: push }\n");

        push(); // waits until the delivery is done, not failed

        assertThat(message(gitOpsHead()))
                .contains("Pitapat-Environment: flaky", "Pitapat-Source: Codertocat/Hello-World@" + PUSHED);
        List<JsonNode> attempts = bodies(postRequestedFor(urlEqualTo(CHECK_RUNS)), "deploy/flaky");
        // 4 attempts each time the run would change (queued, in progress, each step, completed)
        assertThat(attempts).hasSizeGreaterThanOrEqualTo(8);
        assertThat(attempts.size() % 4).isZero();
        assertThat(attempts.getLast().path("conclusion").asString()).isEqualTo("neutral");
        assertThat(github.findAll(patchRequestedFor(urlEqualTo(CHECK_RUNS + "/4"))))
                .isEmpty();
    }

    @Test
    void aPushToAnEnvironmentThatRequiresApprovalIsJudgedByThePullRequestItCameFrom() throws Exception {
        pushedConfig("app: checks\nenvironments:\n  reviewed: { deploy-on: push, requires: [approved] }\n");
        github.stubFor(get(urlEqualTo(REPO + "/commits/" + PUSHED + "/pulls?per_page=100&page=1"))
                .willReturn(json(200, "commit-pull-requests.json")));
        github.stubFor(
                get(urlEqualTo(REPO + "/pulls/7/reviews?per_page=100&page=1")).willReturn(okJson("""
                        [{"id": 81, "user": {"login": "hubot", "type": "User"}, "state": "CHANGES_REQUESTED",
                          "commit_id": "6dcb09b5b57875f334f61aebed695e2e4193db5e"}]
                        """)));
        String head = gitOpsHeadOrNone();

        push();

        assertThat(gitOpsHeadOrNone()).isEqualTo(head);
        JsonNode refused = bodies(patchRequestedFor(urlEqualTo(CHECK_RUNS + "/4")), "deploy/reviewed")
                .getLast();
        assertThat(refused.path("conclusion").asString()).isEqualTo("failure");
        assertThat(refused.at("/output/summary").asString())
                .contains("`reviewed` requires `approved`", "pull request #7 has changes requested by @hubot");

        github.stubFor(get(urlEqualTo(REPO + "/pulls/7/reviews?per_page=100&page=1"))
                .willReturn(json(200, "pull-request-reviews.json")));
        push();

        assertThat(message(gitOpsHead()))
                .contains("Pitapat-Environment: reviewed", "Pitapat-Source: Codertocat/Hello-World@" + PUSHED);
        assertThat(bodies(patchRequestedFor(urlEqualTo(CHECK_RUNS + "/4")), "deploy/reviewed")
                        .getLast()
                        .path("conclusion")
                        .asString())
                .isEqualTo("neutral");
    }

    private void pushedConfig(String yaml) {
        github.stubFor(get(urlEqualTo(REPO + "/contents/.github/pitapat.yml?ref=" + PUSHED))
                .willReturn(contents(yaml)));
    }

    /** The one check-run body named {@code name} among the requests. */
    private static JsonNode single(RequestPatternBuilder requests, String name) {
        List<JsonNode> bodies = bodies(requests, name);
        assertThat(bodies).as("check runs named %s", name).hasSize(1);
        return bodies.getFirst();
    }

    /** The check-run bodies named {@code name} for the pushed commit (an update carries no sha). */
    private static List<JsonNode> bodies(RequestPatternBuilder requests, String name) {
        return github.findAll(requests).stream()
                .map(r -> JSON.readTree(r.getBodyAsString()))
                .filter(b -> b.path("name").asString().equals(name))
                .filter(b -> !b.has("head_sha") || b.path("head_sha").asString().equals(PUSHED))
                .toList();
    }

    private static List<String> names(RequestPatternBuilder requests) {
        return github.findAll(requests).stream()
                .map(r -> JSON.readTree(new String(r.getBody(), StandardCharsets.UTF_8))
                        .path("name")
                        .asString())
                .toList();
    }

    /** The deployment id a rollback reply names first: the one it restored. */
    private static String firstDeploymentIn(String reply) {
        Matcher m = Pattern.compile("deployment `(d-[0-9a-f]{12})`").matcher(reply);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    private String gitOpsHeadOrNone() throws java.io.IOException {
        try (var repository = bareRepository()) {
            var head = repository.resolve("refs/heads/main");
            return head == null ? "none" : head.getName() + " " + message(head.getName());
        }
    }

    private static Target target(String app, String env) {
        return new Target(new AppName(app), new EnvName(env));
    }
}
