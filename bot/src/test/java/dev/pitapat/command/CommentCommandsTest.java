package dev.pitapat.command;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.testing.Payloads;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A PR comment, through the signed webhook, to the bot's reply on GitHub (WireMock). */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "pitapat.github.webhook-secret=" + CommentCommandsTest.SECRET,
            "pitapat.github.app-id=4242",
            "pitapat.queue.max-attempts=2",
            "pitapat.queue.backoff=20ms"
        })
class CommentCommandsTest extends CommandsEndToEnd {

    static final String SECRET = "command-secret";
    static final String HEAD_SHA = "6dcb09b5b57875f334f61aebed695e2e4193db5e";
    static final java.nio.file.Path GITOPS =
            java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "pitapat-commands-" + UUID.randomUUID());
    static final String POLICY = """
            app: hello
            environments:
              staging: { deploy-on: push }
              qa: {}
              fork-env: {}
              canary: {}
              preview-lab: {}
              production: { promotion: manual, required-permission: maintain, after: staging }
            """;

    @DynamicPropertySource
    static void gitHub(DynamicPropertyRegistry registry) throws Exception {
        register(registry, GITOPS);
    }

    CommentCommandsTest() {
        super(SECRET, GITOPS, POLICY);
    }

    @Test
    void answersHelpWithTheCommandTableAndReactsWithEyes() {
        String reply = comment("/help");

        assertThat(reply).contains("/deploy", "/rollback", "/lock", "/unlock", "/help");
        github.verify(postRequestedFor(urlEqualTo(REACTIONS))
                .withRequestBody(matchingJsonPath("$.content", equalTo("eyes"))));
    }

    @Test
    void refusesACommenterWithReadPermissionSayingWhatIsNeeded() {
        permission("reader", "read");

        String reply = comment("/lock staging", "reader");

        assertThat(reply).contains("refused", "needs `write`", "you have `read`");
        assertThat(github.findAll(postRequestedFor(urlEqualTo(REACTIONS)))).isEmpty();
    }

    @Test
    void readsThePermissionFromRoleNameSoTriageIsNotWrite() {
        permission("triager", "triage");

        assertThat(comment("/status staging", "triager")).contains("you have `triage`");
    }

    @Test
    void aLockRefusesDeploysWithWhoLockedItAndWhyUntilUnlocked() {
        assertThat(comment("/lock staging db migration @team")).contains("locked `staging`");

        String refused = comment("/deploy staging");
        assertThat(refused).contains("`staging` is locked by @Codertocat", "/unlock staging", "`db migration @team`");
        assertThat(comment("/status staging")).contains("locked by @Codertocat");

        assertThat(comment("/unlock staging")).contains("unlocked `staging`");
        assertThat(deployed("/deploy staging", "staging"))
                .containsAnyOf("deployed `6dcb09b` to `staging`", "`staging` already runs exactly these manifests")
                .doesNotContain("locked");
    }

    @Test
    void refusesEverythingWhenGitHubCannotSayWhoMayRun() {
        github.stubFor(get(urlEqualTo(REPO + "/collaborators/unknown/permission"))
                .willReturn(aResponse().withStatus(502)));

        assertThat(comment("/lock staging", "unknown")).contains("Nothing was run", "GitHub could not tell");
    }

    @Test
    void answersAMalformedCommandWithTheRightUsage() {
        assertThat(comment("/deploy staging --force")).contains("Usage:", "/deploy [env]");
    }

    @Test
    void ignoresOtherBotsCommandsAndPlainText() {
        String id = deliver("/lgtm\nlooks good to me");

        awaitDone(id);
        assertThat(replies()).isEmpty();
    }

    @Test
    void ignoresCommentsByBots() {
        byte[] body = Payloads.commentOnPullRequest(7, "/lock staging")
                .set("/comment/user/type", "Bot")
                .bytes();
        deliverAndAwait("issue_comment", body);

        assertThat(replies()).isEmpty();
    }

    @Test
    void ignoresCommentsOnPlainIssues() {
        byte[] body = Payloads.load("issue_comment", "created")
                .set("/comment/body", "/lock staging")
                .bytes();
        deliverAndAwait("issue_comment", body);

        assertThat(replies()).isEmpty();
    }

    @Test
    void aForkPullRequestIsDeployedOnlyByMaintainOrAdmin() {
        github.stubFor(get(urlEqualTo(REPO + "/pulls/7")).willReturn(json(200, "pull-request-from-fork.json")));
        permission("writer", "write");
        permission("maintainer", "maintain");
        permission("owner", "admin");

        assertThat(comment("/deploy staging", "writer"))
                .contains("refused", "needs `maintain`", "comes from a fork", "you have `write`");
        assertThat(deployed("/deploy staging", "staging", "maintainer")).contains("deployed `6dcb09b` to `staging`");
        assertThat(deployed("/deploy staging", "staging", "owner"))
                .contains("`staging` already runs exactly these manifests");
        assertThat(comment("/lock fork-env", "writer")).contains("locked `fork-env`");
    }

    @Test
    void pinsTheDeployToAShaOfThisPullRequestOnly() {
        github.stubFor(get(urlEqualTo(REPO + "/pulls/7/commits?per_page=100&page=1"))
                .willReturn(json(200, "pull-request-commits.json")));

        assertThat(comment("/deploy staging --sha 1234567"))
                .contains("refused", "`1234567` is not a commit of this pull request");
        assertThat(deployed("/deploy staging --sha 553c207", "staging")).contains("deployed `553c207` to `staging`");
    }

    @Test
    void aButtonRunsItsCommandWithTheSameAuthorization() {
        permission("presser", "write");
        permission("onlooker", "read");

        String accepted = press("promote", "presser");
        String refused = press("rollback", "onlooker");

        assertThat(accepted)
                .contains(
                        "@presser pressed a button",
                        "`/promote staging`",
                        "`/promote` acts on the cluster, and this pitapat follows none");
        assertThat(refused).contains("`/rollback staging`", "refused", "you have `read`");
    }

    @Test
    void ignoresEditedAndDeletedComments() {
        for (String action : new String[] {"edited", "deleted"}) {
            byte[] body = Payloads.commentOnPullRequest(7, "/lock staging")
                    .set("/action", action)
                    .bytes();
            String id = UUID.randomUUID().toString();
            webhook.deliver("issue_comment", id, body);
            awaitDone(id);
        }

        assertThat(replies()).isEmpty();
    }

    @Test
    void anEnvironmentMayDemandMorePermissionThanWrite() {
        permission("dev", "write");
        permission("lead", "maintain");

        assertThat(comment("/lock production", "dev")).contains("refused", "needs `maintain`", "you have `write`");
        assertThat(comment("/lock production", "lead")).contains("locked `production`");
        assertThat(comment("/unlock production", "lead")).contains("unlocked `production`");
    }

    @Test
    void refusesAnEnvironmentTheConfigDoesNotName() {
        assertThat(comment("/lock nowhere"))
                .contains("`nowhere` is not an environment", "`staging`", "`production` (needs `maintain`)");
    }

    @Test
    void helpListsThisRepositorysEnvironmentsAndPreview() {
        assertThat(comment("/help")).contains("Environments of `hello`", "`qa`", "preview is `pr-7`");
    }

    @Test
    void withoutAConfigFileTheDefaultsApplyAndDeployGoesToThePreview() {
        github.stubFor(get(urlEqualTo(CONFIG)).willReturn(json(404, "error-not-found.json")));

        assertThat(deployed("/deploy", "pr-7")).contains("deployed `6dcb09b` to `pr-7`");
        assertThat(comment("/lock qa"))
                .contains("`qa` is not an environment", "Environments of `hello-world`: `staging`");
    }

    @Test
    void anInvalidConfigIsAnsweredWithEachBrokenRuleAndRunsNothing() {
        config("app: Hello_World\nenvironments:\n  staging: { after: production }\nreplicass: 2\n");

        String reply = comment("/lock staging");

        assertThat(reply).contains("Nothing was run", "`app`", "`replicass`", "`environments.staging.after`");
        assertThat(github.findAll(postRequestedFor(urlEqualTo(REACTIONS)))).isEmpty();
    }

    @Test
    void deployCommitsTheRenderedManifestsToTheGitOpsRepositoryWithTrailers() throws Exception {
        String reply = deployed("/deploy qa", "qa");

        assertThat(reply).contains("deployed `6dcb09b` to `qa`: GitOps commit");
        try (var repository = new org.eclipse.jgit.storage.file.FileRepositoryBuilder()
                        .setGitDir(GITOPS.resolve("gitops.git").toFile())
                        .build();
                var walk = new org.eclipse.jgit.revwalk.RevWalk(repository)) {
            var head = walk.parseCommit(repository.resolve("refs/heads/main"));
            assertThat(reply).contains("GitOps commit `" + head.getName().substring(0, 7) + "`");
            assertThat(head.getFullMessage())
                    .contains(
                            "Pitapat-Action: deploy",
                            "Pitapat-App: hello",
                            "Pitapat-Environment: qa",
                            "Pitapat-Source: Codertocat/Hello-World@6dcb09b5b57875f334f61aebed695e2e4193db5e",
                            "Pitapat-Deployment: d-",
                            "Pitapat-Requested-By: Codertocat");
            try (var tree = org.eclipse.jgit.treewalk.TreeWalk.forPath(
                    repository, "apps/hello/qa/rollout.yaml", head.getTree())) {
                assertThat(tree).isNotNull();
                String rollout = new String(repository.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8);
                assertThat(rollout).contains("kind: Rollout", "6dcb09b5b57875f334f61aebed695e2e4193db5e");
            }
        }
        assertThat(deployed("/deploy qa", "qa")).contains("already runs exactly these manifests");
    }

    @Test
    void rollbackCommitsTheEarlierDeploymentsTreeAndPinsTheEnvironment() throws Exception {
        github.stubFor(get(urlEqualTo(REPO + "/pulls/7/commits?per_page=100&page=1"))
                .willReturn(json(200, "pull-request-commits.json")));
        assertThat(deployed("/deploy canary --sha 553c207", "canary")).contains("deployed `553c207` to `canary`");
        String first = gitOpsHead();
        assertThat(deployed("/deploy canary", "canary")).contains("deployed `6dcb09b` to `canary`");

        String reply = deployed("/rollback canary", "canary");

        assertThat(reply).contains("rolled `canary` back to deployment", "stays pinned");
        String rollback = gitOpsHead();
        assertThat(folderTree(rollback)).isEqualTo(folderTree(first));
        assertThat(message(rollback))
                .contains(
                        "Pitapat-Action: rollback",
                        "Pitapat-Source: Codertocat/Hello-World@553c2077f0edc3d5dc5d17262f6aa498e69d6f8e");
        assertThat(comment("/status canary")).contains("pinned by a rollback");
        assertThat(comment("/history canary"))
                .contains(
                        "the last 3 of `canary`",
                        "rollback of `Codertocat/Hello-World@553c207`",
                        "deploy of `Codertocat/Hello-World@6dcb09b`",
                        "by @Codertocat");
        // what GitHub was asked: the policy from the default branch and the app keys at the deployed sha, the
        // pull request and its commits (who the commenter is may come from the 10-second cache here); and what it
        // was told: 👀 and one reply each
        github.verify(getRequestedFor(urlEqualTo(CONFIG)));
        github.verify(getRequestedFor(urlEqualTo(REPO + "/contents/.github/pitapat.yml?ref=" + HEAD_SHA)));
        github.verify(getRequestedFor(
                urlEqualTo(REPO + "/contents/.github/pitapat.yml?ref=553c2077f0edc3d5dc5d17262f6aa498e69d6f8e")));
        github.verify(getRequestedFor(urlEqualTo(REPO + "/pulls/7/commits?per_page=100&page=1")));
        github.verify(postRequestedFor(urlEqualTo(REACTIONS))
                .withRequestBody(matchingJsonPath("$.content", equalTo("eyes"))));
        github.verify(postRequestedFor(urlEqualTo(COMMENTS)).withRequestBody(matchingJsonPath("$.body")));
        assertThat(deployed("/rollback canary d-000000000000", "canary"))
                .contains("`d-000000000000` is not a deployment of `hello-canary`");
    }

    @Test
    void aPushToTheDefaultBranchDeploysPushEnvironmentsButNotALockedOne() throws Exception {
        String after = "6113728f27ae82c7b1a177c8d03f9e96e0adf246";
        github.stubFor(get(urlEqualTo(REPO + "/contents/.github/pitapat.yml?ref=" + after))
                .willReturn(contents("app: pushed\nenvironments:\n  staging: { deploy-on: push }\n  qa: {}\n")));

        push();

        String head = gitOpsHead();
        assertThat(message(head))
                .contains(
                        "Pitapat-App: pushed",
                        "Pitapat-Environment: staging",
                        "Pitapat-Source: Codertocat/Hello-World@" + after);

        config("app: pushed\nenvironments:\n  staging: { deploy-on: push }\n");
        assertThat(comment("/lock staging")).contains("locked `staging`");
        github.stubFor(get(urlEqualTo(REPO + "/contents/.github/pitapat.yml?ref=" + after))
                .willReturn(
                        contents("app: pushed\nenvironments:\n  staging: { deploy-on: push, promotion: manual }\n")));
        push();

        assertThat(gitOpsHead()).isEqualTo(head);
        assertThat(comment("/unlock staging")).contains("unlocked `staging`");
    }

    @Test
    void closingThePullRequestRemovesItsPreview() throws Exception {
        assertThat(deployed("/deploy", "pr-7")).contains("deployed `6dcb09b` to `pr-7`");
        assertThat(folderOf(gitOpsHead(), "apps/hello/pr-7")).isPresent();

        deliverAndAwait(
                "pull_request",
                Payloads.load("pull_request", "closed").setJson("/number", "7").bytes());

        String head = gitOpsHead();
        assertThat(folderOf(head, "apps/hello/pr-7")).isEmpty();
        assertThat(message(head)).contains("Pitapat-Action: undeploy", "Pitapat-Environment: pr-7");
    }

    @Test
    void dryRunRepliesWithTheDiffAndCommitsNothing() throws Exception {
        assertThat(deployed("/deploy preview-lab", "preview-lab")).contains("deployed `6dcb09b` to `preview-lab`");
        String head = gitOpsHead();
        config(POLICY.replace("app: hello", "app: hello\nreplicas: 3"));
        github.stubFor(
                get(urlEqualTo(REPO + "/contents/.github/pitapat.yml?ref=6dcb09b5b57875f334f61aebed695e2e4193db5e"))
                        .willReturn(contents(POLICY.replace("app: hello", "app: hello\nreplicas: 3"))));

        String reply = comment("/deploy preview-lab --dry-run");

        assertThat(reply)
                .contains(
                        "dry run, nothing committed",
                        "<details>",
                        "a/apps/hello/preview-lab/rollout.yaml",
                        "-  replicas: 1",
                        "+  replicas: 3");
        assertThat(gitOpsHead()).isEqualTo(head);
    }
}
