package dev.pitapat.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.testing.Payloads;
import dev.pitapat.testing.RedisServer;
import dev.pitapat.testing.WebhookClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Intake refuses with 503 what it cannot keep: no secret to check against, or no store to write to. */
class IntakeWithoutStoreTest {

    @TempDir
    Path data;

    @Test
    void answers503WhenNoWebhookSecretIsConfigured() {
        try (BotProcess bot = BotProcess.start(
                Map.of("pitapat.gitops.repo", data.resolve("gitops.git").toString()), null)) {
            HttpResponse<String> answer = new WebhookClient(bot.port(), "anything")
                    .deliver(
                            "issue_comment",
                            Payloads.commentOnPullRequest(1, "/help").bytes());

            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.body()).contains("set pitapat.github.webhook-secret");
        }
    }

    @Test
    void answers503AndNever2xxWhenRedisIsDown() throws Exception {
        int nothingListens = RedisServer.freePort();
        try (BotProcess bot = BotProcess.start(
                Map.of(
                        "spring.data.redis.url",
                        "redis://127.0.0.1:" + nothingListens,
                        "pitapat.github.webhook-secret",
                        "s3cret",
                        "pitapat.gitops.repo",
                        data.resolve("gitops.git").toString()),
                null)) {
            WebhookClient github = new WebhookClient(bot.port(), "s3cret");

            HttpResponse<String> answer = github.deliver(
                    "issue_comment", Payloads.commentOnPullRequest(1, "/help").bytes());

            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.body()).contains("the store could not take it").contains("redeliver");
            HttpResponse<String> health = github.get("/actuator/health");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(health.body()).contains("\"store\":{").contains("\"status\":\"DOWN\"");
        }
    }
}
