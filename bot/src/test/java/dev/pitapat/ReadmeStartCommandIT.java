package dev.pitapat;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.pitapat.testing.GitHubStandIn.contents;
import static dev.pitapat.testing.GitHubStandIn.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.pitapat.testing.GitHubStandIn;
import dev.pitapat.testing.Payloads;
import dev.pitapat.testing.ReadmeCommands;
import dev.pitapat.testing.TestPem;
import dev.pitapat.testing.WebhookClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's start command, run as a process from the packaged jar in a fresh working directory with no
 * GitOps setting at all (only the GitHub App, pointed at WireMock): a signed {@code /deploy staging} comment
 * ends in a commit to the default local repository {@code ./data/gitops.git}, and {@code GET /api/apps}
 * answers. The command is read from the README, so the test starts the bot the way the README says (through
 * {@code ./pitapat}, which picks a JDK 21+ as it does for people; the environment is inherited, less any
 * pitapat, Spring or server setting).
 */
class ReadmeStartCommandIT {

    static final String SECRET = "readme-secret";
    static final String REPO = "/repos/Codertocat/Hello-World";
    static final String COMMENTS = REPO + "/issues/7/comments";

    @RegisterExtension
    static WireMockExtension github = WireMockExtension.newInstance()
            .options(WireMockConfiguration.wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    @TempDir
    Path workingDirectory;

    @TempDir
    Path logs;

    Process bot;

    @AfterEach
    void stopBot() throws InterruptedException {
        ReadmeCommands.stop(bot);
    }

    @Test
    void theReadmeStartCommandCommitsADeployToItsDefaultRepositoryFromAFreshDirectory() throws Exception {
        stubGitHub();
        Path log = logs.resolve("bot.log");
        bot = ReadmeCommands.start(
                ReadmeCommands.startCommand(),
                List.of(
                        "--server.port=0",
                        "--pitapat.github.app-id=4242",
                        "--pitapat.github.webhook-secret=" + SECRET,
                        "--pitapat.github.api-url=http://127.0.0.1:" + github.getPort()),
                Map.of("PITAPAT_GITHUB_PRIVATE_KEY", TestPem.newAppKey()),
                workingDirectory,
                log);
        int port = ReadmeCommands.awaitPort(bot, log);
        WebhookClient webhook = new WebhookClient(port, SECRET);

        byte[] comment = Payloads.commentOnPullRequest(7, "/deploy staging").bytes();
        assertThat(webhook.deliver("issue_comment", UUID.randomUUID().toString(), comment)
                        .statusCode())
                .isEqualTo(202);

        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> github.verify(patchRequestedFor(urlEqualTo(REPO + "/issues/comments/1800000003"))
                        .withRequestBody(containing("deployed `6dcb09b` to `staging`")))); // the sticky comment
        Path bare = workingDirectory.resolve("data/gitops.git");
        assertThat(bare.resolve("HEAD")).as("a bare repository at %s", bare).isRegularFile();
        try (Repository repository =
                        new FileRepositoryBuilder().setGitDir(bare.toFile()).build();
                RevWalk walk = new RevWalk(repository)) {
            RevCommit head = walk.parseCommit(repository.resolve(Constants.R_HEADS + "main"));
            assertThat(head.getFullMessage()).contains("Pitapat-Action: deploy");
            try (TreeWalk folder = TreeWalk.forPath(repository, "apps/hello/staging/rollout.yaml", head.getTree())) {
                assertThat(folder)
                        .as("apps/hello/staging/ in the GitOps commit")
                        .isNotNull();
            }
        }
        var apps = webhook.get("/api/apps");
        assertThat(apps.statusCode()).as(apps.body()).isEqualTo(200);
        assertThat(apps.body()).contains("\"hello\"", "\"staging\"");
        assertThat(Files.readString(log)).contains("GitOps repository " + bare.toRealPath());
    }

    private static void stubGitHub() {
        github.stubFor(post(urlEqualTo("/app/installations/1/access_tokens"))
                .willReturn(fixture(201, "installation-token.json")));
        github.stubFor(get(urlEqualTo(REPO + "/collaborators/Codertocat/permission"))
                .willReturn(fixture(200, "collaborator-permission-write.json")));
        github.stubFor(get(urlEqualTo(REPO + "/pulls/7")).willReturn(fixture(200, "pull-request.json")));
        github.stubFor(get(urlPathEqualTo(REPO + "/contents/.github/pitapat.yml"))
                .willReturn(contents("app: hello\nenvironments:\n  staging: {}\n")));
        github.stubFor(post(urlEqualTo(COMMENTS)).willReturn(fixture(201, "issue-comment-created.json")));
        github.stubFor(post(urlEqualTo(REPO + "/issues/comments/492700400/reactions"))
                .willReturn(fixture(201, "reaction-created.json")));
        GitHubStandIn.takesReports(github, REPO, 7);
    }
}
