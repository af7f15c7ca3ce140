package dev.pitapat.github.local;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.pitapat.model.StandInSecret;
import dev.pitapat.testing.OctokitExamples;
import dev.pitapat.testing.WebhookClient;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stand-in's webhooks have GitHub's shape: every field they carry is where GitHub's own example payloads
 * ({@code @octokit/webhooks-examples}) carry it, with GitHub's headers and a signature the intake checks.
 */
class LocalDeliveriesTest {

    @RegisterExtension
    static WireMockExtension intake = WireMockExtension.newInstance()
            .options(WireMockConfiguration.wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    @TempDir
    Path folder;

    final StandInSecret secret = StandInSecret.random();
    LocalStandIn standIn;
    LocalDeliveries deliveries;

    @BeforeEach
    void standIn() {
        intake.stubFor(
                post(urlEqualTo("/webhooks/github")).willReturn(aResponse().withStatus(202)));
        standIn = new LocalStandIn(folder, Clock.systemUTC(), Optional.empty());
        standIn.serverStarted(intake.getPort());
        deliveries = new LocalDeliveries(standIn, secret);
    }

    @AfterEach
    void close() {
        standIn.close();
    }

    @Test
    void aCommentIsAnIssueCommentCreatedAsGitHubSendsIt() throws Exception {
        var comment = standIn.github().comment("alice", "/deploy staging");

        assertThat(deliveries.commented(comment).status()).isEqualTo(202);

        JsonNode sent = lastDelivery("issue_comment");
        assertThat(sent.path("comment").path("body").asString()).isEqualTo("/deploy staging");
        assertThat(sent.path("issue").has("pull_request")).isTrue();
        assertThat(sent.path("repository").path("full_name").asString()).isEqualTo("example/hello");
        // GitHub's examples comment on an issue only; on a pull request GitHub adds issue.pull_request (its url,
        // html_url, diff_url, patch_url), as the tests' Payloads.commentOnPullRequest does to the example
        assertShapedLike(sent, "issue_comment", "created", Set.of("issue.pull_request", "issue.pull_request.html_url"));
    }

    @Test
    void aButtonIsACheckRunRequestedActionAsGitHubSendsIt() throws Exception {
        var run = standIn.github()
                .createCheckRun(new Conversation.CheckRun(
                        0,
                        "deploy/staging",
                        "a".repeat(40),
                        "completed",
                        "neutral",
                        "t",
                        "s",
                        null,
                        null,
                        List.of(new Conversation.Button("Rollback", "Restore the previous", "rollback")),
                        java.time.Instant.EPOCH,
                        java.time.Instant.EPOCH));

        deliveries.pressed(run, "rollback", "alice");

        JsonNode sent = lastDelivery("check_run");
        assertThat(sent.path("requested_action").path("identifier").asString()).isEqualTo("rollback");
        assertThat(sent.path("check_run")
                        .path("pull_requests")
                        .get(0)
                        .path("number")
                        .asInt())
                .isEqualTo(1);
        assertShapedLike(sent, "check_run", "requested_action");
    }

    @Test
    void aPushIsAPullRequestSynchronizeAsGitHubSendsIt() throws Exception {
        String before = standIn.github().repository().headOf(ExampleRepository.PULL_REQUEST_BRANCH);
        String after = standIn.github().push();

        deliveries.pullRequest("synchronize", "bob", before);

        JsonNode sent = lastDelivery("pull_request");
        assertThat(sent.path("before").asString()).isEqualTo(before);
        assertThat(sent.path("after").asString()).isEqualTo(after);
        assertThat(sent.path("pull_request").path("head").path("sha").asString())
                .isEqualTo(after);
        assertShapedLike(sent, "pull_request", "synchronize");
    }

    private JsonNode lastDelivery(String event) throws Exception {
        List<LoggedRequest> requests = intake.findAll(
                com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo("/webhooks/github")));
        LoggedRequest request = requests.get(requests.size() - 1);
        assertThat(request.getHeader("X-GitHub-Event")).isEqualTo(event);
        assertThat(request.getHeader("X-GitHub-Delivery")).matches("[0-9a-f-]{36}");
        assertThat(request.getHeader("Content-Type")).isEqualTo("application/json");
        assertThat(request.getHeader("X-Hub-Signature-256"))
                .isEqualTo(WebhookClient.sign(secretValue(), request.getBody()));
        return JsonMapper.builder().build().readTree(request.getBody());
    }

    private String secretValue() {
        return secret.value();
    }

    private static void assertShapedLike(JsonNode sent, String event, String action) {
        assertShapedLike(sent, event, action, Set.of());
    }

    private static void assertShapedLike(JsonNode sent, String event, String action, Set<String> alsoGitHubs) {
        List<JsonNode> examples = OctokitExamples.of(event, action);
        assertThat(examples).as("GitHub's examples of %s %s", event, action).isNotEmpty();
        Set<String> known = new java.util.TreeSet<>();
        examples.forEach(example -> known.addAll(OctokitExamples.paths(example)));
        known.addAll(alsoGitHubs);
        assertThat(OctokitExamples.paths(sent))
                .as("fields of the stand-in's %s %s that GitHub's examples do not have", event, action)
                .isSubsetOf(known);
    }
}
