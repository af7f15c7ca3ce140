package dev.pitapat.github.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pitapat.PitapatApplication;
import dev.pitapat.github.GitHubException;
import dev.pitapat.github.GitHubGateway;
import dev.pitapat.github.GitHubNotConfiguredException;
import dev.pitapat.github.NewPullRequest;
import dev.pitapat.github.PullRequest;
import dev.pitapat.model.RepoRef;
import dev.pitapat.testing.Payloads;
import dev.pitapat.testing.WebhookClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The local stand-in for GitHub in a bot without a GitHub App: comments on the example pull request reach the
 * bot as signed deliveries through the real intake, and everything the bot answers is recorded on the pull
 * request. One context; each test reads what it made (comment ids grow, the pull request keeps its history).
 */
@SpringBootTest(classes = PitapatApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LocalGitHubTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path ROOT = tempDir();

    @DynamicPropertySource
    static void folders(DynamicPropertyRegistry registry) {
        registry.add("pitapat.gitops.repo", () -> ROOT.resolve("gitops.git").toString());
        registry.add("pitapat.gitops.workdir", () -> ROOT.resolve("gitops-work").toString());
        registry.add(
                "pitapat.local-github.dir", () -> ROOT.resolve("local-github").toString());
    }

    @LocalServerPort
    int port;

    @Autowired
    GitHubGateway gateway;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void aCommentBecomesADeliveryADeployAndEveryReportOnThePullRequest() throws Exception {
        long comment = comment("alice", "/deploy staging");

        JsonNode pull = awaitReaction(comment, "rocket");
        JsonNode conversation = pull.path("conversation");
        String head = pull.path("headSha").asString();
        assertThat(reactionsOn(conversation, comment)).startsWith("eyes").contains("rocket");
        JsonNode run = last(
                conversation.path("checkRuns"),
                r -> r.path("headSha").asString().equals(head));
        assertThat(run.path("name").asString()).isEqualTo("deploy/staging");
        assertThat(run.path("conclusion").asString()).isEqualTo("neutral");
        JsonNode deployment = last(
                conversation.path("deployments"), d -> d.path("sha").asString().equals(head));
        assertThat(deployment.path("statuses").findValuesAsString("state")).containsSubsequence("queued", "success");
        assertThat(bodiesBy(conversation, LocalGitHub.BOT))
                .anySatisfy(body -> assertThat(body).contains("<!-- pitapat:env/staging -->", head.substring(0, 7)));
        try (Git gitops = Git.open(ROOT.resolve("gitops.git").toFile())) {
            assertThat(gitops.log().call().iterator().next().getFullMessage())
                    .contains("Pitapat-Source: example/hello@" + head);
        }
        assertThat(get("/api/deliveries").body()).contains("\"repo\":\"example/hello\"", "\"status\":\"done\"");
    }

    @Test
    void someoneWithReadIsToldWhatRoleItTakesAndNothingIsDeployed() throws Exception {
        assertThat(put("/local-github/api/roles/carol", "{\"role\":\"read\"}").statusCode())
                .isEqualTo(204);
        long comment = comment("carol", "/deploy production");

        JsonNode conversation = await().atMost(Duration.ofSeconds(30))
                .until(() -> pull().path("conversation"), c -> replyAfter(c, comment) != null);
        assertThat(replyAfter(conversation, comment))
                .contains("`/deploy production`")
                .contains("It needs `maintain` permission")
                .contains("you have `read`");
        assertThat(conversation.path("deployments").findValuesAsString("environment"))
                .doesNotContain("production");
    }

    @Test
    void theRollbackButtonOfACompletedCheckRunRollsTheEnvironmentBack() throws Exception {
        awaitReaction(comment("alice", "/deploy staging"), "rocket");
        assertThat(post("/local-github/api/pushes", "{}").statusCode()).isEqualTo(201);
        long second = comment("alice", "/deploy staging");
        JsonNode pull = awaitReaction(second, "rocket");
        String head = pull.path("headSha").asString();
        JsonNode run = last(
                pull.path("conversation").path("checkRuns"),
                r -> r.path("headSha").asString().equals(head));

        HttpResponse<String> pressed = post(
                "/local-github/api/check-runs/" + run.path("id").asLong() + "/actions/rollback",
                "{\"user\":\"alice\"}");

        assertThat(pressed.statusCode()).as(pressed.body()).isEqualTo(201);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            try (Git gitops = Git.open(ROOT.resolve("gitops.git").toFile())) {
                assertThat(gitops.log().call().iterator().next().getFullMessage())
                        .contains("Pitapat-Action: rollback")
                        .doesNotContain(head);
            }
        });
        assertThat(post("/local-github/api/check-runs/" + run.path("id").asLong() + "/actions/promote", "{}")
                        .body())
                .contains("shows no button promote");
    }

    @Test
    void badRequestsGetTheRuleAndChangeNothing() throws Exception {
        assertThat(post("/local-github/api/comments", "{\"user\":\"alice\",\"body\":\" \"}")
                        .body())
                .contains("a comment has 1 to 65536 characters");
        assertThat(post("/local-github/api/comments", "{\"user\":\"no such user!\",\"body\":\"/help\"}")
                        .body())
                .contains("a login has 1 to 39 letters");
        assertThat(put("/local-github/api/roles/carol", "{\"role\":\"owner\"}").body())
                .contains("none, read, triage, write, maintain, admin");
        assertThat(post("/local-github/api/check-runs/1/actions/rollback", "{}").statusCode())
                .isEqualTo(404);
    }

    @Test
    void withoutAWebhookSecretTheIntakeTakesOnlyTheStandInsDeliveries() {
        byte[] body = Payloads.commentOnPullRequest(1, "/deploy staging").bytes();
        WebhookClient guessing = new WebhookClient(port, "a guessed secret");
        HttpResponse<String> signed = guessing.deliver("issue_comment", body);
        HttpResponse<String> unsigned = guessing.send(HttpRequest.newBuilder(guessing.uri("/webhooks/github"))
                .header("X-GitHub-Event", "issue_comment")
                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
        for (HttpResponse<String> answer : List.of(signed, unsigned)) {
            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.body()).contains("no webhook secret is configured");
        }
    }

    @Test
    void thePageShowsTheConversationAndTakesACommentFromItsForm() throws Exception {
        HttpResponse<String> posted = http.send(
                HttpRequest.newBuilder(uri("/local-github/example/hello/pull/1/comments"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("user=dora&role=read&body="
                                + java.net.URLEncoder.encode(
                                        "/deploy production\n<script>alert(1)</script>",
                                        java.nio.charset.StandardCharsets.UTF_8)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(posted.statusCode()).isEqualTo(303);
        assertThat(posted.headers().firstValue("Location"))
                .hasValueSatisfying(to -> assertThat(to)
                        .matches(".*/local-github/example/hello/pull/1\\?since=\\d+&until=\\d+#comment-\\d+"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> page = get("/local-github/example/hello/pull/1");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Security-Policy"))
                    .hasValueSatisfying(csp -> assertThat(csp).contains("form-action 'self'", "default-src 'none'"));
            assertThat(page.body())
                    .contains("Local stand-in for GitHub", "nothing here is sent to GitHub")
                    .contains("<strong>dora</strong>")
                    .contains("&lt;script&gt;alert(1)&lt;/script&gt;")
                    .doesNotContain("<script>")
                    .contains(
                            "It needs <code>maintain</code> permission on this repository; you have <code>read</code>");
        });
        assertThat(get("/local-github/example/hello/commit/" + "a".repeat(40)).statusCode())
                .isEqualTo(303);
        long now = java.time.Instant.now().getEpochSecond();
        String refresh = "<meta http-equiv=\"refresh\" content=\"1\">";
        assertThat(get("/local-github/example/hello/pull/1?since=999999&until=" + (now + 60))
                        .body())
                .as("reloads itself while the bot has not answered")
                .contains(refresh, "Waiting for the bot's answer");
        assertThat(get("/local-github/example/hello/pull/1?since=0&until=" + (now + 60))
                        .body())
                .as("the bot has answered")
                .doesNotContain(refresh);
        assertThat(get("/local-github/example/hello/pull/1?since=999999&until=" + (now - 1))
                        .body())
                .as("waited long enough")
                .doesNotContain(refresh);
    }

    @Test
    void theStatusPageSaysItIsAFirstRunAndLinksTheExampleToTheStandInsPagesNotToGitHub() throws Exception {
        awaitReaction(comment("alice", "/deploy staging"), "rocket");

        String status = get("/").body();

        assertThat(status)
                .contains("<strong>First run:</strong> no GitHub App is configured")
                .contains("href=\"http://localhost:" + port + "/local-github/example/hello\"")
                .contains("http://localhost:" + port + "/local-github/example/hello/pull/1")
                .doesNotContain("https://github.com/example/hello");
    }

    @Test
    void theGatewayServesOnlyTheExampleRepository() {
        assertThat(gateway.actsOn(LocalGitHub.REPO)).isTrue();
        assertThat(gateway.actsOn(new RepoRef("Codertocat", "Hello-World"))).isFalse();
        assertThat(gateway.fileAt(1, LocalGitHub.REPO, "main", ".github/pitapat.yml"))
                .hasValueSatisfying(text -> assertThat(text).contains("app: hello"));
    }

    /**
     * What the onboarding reads, the stand-in answers for its example (which has its config, so nothing is offered);
     * what it would write, it refuses as GitHub does a token without the permission.
     */
    @Test
    void theGatewayShowsTheExampleAsItIsAndTakesNoNewBranchFileOrPullRequest() {
        var repository = gateway.repository(1, LocalGitHub.REPO);
        assertThat(repository.repo()).isEqualTo(LocalGitHub.REPO);
        assertThat(repository.defaultBranch()).isEqualTo("main");
        assertThat(repository.archived()).isFalse();
        assertThat(gateway.branchHead(1, LocalGitHub.REPO, "main"))
                .hasValueSatisfying(sha -> assertThat(sha).matches("[0-9a-f]{40}"));
        assertThat(gateway.branchHead(1, LocalGitHub.REPO, "pitapat/onboarding"))
                .isEmpty();
        assertThat(gateway.pullRequestsFrom(1, LocalGitHub.REPO, "friendly-greeting"))
                .extracting(PullRequest::number)
                .containsExactly(LocalGitHub.PULL_REQUEST);
        assertThat(gateway.pullRequestsFrom(1, LocalGitHub.REPO, "pitapat/onboarding"))
                .isEmpty();
        String sha = gateway.branchHead(1, LocalGitHub.REPO, "main").orElseThrow();
        List<ThrowingCallable> writes = List.of(
                () -> gateway.createBranch(1, LocalGitHub.REPO, "pitapat/onboarding", sha),
                () -> gateway.createFile(1, LocalGitHub.REPO, "main", "x.yml", "x: 1\n", "Add x"),
                () -> gateway.openPullRequest(
                        1, LocalGitHub.REPO, new NewPullRequest("t", "friendly-greeting", "main", "b")));
        for (var write : writes) {
            assertThatThrownBy(write)
                    .isInstanceOfSatisfying(
                            GitHubException.class, e -> assertThat(e.status()).hasValue(403));
        }
        assertThatThrownBy(() -> gateway.repository(1, new RepoRef("Codertocat", "Hello-World")))
                .isInstanceOf(GitHubNotConfiguredException.class);
        assertThat(gateway.branchHead(1, LocalGitHub.REPO, "pitapat/onboarding"))
                .isEmpty();
    }

    private long comment(String user, String body) throws Exception {
        HttpResponse<String> answer = post(
                "/local-github/api/comments", JSON.writeValueAsString(java.util.Map.of("user", user, "body", body)));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        JsonNode json = JSON.readTree(answer.body());
        assertThat(json.path("intakeStatus").asInt()).isEqualTo(202);
        return json.path("comment").asLong();
    }

    private JsonNode awaitReaction(long comment, String content) {
        return await().atMost(Duration.ofSeconds(30))
                .until(
                        this::pull,
                        p -> reactionsOn(p.path("conversation"), comment).contains(content));
    }

    private JsonNode pull() throws Exception {
        return JSON.readTree(get("/local-github/api/pull").body());
    }

    private static List<String> reactionsOn(JsonNode conversation, long comment) {
        List<String> contents = new ArrayList<>();
        for (JsonNode c : conversation.path("comments")) {
            if (c.path("id").asLong() == comment) {
                c.path("reactions").forEach(r -> contents.add(r.path("content").asString()));
            }
        }
        return contents;
    }

    private static String replyAfter(JsonNode conversation, long comment) {
        for (JsonNode c : conversation.path("comments")) {
            if (c.path("id").asLong() > comment
                    && c.path("author").asString().equals(LocalGitHub.BOT)
                    && !c.path("body").asString().contains("<!-- pitapat:")) {
                return c.path("body").asString();
            }
        }
        return null;
    }

    private static List<String> bodiesBy(JsonNode conversation, String author) {
        List<String> bodies = new ArrayList<>();
        conversation.path("comments").forEach(c -> {
            if (c.path("author").asString().equals(author)) {
                bodies.add(c.path("body").asString());
            }
        });
        return bodies;
    }

    private static JsonNode last(JsonNode list, java.util.function.Predicate<JsonNode> which) {
        JsonNode found = null;
        for (JsonNode node : list) {
            if (which.test(node)) {
                found = node;
            }
        }
        assertThat(found).as("one of %s", list).isNotNull();
        return found;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return sendJson("POST", path, json);
    }

    private HttpResponse<String> put(String path, String json) throws Exception {
        return sendJson("PUT", path, json);
    }

    private HttpResponse<String> sendJson(String method, String path, String json) throws Exception {
        return http.send(
                HttpRequest.newBuilder(uri(path))
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("pitapat-local-github");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
