package dev.pitapat;

import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.pitapat.testing.BotJvm;
import dev.pitapat.testing.GitHttpServer;
import dev.pitapat.testing.GitHubStandIn;
import dev.pitapat.testing.Payloads;
import dev.pitapat.testing.TestPem;
import dev.pitapat.testing.WebhookClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bot in its own JVM, asked to stop ({@code SIGTERM}) while a deploy is in flight: it stops taking webhooks,
 * lets the deploy finish and report within {@code pitapat.shutdown-grace}, says so in its log and exits.
 */
class GracefulStopTest {

    static final String SECRET = "graceful-secret";
    static final String POLICY = GitHubStandIn.HELLO_IN_STAGING;

    @RegisterExtension
    static WireMockExtension github = GitHubStandIn.server();

    @TempDir
    Path tmp;

    @Test
    void aDeployInFlightWhenTheBotIsAskedToStopCommitsAndReportsBeforeItExits() throws Exception {
        GitHubStandIn.servesPullRequest7(github, POLICY);
        try (GitHttpServer gitops = GitHttpServer.start(tmp.resolve("git"), "t0ken");
                BotJvm bot = BotJvm.start(tmp.resolve("bot"), settings(gitops))) {
            GitHttpServer.PushHold held = gitops.holdNextPush();
            String id = UUID.randomUUID().toString();
            byte[] comment = Payloads.commentOnPullRequest(7, "/deploy staging").bytes();
            assertThat(new WebhookClient(bot.port(), SECRET)
                            .deliver("issue_comment", id, comment)
                            .statusCode())
                    .isEqualTo(202);
            held.awaitArrival(); // the deploy is pushing its commit

            bot.terminate();
            await().atMost(Duration.ofSeconds(10)).until(() -> bot.output().contains("graceful shutdown"));
            held.release();
            bot.awaitExit(Duration.ofSeconds(30));

            try (Repository served = gitops.open()) {
                assertThat(served.resolve("refs/heads/main"))
                        .as("the deploy's commit")
                        .isNotNull();
            }
            assertThat(github.findAll(patchRequestedFor(urlPathMatching(".*/check-runs/[0-9]+"))))
                    .as("the deploy/staging check run completed; the bot said:%n%s", bot.output())
                    .anySatisfy(patch -> assertThat(patch.getBodyAsString())
                            .contains("\"status\":\"completed\"", "Committed to staging"));
            assertThat(bot.output())
                    .contains("Deploy runner stopped: every deploy in flight finished")
                    .contains("Delivery workers stopped: every delivery in flight finished");
        }
    }

    private Map<String, String> settings(GitHttpServer gitops) {
        Map<String, String> settings = GitHubStandIn.appSettings(github, TestPem.newAppKey(), SECRET);
        settings.putAll(Map.of(
                "pitapat.gitops.repo",
                gitops.url(),
                "pitapat.gitops.token",
                "t0ken",
                "pitapat.gitops.workdir",
                tmp.resolve("work").toString(),
                "pitapat.kube.enabled",
                "false"));
        return settings;
    }
}
