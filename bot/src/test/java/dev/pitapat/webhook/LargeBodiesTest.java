package dev.pitapat.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pitapat.testing.BotJvm;
import dev.pitapat.testing.Payloads;
import dev.pitapat.testing.ShippedFlags;
import dev.pitapat.testing.WebhookClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bodies are read before their signature can be checked: many senders of bodies at GitHub's 25 MiB cap at
 * once, none of them signed, against the bot in its own JVM with the heap it ships with.
 */
class LargeBodiesTest {

    static final String SECRET = "large-bodies";

    /** The flags ./pitapat and the image start the bot with. */
    static final List<String> SHIPPED_HEAP = ShippedFlags.read();

    @TempDir
    Path tmp;

    @Test
    void manySendersOfBodiesAtTheCapLeaveTheBotUpAndTakingWebhooks() throws Exception {
        try (BotJvm bot = startBot()) {
            byte[] atTheCap = new byte[WebhookIntake.MAX_BODY_BYTES];
            Arrays.fill(atTheCap, (byte) ' ');
            HttpClient http = HttpClient.newHttpClient();
            ExecutorService senders = Executors.newFixedThreadPool(12);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                answers.add(senders.submit(() -> {
                    try {
                        return http.send(
                                        HttpRequest.newBuilder(URI.create(
                                                        "http://127.0.0.1:" + bot.port() + "/webhooks/github"))
                                                .header("X-GitHub-Event", "issue_comment")
                                                .header(
                                                        "X-GitHub-Delivery",
                                                        UUID.randomUUID().toString())
                                                .header("X-Hub-Signature-256", "sha256=00")
                                                .POST(HttpRequest.BodyPublishers.ofByteArray(atTheCap))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode();
                    } catch (IOException e) {
                        return 0; // the connection closed under a body that was not read
                    }
                }));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            senders.shutdown();

            assertThat(bot.alive())
                    .as("the bot is up; it said: %s", bot.output())
                    .isTrue();
            assertThat(statuses)
                    .as("refused for its signature, or for want of room")
                    .isSubsetOf(401, 503, 0);
            assertThat(statuses).contains(401);
            String id = UUID.randomUUID().toString();
            assertThat(new WebhookClient(bot.port(), SECRET)
                            .deliver(
                                    "issue_comment",
                                    id,
                                    Payloads.commentOnPullRequest(7, "/deploy staging")
                                            .bytes())
                            .statusCode())
                    .isEqualTo(202);
        }
    }

    @Test
    void signedDeliveriesAtTheCapAreStoredOrRefusedForRoomAndTheBotStaysUp() throws Exception {
        try (BotJvm bot = startBot()) {
            // a comment on a pull request whose body fills the rest of GitHub's cap
            byte[] template =
                    Payloads.commentOnPullRequest(7, "/deploy staging").bytes();
            String json = new String(template, java.nio.charset.StandardCharsets.UTF_8);
            String filler = " ".repeat(WebhookIntake.MAX_BODY_BYTES - template.length - 16);
            byte[] atTheCap = json.replace("\"/deploy staging\"", "\"/deploy staging" + filler + "\"")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(atTheCap.length).isBetween(WebhookIntake.MAX_BODY_BYTES - 64, WebhookIntake.MAX_BODY_BYTES);
            WebhookClient webhook = new WebhookClient(bot.port(), SECRET);
            ExecutorService senders = Executors.newFixedThreadPool(3);
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                answers.add(senders.submit(
                        () -> webhook.deliver("issue_comment", UUID.randomUUID().toString(), atTheCap)));
            }
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get();
                assertThat(response.statusCode())
                        .as("stored, or refused with what to do: %s", response.body())
                        .isIn(202, 503);
                if (response.statusCode() == 503) {
                    assertThat(response.body()).contains("redeliver");
                }
            }
            senders.shutdown();

            assertThat(bot.alive())
                    .as("the bot is up; it said: %s", bot.output())
                    .isTrue();
            // The stored ones fill the in-memory store's budget until the workers have handled them; meanwhile a
            // delivery is refused for room (503, redeliver), then taken.
            byte[] small = Payloads.commentOnPullRequest(7, "/deploy staging").bytes();
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> {
                        HttpResponse<String> response = webhook.deliver(
                                "issue_comment", UUID.randomUUID().toString(), small);
                        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
                    });
            assertThat(bot.alive())
                    .as("the bot is up; it said: %s", bot.output())
                    .isTrue();
        }
    }

    /** The bot in its own JVM on the shipped flags, with the in-memory store and a webhook secret. */
    private BotJvm startBot() throws IOException {
        Map<String, String> settings = Map.of(
                "pitapat.github.webhook-secret",
                SECRET,
                "pitapat.gitops.repo",
                tmp.resolve("gitops.git").toString(),
                "pitapat.gitops.workdir",
                tmp.resolve("work").toString(),
                "pitapat.kube.enabled",
                "false");
        return BotJvm.start(tmp.resolve("bot"), settings, SHIPPED_HEAP);
    }
}
