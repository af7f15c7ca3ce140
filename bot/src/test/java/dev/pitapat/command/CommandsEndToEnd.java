package dev.pitapat.command;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.pitapat.store.DeliveryQueue;
import dev.pitapat.store.DeliveryStatus;
import dev.pitapat.testing.GitHubStandIn;
import dev.pitapat.testing.Payloads;
import dev.pitapat.testing.TestPem;
import dev.pitapat.testing.WebhookClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the end-to-end command tests share: a bot on a random port with the GitHub App pointed at WireMock and
 * a GitOps repository of its own, a signed webhook client, GitHub's answers for the pull request, and helpers
 * that deliver a comment and read the reply or the GitOps repository.
 */
abstract class CommandsEndToEnd {

    static final String REPO = "/repos/Codertocat/Hello-World";
    static final String COMMENTS = REPO + "/issues/7/comments";
    static final String REACTIONS = REPO + "/issues/comments/492700400/reactions";
    static final String CONFIG = REPO + "/contents/.github/pitapat.yml?ref=master";
    static final String STICKY = "<!-- pitapat:env/";
    static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    static WireMockExtension github = WireMockExtension.newInstance()
            .options(WireMockConfiguration.wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    private final String secret;
    private final java.nio.file.Path gitops;
    private final String policy;

    @LocalServerPort
    int port;

    @Autowired
    DeliveryQueue queue;

    @Autowired
    dev.pitapat.deploy.DeployPipeline pipeline;

    @Autowired
    dev.pitapat.store.DeployRecords records;

    WebhookClient webhook;

    CommandsEndToEnd(String secret, java.nio.file.Path gitops, String policy) {
        this.secret = secret;
        this.gitops = gitops;
        this.policy = policy;
    }

    /** GitHub at WireMock with a fresh App key, the GitOps repository under {@code gitops}. */
    static void register(DynamicPropertyRegistry registry, java.nio.file.Path gitops) throws Exception {
        registry.add("pitapat.gitops.repo", () -> gitops.resolve("gitops.git").toString());
        registry.add("pitapat.gitops.workdir", () -> gitops.resolve("work").toString());
        registry.add("pitapat.github.api-url", github::baseUrl);
        String pem = TestPem.newAppKey();
        registry.add("pitapat.github.private-key", () -> pem);
    }

    @BeforeEach
    void stubGitHub() {
        webhook = new WebhookClient(port, secret);
        GitHubStandIn.servesPullRequest7(github, policy);
    }

    /** Presses a button on pull request #7's {@code deploy/staging} run; returns the reply it got. */
    String press(String identifier, String login) {
        int before = replies().size();
        awaitDone(pressOnly(identifier, login, "deploy/staging"));
        return replyAfter(before);
    }

    /** Delivers the press of the button {@code identifier} on the check run {@code run}; returns the delivery id. */
    String pressOnly(String identifier, String login, String run) {
        byte[] body = Payloads.load("check_run", "requested_action")
                .set("/repository/full_name", "Codertocat/Hello-World")
                .setJson("/installation/id", "1")
                .set("/check_run/name", run)
                .setJson("/check_run/pull_requests", "[{\"number\": 7}]")
                .set("/requested_action/identifier", identifier)
                .set("/sender/login", login)
                .bytes();
        String id = UUID.randomUUID().toString();
        assertThat(webhook.deliver("check_run", id, body).statusCode()).isEqualTo(202);
        return id;
    }

    Optional<String> folderOf(String commit, String path) throws IOException {
        try (var repository = bareRepository();
                var walk = new org.eclipse.jgit.revwalk.RevWalk(repository);
                var tree = org.eclipse.jgit.treewalk.TreeWalk.forPath(
                        repository,
                        path,
                        walk.parseCommit(repository.resolve(commit)).getTree())) {
            return Optional.ofNullable(tree).map(t -> t.getObjectId(0).getName());
        }
    }

    void push() {
        deliverAndAwait("push", Payloads.load("push", "push-to-default-branch").bytes());
    }

    /** Delivers the event and waits until it was handled and every deploy it started has ended. */
    void deliverAndAwait(String event, byte[] body) {
        String id = UUID.randomUUID().toString();
        assertThat(webhook.deliver(event, id, body).statusCode()).isEqualTo(202);
        awaitDone(id);
        awaitDeploysDone();
    }

    String gitOpsHead() throws IOException {
        try (var repository = bareRepository()) {
            return repository.resolve("refs/heads/main").getName();
        }
    }

    String message(String commit) throws IOException {
        try (var repository = bareRepository();
                var walk = new org.eclipse.jgit.revwalk.RevWalk(repository)) {
            return walk.parseCommit(repository.resolve(commit)).getFullMessage();
        }
    }

    /** The object id of {@code apps/hello/canary} at the commit: equal ids mean equal trees. */
    String folderTree(String commit) throws IOException {
        try (var repository = bareRepository();
                var walk = new org.eclipse.jgit.revwalk.RevWalk(repository);
                var tree = org.eclipse.jgit.treewalk.TreeWalk.forPath(
                        repository,
                        "apps/hello/canary",
                        walk.parseCommit(repository.resolve(commit)).getTree())) {
            return tree.getObjectId(0).getName();
        }
    }

    org.eclipse.jgit.lib.Repository bareRepository() throws IOException {
        return new org.eclipse.jgit.storage.file.FileRepositoryBuilder()
                .setGitDir(gitops.resolve("gitops.git").toFile())
                .build();
    }

    void config(String yaml) {
        github.stubFor(get(urlEqualTo(CONFIG)).willReturn(contents(yaml)));
    }

    /** GitHub's answer to a contents request for {@code .github/pitapat.yml} holding this text. */
    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder contents(String yaml) {
        return GitHubStandIn.contents(yaml);
    }

    void permission(String login, String role) {
        github.stubFor(get(urlEqualTo(REPO + "/collaborators/" + login + "/permission"))
                .willReturn(json(200, "collaborator-permission-" + role + ".json")));
    }

    /** Delivers the comment and returns the bot's reply. */
    String comment(String text) {
        return comment(text, "Codertocat");
    }

    String comment(String text, String login) {
        int before = replies().size();
        awaitDone(deliverAs(text, login));
        return replyAfter(before);
    }

    /** Delivers the comment by {@code login} on pull request #7; returns the delivery id. */
    String deliverAs(String text, String login) {
        String id = UUID.randomUUID().toString();
        byte[] body = Payloads.commentOnPullRequest(7, text)
                .set("/comment/user/login", login)
                .bytes();
        assertThat(webhook.deliver("issue_comment", id, body).statusCode()).isEqualTo(202);
        return id;
    }

    /** The bot's replies to comments: every comment it created but the environments' sticky comments. */
    List<LoggedRequest> replies() {
        return github.findAll(postRequestedFor(urlEqualTo(COMMENTS))).stream()
                .filter(r -> !r.getBodyAsString().contains(STICKY))
                .toList();
    }

    /** Every body the environment's sticky comment had, created or edited, oldest first. */
    List<String> stickyBodies(String env) {
        String marker = STICKY + env + " -->";
        return github.getAllServeEvents().reversed().stream()
                .map(e -> e.getRequest())
                .filter(r ->
                        (r.getMethod().getName().equals("POST") && r.getUrl().equals(COMMENTS))
                                || (r.getMethod().getName().equals("PATCH")
                                        && r.getUrl().startsWith(REPO + "/issues/comments/")))
                .map(r -> tools.jackson.databind.json.JsonMapper.builder()
                        .build()
                        .readTree(r.getBodyAsString())
                        .path("body")
                        .asString())
                .filter(body -> body.contains(marker))
                .toList();
    }

    /** The environment's sticky comment as it reads now. */
    String sticky(String env) {
        List<String> bodies = stickyBodies(env);
        assertThat(bodies).as("the sticky comment of " + env).isNotEmpty();
        return bodies.getLast();
    }

    /**
     * Delivers a comment with one deploy, rollback or removal, waits until that deploy has finished, and returns
     * the environment's sticky comment.
     */
    String deployed(String text, String env) {
        return deployed(text, env, "Codertocat");
    }

    String deployed(String text, String env, String login) {
        String id = deliverAs(text, login);
        awaitDone(id);
        awaitFinished(id, 1);
        return sticky(env);
    }

    /** Waits until no deploy is open: every accepted deploy, rollback and removal has ended. */
    void awaitDeploysDone() {
        await().atMost(Duration.ofSeconds(15)).until(() -> records.open().isEmpty());
    }

    /** Waits until the deploy that the comment's command at {@code place} started has finished. */
    void awaitFinished(String deliveryId, int place) {
        dev.pitapat.model.DeploymentId deployment =
                dev.pitapat.model.DeploymentId.derived(deliveryId, Integer.toString(place));
        await().atMost(Duration.ofSeconds(15))
                .until(() -> pipeline.progress(deployment)
                                .filter(dev.pitapat.deploy.Progress::finished)
                                .isPresent()
                        && !records.open().contains(deployment.value())); // and its end reported
    }

    /** The one reply posted since there were {@code before}, with its JSON string escapes undone. */
    String replyAfter(int before) {
        List<LoggedRequest> replies = replies();
        assertThat(replies).hasSize(before + 1);
        return unescaped(replies.getLast().getBodyAsString());
    }

    String deliver(String text) {
        String id = UUID.randomUUID().toString();
        assertThat(webhook.deliver(
                                "issue_comment",
                                id,
                                Payloads.commentOnPullRequest(7, text).bytes())
                        .statusCode())
                .isEqualTo(202);
        return id;
    }

    void awaitDone(String id) {
        await().atMost(Duration.ofSeconds(15))
                .until(() -> queue.record(id).map(r -> r.status()).orElse(null), s -> s == DeliveryStatus.DONE);
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String fixture) {
        return GitHubStandIn.fixture(status, fixture);
    }

    /** A reply's JSON body with its string escapes undone, for reading. */
    static String unescaped(String body) {
        return body.replace("\\n", "\n").replace("\\\"", "\"");
    }

    /** One request GitHub received, named for what it did ({@code check run completed success}, …). */
    record Call(String what, String path, JsonNode body, JsonNode response) {}

    int mark() {
        return github.getAllServeEvents().size();
    }

    List<Call> callsSince(int mark) {
        return github.getAllServeEvents().reversed().stream()
                .skip(mark)
                // as the App itself (its token, its login): not the installation's budget, and asked once a process
                .filter(e -> !e.getRequest().getUrl().equals("/app")
                        && !e.getRequest().getUrl().startsWith("/app/"))
                .map(e -> call(e.getRequest(), e.getResponse().getBodyAsString()))
                .toList();
    }

    private static Call call(LoggedRequest request, String response) {
        String method = request.getMethod().getName();
        String path = request.getUrl();
        JsonNode body = request.getBodyAsString().isBlank()
                ? JSON.createObjectNode()
                : JSON.readTree(request.getBodyAsString());
        JsonNode answer = response == null || response.isBlank() || !response.startsWith("{")
                ? JSON.createObjectNode()
                : JSON.readTree(response);
        String what;
        if (path.endsWith("/reactions")) {
            what = "react " + body.path("content").asString();
        } else if (path.equals(REPO + "/check-runs")) {
            what = "check run " + body.path("status").asString()
                    + (body.has("conclusion") ? " " + body.path("conclusion").asString() : "");
        } else if (path.startsWith(REPO + "/check-runs/")) {
            what = "check run " + body.path("status").asString()
                    + (body.has("conclusion") ? " " + body.path("conclusion").asString() : "");
        } else if (path.equals(REPO + "/deployments")) {
            what = "deployment created";
        } else if (path.matches(".*/deployments/[0-9]+/statuses")) {
            what = "deployment status " + body.path("state").asString();
        } else if (method.equals("POST") && path.equals(COMMENTS)) {
            what = body.path("body").asString().contains(STICKY) ? "sticky comment created" : "reply";
        } else if (method.equals("PATCH") && path.startsWith(REPO + "/issues/comments/")) {
            what = "sticky comment edited";
        } else {
            what = method + " " + path;
        }
        return new Call(what, path, body, answer);
    }

    /** The body of the first call named {@code what}; {@code "… response"} gives GitHub's answer to it. */
    static JsonNode body(List<Call> calls, String what) {
        boolean response = what.endsWith(" response");
        String name = response ? what.substring(0, what.length() - " response".length()) : what;
        Call call = calls.stream()
                .filter(c -> c.what().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " among "
                        + calls.stream().map(Call::what).toList()));
        return response ? call.response() : call.body();
    }
}
