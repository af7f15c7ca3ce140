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
import dev.pitapat.testing.TestPem;
import dev.pitapat.testing.WebhookClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    static final Path ROOT =
            Path.of(System.getProperty("pitapat.root", "..")).toAbsolutePath().normalize();
    static final String SECRET = "readme-secret";
    static final String REPO = "/repos/Codertocat/Hello-World";
    static final String COMMENTS = REPO + "/issues/7/comments";
    static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");

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
        if (bot != null && bot.isAlive()) {
            bot.destroy();
            if (!bot.waitFor(30, TimeUnit.SECONDS)) {
                bot.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void theReadmeStartCommandCommitsADeployToItsDefaultRepositoryFromAFreshDirectory() throws Exception {
        stubGitHub();
        Path log = logs.resolve("bot.log");
        bot = start(log);
        int port = awaitPort(log);
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

    /** The README's start command (what follows {@code package &&}), run from the fresh working directory. */
    private Process start(Path log) throws IOException {
        List<String> command = new ArrayList<>();
        Map<String, String> environment = new java.util.HashMap<>();
        for (String token : readmeStartCommand().split("\\s+")) {
            if (command.isEmpty() && token.matches("[A-Z_][A-Z0-9_]*=.*")) {
                environment.put(token.substring(0, token.indexOf('=')), token.substring(token.indexOf('=') + 1));
            } else {
                // files named relative to the repository root (./pitapat): this runs from another directory
                Path file = ROOT.resolve(token);
                command.add(!token.startsWith("-") && Files.exists(file) ? file.toString() : token);
            }
        }
        command.add("--server.port=0");
        command.add("--pitapat.github.app-id=4242");
        command.add("--pitapat.github.webhook-secret=" + SECRET);
        command.add("--pitapat.github.api-url=http://127.0.0.1:" + github.getPort());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // nothing of this JVM's configuration may reach the bot: no GitOps or other setting but the App's
        builder.environment()
                .keySet()
                .removeIf(name -> name.startsWith("PITAPAT_")
                        || name.startsWith("SPRING_")
                        || name.startsWith("SERVER_")
                        || name.equals("JAVA_TOOL_OPTIONS")
                        || name.equals("JDK_JAVA_OPTIONS"));
        builder.environment().putAll(environment);
        builder.environment().put("PITAPAT_GITHUB_PRIVATE_KEY", TestPem.newAppKey());
        return builder.start();
    }

    static String readmeStartCommand() throws IOException {
        Matcher matcher = Pattern.compile("(?m)^\\./mvnw -B -q -DskipTests package && (.+)$")
                .matcher(Files.readString(ROOT.resolve("README.md")));
        assertThat(matcher.find())
                .as("the README's start command in " + ROOT.resolve("README.md"))
                .isTrue();
        return matcher.group(1).trim();
    }

    private int awaitPort(Path log) throws IOException {
        try {
            return await("the bot's start-up")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(200))
                    .failFast("the bot exited", () -> !bot.isAlive())
                    .until(() -> portIn(log), Optional::isPresent)
                    .orElseThrow();
        } catch (org.awaitility.core.ConditionTimeoutException | org.awaitility.core.TerminalFailureException e) {
            throw new AssertionError(e.getMessage() + "; its output:\n" + Files.readString(log), e);
        }
    }

    private static Optional<Integer> portIn(Path log) throws IOException {
        Matcher matcher = STARTED.matcher(Files.exists(log) ? Files.readString(log) : "");
        return matcher.find() ? Optional.of(Integer.parseInt(matcher.group(1))) : Optional.empty();
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
