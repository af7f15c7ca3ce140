package dev.pitapat.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doNothing;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import dev.pitapat.github.GitHubGateway;
import dev.pitapat.store.DeliveryQueue;
import dev.pitapat.store.DeliveryRecord;
import dev.pitapat.store.DeliveryStatus;
import dev.pitapat.testing.Payloads;
import dev.pitapat.testing.WebhookClient;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "pitapat.github.webhook-secret=" + WebhookIntakeTest.OLD_SECRET + "," + WebhookIntakeTest.SECRET,
            "pitapat.queue.max-attempts=3",
            "pitapat.queue.backoff=20ms",
            "pitapat.gitops.repo=${java.io.tmpdir}/pitapat-intake-test/gitops.git",
            "pitapat.gitops.workdir=${java.io.tmpdir}/pitapat-intake-test/work",
            "pitapat.local-github.dir=${java.io.tmpdir}/pitapat-intake-test/local-github"
        })
class WebhookIntakeTest {

    static final String SECRET = "It's a Secret to Everybody";
    static final String OLD_SECRET = "the-secret-being-rotated-out";

    @LocalServerPort
    int port;

    @Autowired
    DeliveryQueue queue;

    @MockitoSpyBean
    EventHandlers.IssueCommentHandler comments;

    /** No App is configured here: by default it is made to act on every repository, as an App would. */
    @MockitoSpyBean
    GitHubGateway gateway;

    WebhookClient github;
    final byte[] deployComment =
            Payloads.commentOnPullRequest(7, "/deploy staging").bytes();

    @BeforeEach
    void client() {
        github = new WebhookClient(port, SECRET);
        doReturn(true).when(gateway).actsOn(any());
        doNothing().when(comments).handle(any());
    }

    @Test
    void queuesASignedDeliveryAnswers202AndHandlesItOffTheRequestThread() {
        String id = UUID.randomUUID().toString();

        HttpResponse<String> answer = github.deliver("issue_comment", id, deployComment);

        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(answer.body()).isEqualTo("{\"delivery\":\"" + id + "\",\"status\":\"queued\"}");
        awaitStatus(id, DeliveryStatus.DONE);
        verify(comments).handle(argThat(event -> event.deliveryId().equals(id)));
        assertThat(queue.record(id)).hasValueSatisfying(r -> {
            assertThat(r.event()).isEqualTo("issue_comment");
            assertThat(r.action()).isEqualTo("created");
            assertThat(r.repo()).isEqualTo("Codertocat/Hello-World");
        });
    }

    @Test
    void aReplayedDeliveryIdAnswersDuplicateAndIsHandledOnce() {
        String id = UUID.randomUUID().toString();
        AtomicInteger handled = new AtomicInteger();
        doAnswer(call -> {
                    if (((WebhookEvent) call.getArgument(0)).deliveryId().equals(id)) {
                        handled.incrementAndGet();
                    }
                    return null;
                })
                .when(comments)
                .handle(any());

        assertThat(github.deliver("issue_comment", id, deployComment).statusCode())
                .isEqualTo(202);
        HttpResponse<String> replay = github.deliver("issue_comment", id, deployComment);

        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(replay.body()).isEqualTo("{\"delivery\":\"" + id + "\",\"status\":\"duplicate\"}");
        awaitStatus(id, DeliveryStatus.DONE);
        assertThat(github.deliver("issue_comment", id, deployComment).statusCode())
                .isEqualTo(200);
        assertThat(handled).hasValue(1);
    }

    @Test
    void acceptsTheSecretBeingRotatedOut() {
        WebhookClient signedWithOld = new WebhookClient(port, OLD_SECRET);

        assertThat(signedWithOld.deliver("issue_comment", deployComment).statusCode())
                .isEqualTo(202);
    }

    @Test
    void refusesAMissingSignatureWith401AndQueuesNothing() {
        long before = queue.recent(1000).size();

        HttpResponse<String> answer =
                github.send(request("issue_comment", UUID.randomUUID().toString())
                        .POST(HttpRequest.BodyPublishers.ofByteArray(deployComment))
                        .build());

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.body()).contains("missing X-Hub-Signature-256");
        assertThat(queue.recent(1000)).hasSize((int) before);
    }

    @Test
    void refusesASignatureUnderAnotherSecretWith401() {
        String id = UUID.randomUUID().toString();

        HttpResponse<String> answer =
                new WebhookClient(port, "not-the-secret").deliver("issue_comment", id, deployComment);

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.body()).contains("does not match");
        assertThat(queue.record(id)).isEmpty();
    }

    @Test
    void refusesABodyChangedAfterSigningWith401() {
        String id = UUID.randomUUID().toString();
        byte[] tampered = Payloads.commentOnPullRequest(7, "/deploy production").bytes();

        HttpResponse<String> answer = github.send(request("issue_comment", id)
                .header("X-Hub-Signature-256", WebhookClient.sign(SECRET, deployComment))
                .POST(HttpRequest.BodyPublishers.ofByteArray(tampered))
                .build());

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(queue.record(id)).isEmpty();
    }

    @Test
    void refusesMissingEventOrDeliveryHeadersWith400() {
        HttpResponse<String> noEvent = github.send(HttpRequest.newBuilder(github.uri("/webhooks/github"))
                .header("X-GitHub-Delivery", UUID.randomUUID().toString())
                .header("X-Hub-Signature-256", WebhookClient.sign(SECRET, deployComment))
                .POST(HttpRequest.BodyPublishers.ofByteArray(deployComment))
                .build());
        HttpResponse<String> noDelivery = github.send(HttpRequest.newBuilder(github.uri("/webhooks/github"))
                .header("X-GitHub-Event", "issue_comment")
                .header("X-Hub-Signature-256", WebhookClient.sign(SECRET, deployComment))
                .POST(HttpRequest.BodyPublishers.ofByteArray(deployComment))
                .build());

        assertThat(noEvent.statusCode()).isEqualTo(400);
        assertThat(noEvent.body()).contains("X-GitHub-Event");
        assertThat(noDelivery.statusCode()).isEqualTo(400);
        assertThat(noDelivery.body()).contains("X-GitHub-Delivery");
    }

    @Test
    void refusesSignedMalformedJsonWith400() {
        for (String body : new String[] {"{\"action\": \"created\"", "[1,2]", "{} {}", "not json", ""}) {
            String id = UUID.randomUUID().toString();

            HttpResponse<String> answer = github.deliver("issue_comment", id, body.getBytes(StandardCharsets.UTF_8));

            assertThat(answer.statusCode()).as(body).isEqualTo(400);
            assertThat(answer.body()).as(body).contains("malformed JSON payload");
            assertThat(queue.record(id)).isEmpty();
        }
    }

    @Test
    void refusesADeclaredBodyOver25MiBWith413BeforeReadingIt() throws Exception {
        String reply = rawRequest("Content-Length: " + (25 * 1024 * 1024 + 1) + "\r\n", new byte[0]);

        assertThat(reply).startsWith("HTTP/1.1 413");
    }

    @Test
    void refusesAChunkedBodyOnceItPasses25MiBWhileReadingIt() throws Exception {
        byte[] chunk = new byte[1024 * 1024];
        java.util.Arrays.fill(chunk, (byte) ' ');
        String reply;
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /webhooks/github HTTP/1.1\r\nHost: 127.0.0.1\r\nX-GitHub-Event: push\r\n"
                            + "X-GitHub-Delivery: " + UUID.randomUUID() + "\r\n"
                            + "X-Hub-Signature-256: sha256=" + "0".repeat(64) + "\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            int sent = 0;
            try {
                for (; sent < 64; sent++) { // up to 64 MiB; the bot must stop reading after 25
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } catch (java.io.IOException closedByServer) {
                // the bot answered and closed the connection while we were still sending
            }
            reply = readReply(socket.getInputStream());
        }

        assertThat(reply).startsWith("HTTP/1.1 413");
    }

    @Test
    void aValidDeliveryLargerThanTheInMemoryBoundIsAcceptedWhenNothingElseWaits() {
        String id = UUID.randomUUID().toString();
        byte[] twentyMiB = Payloads.load("push", "push-to-default-branch")
                .set("/head_commit/message", "x".repeat(20 * 1024 * 1024))
                .bytes();

        HttpResponse<String> answer = github.deliver("push", id, twentyMiB);

        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(answer.body()).contains("\"status\":\"queued\"");
        // handled (whatever its handler made of it), so it no longer takes the queue's room from other tests
        await().atMost(Duration.ofSeconds(30))
                .until(() -> queue.record(id)
                        .map(r -> r.status() != DeliveryStatus.QUEUED && r.status() != DeliveryStatus.RETRYING)
                        .orElse(false));
    }

    @Test
    void acceptsOtherEventsAsIgnoredWithoutQueuingThem() {
        String star = UUID.randomUUID().toString();
        String ping = UUID.randomUUID().toString();

        HttpResponse<String> starAnswer =
                github.deliver("star", star, Payloads.load("star", "created").bytes());
        HttpResponse<String> pingAnswer =
                github.deliver("ping", ping, Payloads.load("ping", "hook").bytes());

        assertThat(starAnswer.statusCode()).isEqualTo(202);
        assertThat(starAnswer.body()).isEqualTo("{\"delivery\":\"" + star + "\",\"status\":\"ignored\"}");
        assertThat(pingAnswer.statusCode()).isEqualTo(202);
        assertThat(pingAnswer.body()).contains("\"status\":\"ignored\"");
        assertThat(queue.record(star)).isEmpty();
        assertThat(queue.record(ping)).isEmpty();
    }

    @Test
    void withoutAnAppForTheRepositoryAHandledEventIsSetAsideUnactionableNotDone() {
        doReturn(false).when(gateway).actsOn(any());
        String[][] needGitHub = {
            {"pull_request", "closed"},
            {"push", "push-to-default-branch"},
            {"check_run", "requested_action"},
            {"issue_comment", "created"}
        };
        java.util.Set<String> setAside = new java.util.HashSet<>();
        for (String[] e : needGitHub) {
            String id = UUID.randomUUID().toString();
            setAside.add(id);
            assertThat(github.deliver(e[0], id, Payloads.load(e[0], e[1]).bytes())
                            .statusCode())
                    .isEqualTo(202);
            DeliveryRecord record = awaitStatus(id, DeliveryStatus.UNACTIONABLE);
            assertThat(record.attempts()).isZero();
            assertThat(record.lastError())
                    .hasValueSatisfying(reason -> assertThat(reason)
                            .contains("no GitHub App is configured")
                            .contains(record.repo())
                            .contains("pitapat.github.app-id"));
        }
        verify(comments, never()).handle(argThat(event -> setAside.contains(event.deliveryId())));
        String installation = UUID.randomUUID().toString();
        github.deliver(
                "installation",
                installation,
                Payloads.load("installation", "created").bytes());
        awaitStatus(installation, DeliveryStatus.DONE);
        assertThat(github.get("/api/deliveries").body()).contains("\"status\":\"unactionable\"");
    }

    @Test
    void routesEachHandledEventToItsHandler() {
        String[][] events = {
            {"pull_request", "opened"},
            {"pull_request", "closed"},
            {"push", "push-to-default-branch"},
            {"check_run", "requested_action"},
            {"installation", "created"},
            {"installation_repositories", "added"},
            {"issue_comment", "edited"}
        };
        for (String[] e : events) {
            String id = UUID.randomUUID().toString();
            assertThat(github.deliver(e[0], id, Payloads.load(e[0], e[1]).bytes())
                            .statusCode())
                    .isEqualTo(202);
            awaitStatus(id, DeliveryStatus.DONE);
        }
    }

    @Test
    void aHandlerWhoseStackOverflowsFailsItsAttemptsAndIsRecordedAsFailedRatherThanClaimedForEver() {
        String id = UUID.randomUUID().toString();
        doThrow(new StackOverflowError())
                .when(comments)
                .handle(argThat(event -> event.deliveryId().equals(id)));

        github.deliver("issue_comment", id, deployComment);

        DeliveryRecord failed = awaitStatus(id, DeliveryStatus.FAILED);
        assertThat(failed.attempts()).isEqualTo(3);
        assertThat(failed.lastError())
                .hasValueSatisfying(error -> assertThat(error).startsWith("StackOverflowError"));
    }

    @Test
    void aHandlerThatKeepsFailingIsRetriedThenRecordedAsFailedWithoutSecrets() {
        String id = UUID.randomUUID().toString();
        doThrow(new IllegalStateException(
                        "GitHub said no to token ghs_16C7e42F292c6912E7710c838347Ae178B4a with secret " + SECRET))
                .when(comments)
                .handle(any());

        github.deliver("issue_comment", id, deployComment);

        DeliveryRecord failed = awaitStatus(id, DeliveryStatus.FAILED);
        // only this delivery's calls: another test's delivery may still be on its way through the workers
        verify(comments, times(3)).handle(argThat(event -> event.deliveryId().equals(id)));
        assertThat(failed.attempts()).isEqualTo(3);
        assertThat(failed.lastError())
                .hasValueSatisfying(error -> assertThat(error)
                        .contains("IllegalStateException: GitHub said no")
                        .doesNotContain("ghs_16C7e42F292c6912E7710c838347Ae178B4a")
                        .doesNotContain(SECRET));
        HttpResponse<String> api = github.get("/api/deliveries");
        assertThat(api.statusCode()).isEqualTo(200);
        assertThat(api.body())
                .contains("\"id\":\"" + id + "\"")
                .contains("\"status\":\"failed\"")
                .contains("\"attempts\":3")
                .doesNotContain(SECRET);
    }

    @Test
    void aHandlerThatFailsOnceIsRetriedAndSucceeds() {
        String id = UUID.randomUUID().toString();
        AtomicInteger calls = new AtomicInteger();
        doAnswer(call -> {
                    if (calls.incrementAndGet() == 1) {
                        throw new IllegalStateException("GitHub answered 502");
                    }
                    return null;
                })
                .when(comments)
                .handle(any());

        github.deliver("issue_comment", id, deployComment);

        DeliveryRecord done = awaitStatus(id, DeliveryStatus.DONE);
        assertThat(done.attempts()).isEqualTo(1);
        assertThat(done.lastError()).hasValueSatisfying(e -> assertThat(e).contains("502"));
    }

    @Test
    void exportsDeliveryMetrics() {
        github.deliver("issue_comment", deployComment);
        github.deliver("star", Payloads.load("star", "created").bytes());

        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () -> assertThat(github.get("/actuator/prometheus").body())
                                .contains("pitapat_deliveries_total{event=\"issue_comment\",outcome=\"queued\"}")
                                .contains("pitapat_deliveries_total{event=\"issue_comment\",outcome=\"processed\"}")
                                .contains("pitapat_deliveries_total{event=\"star\",outcome=\"ignored\"}")
                                .contains("pitapat_queue_depth")
                                .contains("pitapat_handler_duration_seconds_count{event=\"issue_comment\"}"));
    }

    @Test
    void healthShowsTheStoreAndTheGitOpsRepository() {
        HttpResponse<String> health = github.get("/actuator/health");

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body())
                .contains("\"status\":\"UP\"")
                .contains("\"store\":{")
                .contains("\"type\":\"in-memory\"")
                .contains("\"gitops\":{")
                .contains("\"kubernetes\":{\"details\":{\"cluster\":\"none configured")
                .contains(
                        "\"kubernetes\":{\"details\":{\"cluster\":\"none configured: rollout status is unknown, deploys still commit\"},\"status\":\"UNKNOWN\"}");
    }

    private DeliveryRecord awaitStatus(String id, DeliveryStatus status) {
        return await().atMost(Duration.ofSeconds(15))
                .until(() -> queue.record(id).filter(r -> r.status() == status).orElse(null), r -> r != null);
    }

    private HttpRequest.Builder request(String event, String id) {
        return HttpRequest.newBuilder(github.uri("/webhooks/github"))
                .header("X-GitHub-Event", event)
                .header("X-GitHub-Delivery", id);
    }

    private String rawRequest(String extraHeaders, byte[] body) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = socket.getOutputStream();
            out.write(("POST /webhooks/github HTTP/1.1\r\nHost: 127.0.0.1\r\nX-GitHub-Event: push\r\n"
                            + "X-GitHub-Delivery: " + UUID.randomUUID() + "\r\n"
                            + "X-Hub-Signature-256: sha256=" + "0".repeat(64) + "\r\n" + extraHeaders + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return readReply(socket.getInputStream());
        }
    }

    private static String readReply(InputStream in) throws java.io.IOException {
        byte[] head = new byte[512];
        int n = in.readNBytes(head, 0, 12);
        return new String(head, 0, n, StandardCharsets.US_ASCII);
    }
}
