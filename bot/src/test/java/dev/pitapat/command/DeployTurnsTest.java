package dev.pitapat.command;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pitapat.model.AppName;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.Target;
import dev.pitapat.store.EnvironmentLocks;
import dev.pitapat.store.Lease;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A deploy's turn: a busy environment makes a deploy wait in line (told its place), and when its turn comes
 * the commenter's access, the environment's freeze and the default branch's {@code after:} and
 * {@code requires:} are checked then, through the signed webhook, GitHub at WireMock and a real GitOps
 * repository.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "pitapat.github.webhook-secret=" + DeployTurnsTest.SECRET,
            "pitapat.github.app-id=4242",
            "pitapat.queue.max-attempts=2",
            "pitapat.queue.backoff=20ms",
            "pitapat.deploy.line-poll=20ms"
        })
class DeployTurnsTest extends CommandsEndToEnd {

    static final String SECRET = "turns-secret";
    static final java.nio.file.Path GITOPS =
            java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "pitapat-turns-" + UUID.randomUUID());
    static final String HEAD = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
    static final String OLDER = "553c2077f0edc3d5dc5d17262f6aa498e69d6f8e";
    static final String POLICY = """
            app: turns
            environments:
              staging: {}
              busy: {}
              production: { after: staging }
              gated: { requires: [approved, checks-passed] }
              redo: {}
              again: {}
            """;

    @DynamicPropertySource
    static void gitHub(DynamicPropertyRegistry registry) throws Exception {
        register(registry, GITOPS);
    }

    @Autowired
    EnvironmentLocks locks;

    DeployTurnsTest() {
        super(SECRET, GITOPS, POLICY);
    }

    @Test
    void aDeployToABusyEnvironmentWaitsInLineToldItsPlaceAndRunsInTurn() throws Exception {
        github.stubFor(get(urlEqualTo(REPO + "/pulls/7/commits?per_page=100&page=1"))
                .willReturn(json(200, "pull-request-commits.json")));
        Lease other = holdEnvironment("busy");
        int before = replies().size();

        String first = deliver("/deploy busy");
        awaitDone(first);
        awaitSticky("busy", "waiting: number 1 in line behind `" + OTHER + "`");
        String second = deliver("/deploy busy --sha 553c207");
        awaitDone(second);
        awaitSticky("busy", "waiting: number 2 in line");
        assertThat(locks.waiting(target("turns", "busy"))).hasSize(2);
        assertThat(comment("/status busy")).contains("deploy `" + OTHER + "` is in progress, 2 wait in line");
        assertThat(checkRunRequests())
                .anySatisfy(body -> assertThat(body).contains("\"status\":\"queued\"", "number 2 in line"));

        assertThat(locks.release(other)).isTrue();
        awaitFinished(first, 1);
        awaitFinished(second, 1);

        assertThat(repliesSince(before)).hasSize(1); // the status; the deploys answer in the sticky comment
        assertThat(sticky("busy")).contains("deployed `553c207` to `busy`");
        assertThat(stickyBodies("busy")).anyMatch(body -> body.contains("deployed `6dcb09b` to `busy`"));
        List<String> commits = deploymentsOf("busy");
        assertThat(message(commits.get(0))).contains("Pitapat-Source: Codertocat/Hello-World@" + OLDER);
        assertThat(message(commits.get(1))).contains("Pitapat-Source: Codertocat/Hello-World@" + HEAD);
        assertThat(locks.waiting(target("turns", "busy"))).isEmpty();
        assertThat(locks.leaseOf(target("turns", "busy"))).isEmpty();
    }

    @Test
    void aCommenterWhoLostAccessWhileWaitingIsRefusedWhenTheTurnComes() throws Exception {
        Lease other = holdEnvironment("staging");
        String head = gitOpsHeadOrNone();

        String id = deliver("/deploy staging");
        awaitSticky("staging", "number 1 in line");
        permission("Codertocat", "read");
        locks.release(other);
        awaitFinished(id, 1);

        assertThat(sticky("staging"))
                .contains("refused: when its turn came, @Codertocat no longer had `write`", "now `read`");
        assertThat(gitOpsHeadOrNone()).isEqualTo(head);
        permission("Codertocat", "write");
    }

    @Test
    void aFreezeSetWhileWaitingRefusesWhenTheTurnComes() throws Exception {
        Lease other = holdEnvironment("staging");
        String head = gitOpsHeadOrNone();

        String id = deliver("/deploy staging");
        awaitSticky("staging", "number 1 in line");
        locks.lock(target("turns", "staging"), "erin", "incident 42", java.time.Instant.now());
        locks.release(other);
        awaitFinished(id, 1);

        assertThat(sticky("staging")).contains("`staging` is locked by @erin", "`incident 42`");
        assertThat(gitOpsHeadOrNone()).isEqualTo(head);
        locks.unlock(target("turns", "staging"));
    }

    @Test
    void productionComesAfterStagingUntilTheShaIsLiveThere() throws Exception {
        github.stubFor(get(urlEqualTo(REPO + "/pulls/7/commits?per_page=100&page=1"))
                .willReturn(json(200, "pull-request-commits.json")));
        assertThat(deployed("/deploy staging --sha 553c207", "staging")).contains("deployed `553c207` to `staging`");

        assertThat(deployed("/deploy production", "production"))
                .contains(
                        "refused: `production` comes after `staging` (`after: staging`",
                        "`6dcb09b` is not live in `staging`: it runs `553c207`",
                        "`/deploy staging`");
        assertThat(deployed("/deploy production --sha 553c207", "production"))
                .contains("deployed `553c207` to `production`");
        assertThat(deployed("/deploy staging", "staging")).contains("deployed `6dcb09b` to `staging`");
        assertThat(deployed("/deploy production", "production")).contains("deployed `6dcb09b` to `production`");
    }

    @Test
    void requiresNamesTheMissingReviewAndTheFailingCheck() {
        github.stubFor(get(urlEqualTo(REPO + "/pulls/7/reviews?per_page=100&page=1"))
                .willReturn(okJson("""
                        [{"id": 80, "user": {"login": "octocat", "type": "User"}, "state": "APPROVED",
                          "commit_id": "%s"},
                         {"id": 81, "user": {"login": "hubot", "type": "User"}, "state": "CHANGES_REQUESTED",
                          "commit_id": "%s"}]
                        """.formatted(HEAD, HEAD))));
        checks("""
                {"total_count": 2, "check_runs": [
                  {"id": 1, "name": "test", "status": "completed", "conclusion": "failure", "app": {"id": 15368}},
                  {"id": 2, "name": "deploy/gated", "status": "in_progress", "conclusion": null,
                   "app": {"id": 4242}}]}
                """);

        assertThat(deployed("/deploy gated", "gated"))
                .contains(
                        "refused: `gated` requires `approved` and `checks-passed`",
                        "pull request #7 has changes requested by @hubot",
                        "on `6dcb09b` `test` (failure) failed")
                .doesNotContain("`deploy/gated`");
    }

    @Test
    void requiresLetsAnApprovedGreenShaThroughIgnoringPitapatsOwnChecks() throws Exception {
        github.stubFor(get(urlEqualTo(REPO + "/pulls/7/reviews?per_page=100&page=1"))
                .willReturn(json(200, "pull-request-reviews.json")));
        github.stubFor(get(urlEqualTo(REPO + "/commits/" + HEAD + "/check-runs?per_page=100&page=1"))
                .willReturn(json(200, "check-runs-for-ref.json")));
        github.stubFor(get(urlEqualTo(REPO + "/commits/" + HEAD + "/status?per_page=100"))
                .willReturn(json(200, "combined-status.json")));

        assertThat(deployed("/deploy gated", "gated")).contains("deployed `6dcb09b` to `gated`");
        assertThat(message(gitOpsHead())).contains("Pitapat-Environment: gated");
    }

    @Test
    void requiresWithoutAnyCheckOrApprovalYetWaitsForThem() {
        github.stubFor(
                get(urlEqualTo(REPO + "/pulls/7/reviews?per_page=100&page=1")).willReturn(okJson("[]")));
        checks("{\"total_count\": 0, \"check_runs\": []}");

        assertThat(deployed("/deploy gated", "gated"))
                .contains("pull request #7 has no approving review yet", "no check has reported on `6dcb09b` yet");
    }

    @Test
    void requiresRefusesWhenGitHubCannotTell() {
        github.stubFor(get(urlEqualTo(REPO + "/pulls/7/reviews?per_page=100&page=1"))
                .willReturn(aResponse().withStatus(404).withBody("{\"message\": \"Not Found\"}")));

        assertThat(deployed("/deploy gated", "gated"))
                .contains("refused: `gated` requires", "GitHub could not tell", "(it answered 404)");
    }

    @Test
    void aDeliveryHandledAgainAfterACrashBeforeItsReplyDeploysOnce() throws Exception {
        github.stubFor(post(urlEqualTo(COMMENTS))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.notContaining(STICKY))
                .inScenario("crash")
                .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(json(422, "error-validation-failed.json"))
                .willSetStateTo("replied"));
        String before = gitOpsHeadOrNone();

        String id = deliver("/deploy redo\n/status redo");
        awaitDone(id);
        awaitFinished(id, 1);

        assertThat(github.findAll(postRequestedFor(urlEqualTo(COMMENTS))).stream()
                        .filter(r -> r.getBodyAsString().contains("/status redo")))
                .hasSize(2); // the reply refused once, then the delivery was handled again
        assertThat(deploymentsOf("redo")).hasSize(1);
        assertThat(parentOf(gitOpsHead())).isEqualTo(before);
        assertThat(checkRunRequests().stream().filter(body -> body.contains("deploy/redo")))
                .hasSize(1); // one run created: the second handling found the deploy accepted
    }

    @Test
    void aRollbackHandledAgainAfterACrashBeforeItsReplyRollsBackOnce() throws Exception {
        github.stubFor(get(urlEqualTo(REPO + "/pulls/7/commits?per_page=100&page=1"))
                .willReturn(json(200, "pull-request-commits.json")));
        String first = deployed("/deploy again --sha 553c207", "again");
        assertThat(first).contains("deployed `553c207` to `again`");
        String restored = first.replaceAll("(?s).*\\*\\*Deploy `(d-[0-9a-f]{12})`.*", "$1");
        assertThat(deployed("/deploy again", "again")).contains("deployed `6dcb09b` to `again`");
        github.stubFor(post(urlEqualTo(COMMENTS))
                .withRequestBody(com.github.tomakehurst.wiremock.client.WireMock.notContaining(STICKY))
                .inScenario("crash")
                .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willReturn(json(422, "error-validation-failed.json"))
                .willSetStateTo("replied"));

        String id = deliver("/rollback again\n/status again");
        awaitDone(id);
        awaitFinished(id, 1);

        assertThat(sticky("again")).contains("rolled `again` back to deployment `" + restored + "`", "stays pinned");
        assertThat(deploymentsOf("again")).hasSize(3);
        assertThat(message(gitOpsHead()))
                .contains("Pitapat-Action: rollback", "Pitapat-Source: Codertocat/Hello-World@" + OLDER);
        assertThat(restored).matches("d-[0-9a-f]{12}");
        assertThat(comment("/status again")).contains("pinned by a rollback to `" + restored + "`");
    }

    @Test
    void appKeysAtTheShaAboveTheDefaultBranchsLimitsAreRefusedFieldByFieldAndNothingIsCommitted() throws Exception {
        github.stubFor(get(urlEqualTo(REPO + "/contents/.github/pitapat.yml?ref=" + HEAD))
                .willReturn(contents("app: turns\nreplicas: 50\nresources: { memory: 64Gi }\n")));
        String head = gitOpsHeadOrNone();

        assertThat(deployed("/deploy staging", "staging"))
                .contains(
                        "refused: `.github/pitapat.yml` at `6dcb09b`",
                        "nothing was deployed",
                        "`replicas`: it is 50, above limits.replicas (10)",
                        "`resources.memory`");
        assertThat(gitOpsHeadOrNone()).isEqualTo(head);
    }

    /** The deploy that holds an environment in these tests: another replica's, say. */
    static final String OTHER = "d-0000000da1a0";

    /** Another deploy holds the environment, as if another replica were committing. */
    private Lease holdEnvironment(String env) {
        return locks.tryAcquire(target("turns", env), OTHER, Duration.ofMinutes(1))
                .orElseThrow();
    }

    private void awaitSticky(String env, String text) {
        await().atMost(Duration.ofSeconds(15))
                .failFast(() -> false)
                .untilAsserted(() -> assertThat(stickyBodies(env)).anyMatch(body -> body.contains(text)));
    }

    /** The bodies of the check runs created and updated, oldest first. */
    private List<String> checkRunRequests() {
        return github.getAllServeEvents().reversed().stream()
                .map(e -> e.getRequest())
                .filter(r -> r.getUrl().startsWith(REPO + "/check-runs"))
                .filter(r -> r.getMethod().getName().equals("POST"))
                .map(r -> r.getBodyAsString())
                .toList();
    }

    private void checks(String checkRuns) {
        github.stubFor(get(urlEqualTo(REPO + "/commits/" + HEAD + "/check-runs?per_page=100&page=1"))
                .willReturn(okJson(checkRuns)));
        github.stubFor(get(urlEqualTo(REPO + "/commits/" + HEAD + "/status?per_page=100"))
                .willReturn(okJson("{\"state\": \"pending\", \"statuses\": [], \"total_count\": 0}")));
    }

    private List<String> repliesSince(int before) {
        return replies().stream()
                .skip(before)
                .map(r -> unescaped(r.getBodyAsString()))
                .toList();
    }

    /** The GitOps commits of {@code apps/turns/<env>}, newest first. */
    private List<String> deploymentsOf(String env) throws Exception {
        try (var repository = bareRepository();
                var git = new org.eclipse.jgit.api.Git(repository)) {
            List<String> commits = new java.util.ArrayList<>();
            git.log()
                    .add(repository.resolve("refs/heads/main"))
                    .addPath("apps/turns/" + env)
                    .call()
                    .forEach(c -> commits.add(c.getName()));
            return commits;
        }
    }

    private String parentOf(String commit) throws java.io.IOException {
        try (var repository = bareRepository();
                var walk = new org.eclipse.jgit.revwalk.RevWalk(repository)) {
            var parsed = walk.parseCommit(repository.resolve(commit));
            return parsed.getParentCount() == 0 ? "none" : parsed.getParent(0).getName();
        }
    }

    private String gitOpsHeadOrNone() throws java.io.IOException {
        try (var repository = bareRepository()) {
            var head = repository.resolve("refs/heads/main");
            return head == null ? "none" : head.getName();
        }
    }

    private static Target target(String app, String env) {
        return new Target(new AppName(app), new EnvName(env));
    }
}
