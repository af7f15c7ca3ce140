package dev.pitapat.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pitapat.testing.Payloads;
import dev.pitapat.testing.RedisServer;
import dev.pitapat.testing.TestPem;
import dev.pitapat.testing.WebhookClient;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real {@code redis-server} that hangs ({@code SIGSTOP}), dies ({@code SIGKILL}) and comes back with or without
 * its data, under a real bot: a webhook is never answered {@code 2xx} unless stored, is answered within
 * {@code pitapat.queue.accept-timeout}, and every accepted or redelivered delivery is handled exactly once; intake
 * recovers by itself.
 */
class RedisFaultsTest {

    static final String SECRET = "faults-secret";
    static final String KEY = TestPem.newAppKey();

    @TempDir
    Path data;

    private final RedisServer redis = RedisServer.start();
    private final Map<String, AtomicInteger> handled = new ConcurrentHashMap<>();
    private final byte[] comment =
            Payloads.commentOnPullRequest(3, "/deploy staging").bytes();

    @AfterEach
    void stopRedis() {
        redis.stop();
    }

    @Test
    void aHungRedisIsAnswered503WithinTheAcceptTimeoutAndTheRedeliveryIsHandledOnce() {
        try (BotProcess bot = bot()) {
            WebhookClient github = new WebhookClient(bot.port(), SECRET);
            assertThat(github.deliver("issue_comment", UUID.randomUUID().toString(), comment)
                            .statusCode())
                    .isEqualTo(202);

            redis.pause();
            String id = UUID.randomUUID().toString();
            long start = System.nanoTime();
            HttpResponse<String> answer = github.deliver("issue_comment", id, comment);
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(answer.statusCode()).isEqualTo(503);
            assertThat(answer.body())
                    .contains("the store did not answer within 500 ms (pitapat.queue.accept-timeout)")
                    .contains("redeliver it")
                    .contains("answers duplicate");
            // 500 ms asked; the Redis client's own timeout (2 s) is what answered before
            assertThat(took).isLessThan(Duration.ofMillis(1900));

            redis.resume(); // Redis now runs what it was sent while hung: the delivery may be stored after all
            HttpResponse<String> redelivered = github.deliver("issue_comment", id, comment);
            assertThat(redelivered.statusCode()).isIn(200, 202);
            await().atMost(Duration.ofSeconds(20)).until(() -> handled.containsKey(id));
            assertThat(github.deliver("issue_comment", id, comment).body()).contains("duplicate");
            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> handled.get(id).get() == 1);
        }
    }

    @ParameterizedTest(name = "Redis comes back with its data: {0}")
    @ValueSource(booleans = {true, false})
    void aRedisThatIsDownIsAnswered503AndIntakeRecoversByItselfWhenItComesBack(boolean keepData) {
        try (BotProcess bot = bot()) {
            WebhookClient github = new WebhookClient(bot.port(), SECRET);
            String before = UUID.randomUUID().toString();
            assertThat(github.deliver("issue_comment", before, comment).statusCode())
                    .isEqualTo(202);
            await().atMost(Duration.ofSeconds(20)).until(() -> handled.containsKey(before));

            redis.kill();
            String whileDown = UUID.randomUUID().toString();
            HttpResponse<String> refused = github.deliver("issue_comment", whileDown, comment);
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.body()).contains("the store could not take it").contains("redeliver it");
            assertThat(storeHealth(github)).isEqualTo("DOWN");

            redis.restart(keepData);
            await().atMost(Duration.ofSeconds(20))
                    .until(() ->
                            github.deliver("issue_comment", whileDown, comment).statusCode() == 202);
            String after = UUID.randomUUID().toString();
            assertThat(github.deliver("issue_comment", after, comment).statusCode())
                    .isEqualTo(202);
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> handled.containsKey(whileDown) && handled.containsKey(after));
            assertThat(storeHealth(github)).isEqualTo("UP");
            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> handled.values().stream().allMatch(count -> count.get() == 1));
            assertThat(handled).containsOnlyKeys(before, whileDown, after);
        }
    }

    private static String storeHealth(WebhookClient bot) {
        return JsonMapper.builder()
                .build()
                .readTree(bot.get("/actuator/health").body())
                .at("/components/store/status")
                .asString();
    }

    private BotProcess bot() {
        Map<String, String> settings = new HashMap<>(Map.of(
                "pitapat.github.app-id",
                "4242",
                "pitapat.github.private-key",
                KEY,
                "spring.data.redis.url",
                redis.url(),
                "pitapat.queue.accept-timeout",
                "500ms",
                "pitapat.queue.claim-timeout",
                "5s",
                "pitapat.github.webhook-secret",
                SECRET,
                "pitapat.gitops.repo",
                data.resolve("gitops.git").toString(),
                "pitapat.gitops.workdir",
                data.resolve("work").toString()));
        return BotProcess.start(settings, new WebhookHandler() {
            @Override
            public String event() {
                return "issue_comment";
            }

            @Override
            public void handle(WebhookEvent event) {
                handled.computeIfAbsent(event.deliveryId(), k -> new AtomicInteger())
                        .incrementAndGet();
            }
        });
    }
}
