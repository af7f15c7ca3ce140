package dev.pitapat.github.local;

import dev.pitapat.github.local.Conversation.CheckRun;
import dev.pitapat.github.local.Conversation.Comment;
import dev.pitapat.model.StandInSecret;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Sends the stand-in's webhooks to the bot's own intake, over HTTP on the loopback interface, signed with the
 * {@link StandInSecret}: the same path a delivery from GitHub takes. Payloads carry the fields GitHub's own
 * carry for these events (a subset, in GitHub's shape).
 */
final class LocalDeliveries {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final LocalStandIn standIn;
    private final StandInSecret secret;

    LocalDeliveries(LocalStandIn standIn, StandInSecret secret) {
        this.standIn = standIn;
        this.secret = secret;
    }

    /** What the intake answered. */
    record Delivered(String delivery, int status, String answer) {}

    /** {@code issue_comment} {@code created} on the pull request. */
    Delivered commented(Comment comment) {
        ObjectNode payload = envelope("created", comment.author());
        ObjectNode issue = payload.putObject("issue");
        pullRequestFields(issue, standIn.github().snapshot().open());
        issue.putObject("pull_request").put("html_url", links().pullRequest().toString());
        ObjectNode node = payload.putObject("comment");
        node.put("id", comment.id());
        node.put("html_url", links().comment(comment.id()).toString());
        node.put("body", comment.body());
        node.set("user", user(comment.author()));
        node.put("created_at", comment.createdAt().toString());
        node.put("updated_at", comment.updatedAt().toString());
        node.put("author_association", "COLLABORATOR");
        return send("issue_comment", payload);
    }

    /** {@code check_run} {@code requested_action}: a button of a completed check run pressed. */
    Delivered pressed(CheckRun run, String identifier, String presser) {
        ObjectNode payload = envelope("requested_action", presser);
        ObjectNode node = payload.putObject("check_run");
        node.put("id", run.id());
        node.put("name", run.name());
        node.put("head_sha", run.headSha());
        node.put("status", run.status());
        node.put("conclusion", run.conclusion());
        node.put("html_url", links().checkRun(run.id()).toString());
        ObjectNode pr = node.putArray("pull_requests").addObject();
        pr.put("number", LocalGitHub.PULL_REQUEST);
        payload.putObject("requested_action").put("identifier", identifier);
        return send("check_run", payload);
    }

    /** {@code pull_request} {@code synchronize} (a push to its branch) or {@code closed}. */
    Delivered pullRequest(String action, String sender, String before) {
        LocalGitHub github = standIn.github();
        ObjectNode payload = envelope(action, sender);
        payload.put("number", LocalGitHub.PULL_REQUEST);
        ObjectNode pr = payload.putObject("pull_request");
        pullRequestFields(pr, github.snapshot().open());
        pr.put("merged", false);
        ObjectNode head = pr.putObject("head");
        head.put("ref", ExampleRepository.PULL_REQUEST_BRANCH);
        head.put("sha", github.repository().headOf(ExampleRepository.PULL_REQUEST_BRANCH));
        head.set("repo", repository());
        ObjectNode base = pr.putObject("base");
        base.put("ref", ExampleRepository.DEFAULT_BRANCH);
        base.put("sha", github.repository().headOf(ExampleRepository.DEFAULT_BRANCH));
        base.set("repo", repository());
        if (action.equals("synchronize")) {
            payload.put("before", before);
            payload.put("after", head.path("sha").asString());
        }
        return send("pull_request", payload);
    }

    private LocalStandIn.LocalLinks links() {
        return standIn.links();
    }

    private ObjectNode envelope(String action, String sender) {
        ObjectNode payload = JSON.createObjectNode();
        payload.put("action", action);
        payload.set("repository", repository());
        payload.set("sender", user(sender));
        ObjectNode installation = payload.putObject("installation");
        installation.put("id", LocalStandIn.INSTALLATION_ID);
        installation.put("node_id", "local-installation");
        return payload;
    }

    private void pullRequestFields(ObjectNode node, boolean open) {
        node.put("number", LocalGitHub.PULL_REQUEST);
        node.put("title", LocalGitHub.PULL_REQUEST_TITLE);
        node.put("state", open ? "open" : "closed");
        node.put("html_url", links().pullRequest().toString());
        node.set("user", user(LocalGitHub.AUTHOR));
    }

    private ObjectNode repository() {
        ObjectNode repo = JSON.createObjectNode();
        repo.put("id", LocalStandIn.REPOSITORY_ID);
        repo.put("name", LocalGitHub.REPO.name());
        repo.put("full_name", LocalGitHub.REPO.toString());
        repo.put("private", false);
        ObjectNode owner = repo.putObject("owner");
        owner.put("login", LocalGitHub.REPO.owner());
        owner.put("type", "Organization");
        repo.put(
                "html_url", links().base().resolve(LocalStandIn.LocalLinks.PAGE).toString());
        repo.put("default_branch", ExampleRepository.DEFAULT_BRANCH);
        return repo;
    }

    private static ObjectNode user(String login) {
        ObjectNode user = JSON.createObjectNode();
        user.put("login", login);
        user.put("type", login.endsWith("[bot]") ? "Bot" : "User");
        return user;
    }

    private Delivered send(String event, ObjectNode payload) {
        byte[] body = JSON.writeValueAsBytes(payload);
        String delivery = UUID.randomUUID().toString();
        HttpRequest request = HttpRequest.newBuilder(standIn.intake())
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .header("User-Agent", "GitHub-Hookshot/pitapat-local")
                .header("X-GitHub-Event", event)
                .header("X-GitHub-Delivery", delivery)
                .header("X-GitHub-Hook-Installation-Target-Type", "integration")
                .header("X-Hub-Signature-256", secret.sign(body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<String> response = Http.CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Delivered(delivery, response.statusCode(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(
                    "delivering " + event + " to " + standIn.intake() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while delivering " + event, e);
        }
    }

    /**
     * Made at the first delivery, not at start: a JDK HTTP client initialises the JVM's default TLS context (the
     * trust store read and parsed) even for plain HTTP, about 3% of a start's main thread.
     */
    private static final class Http {
        static final HttpClient CLIENT =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }
}
