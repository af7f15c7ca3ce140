package dev.pitapat;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.pitapat.gitops.Action;
import dev.pitapat.gitops.Change;
import dev.pitapat.gitops.CommitResult;
import dev.pitapat.gitops.GitOpsAccessException;
import dev.pitapat.gitops.GitOpsWriter;
import dev.pitapat.gitops.SourceRef;
import dev.pitapat.model.AppName;
import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.Sha;
import dev.pitapat.model.Target;
import dev.pitapat.testing.GitHttpServer;
import dev.pitapat.testing.TestPem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The bot with the GitHub App configured and no {@code pitapat.gitops.token}: it finds the App's installation
 * on the GitOps repository, mints an installation token, and pushes with it to a real smart-HTTP Git server.
 * WireMock stands in for GitHub with the paths and bodies of its REST API.
 */
@ExtendWith(OutputCaptureExtension.class)
class GitOpsAppTokenTest {

    @RegisterExtension
    static WireMockExtension github = WireMockExtension.newInstance()
            .options(WireMockConfiguration.wireMockConfig().dynamicPort().bindAddress("127.0.0.1"))
            .build();

    /** The token of {@code installation-token.json}. */
    private static final String FIRST = "ghs_16C7e42F292c6912E7710c838347Ae178B4a";

    private static final String ROTATED = "ghs_2Rotated0Rotated0Rotated0Rotated0Abc";
    private static final String INSTALLATION = "/repos/acme/gitops/installation";
    private static final String TOKENS = "/app/installations/1/access_tokens";

    @TempDir
    Path tmp;

    private GitHttpServer server;
    private ConfigurableApplicationContext bot;

    @BeforeEach
    void setUp() throws Exception {
        server = GitHttpServer.start(tmp, FIRST);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (bot != null) {
            bot.close();
        }
        server.close();
    }

    @Test
    void pushesWithTheInstallationTokenItMintedForTheGitOpsRepository() throws Exception {
        github.stubFor(get(urlEqualTo(INSTALLATION)).willReturn(json(200, fixture("repository-installation.json"))));
        github.stubFor(post(urlEqualTo(TOKENS)).willReturn(json(201, token(FIRST))));
        start();

        CommitResult result = writer().commit(deploy(1));

        assertThat(result).isInstanceOf(CommitResult.Committed.class);
        assertThat(servedHead()).isEqualTo(((CommitResult.Committed) result).commitSha());
        assertThat(server.presented()).isNotEmpty().allMatch(("x-access-token:" + FIRST)::equals);
        String jwt = "Bearer eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+";
        github.verify(1, getRequestedFor(urlEqualTo(INSTALLATION)).withHeader("Authorization", matching(jwt)));
        github.verify(1, postRequestedFor(urlEqualTo(TOKENS)).withHeader("Authorization", matching(jwt)));
        assertThat(Files.readString(tmp.resolve("work/config"))).doesNotContain(FIRST);

        Health health = gitopsHealth();
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails())
                .containsEntry("credentials", "the GitHub App's installation token for acme/gitops")
                .containsEntry("head", servedHead());
        github.verify(1, postRequestedFor(urlEqualTo(TOKENS))); // the cached token served the health check too
    }

    @Test
    void aRotatedInstallationTokenIsReplacedOnceAndThePushSucceeds() throws Exception {
        github.stubFor(get(urlEqualTo(INSTALLATION)).willReturn(json(200, fixture("repository-installation.json"))));
        github.stubFor(post(urlEqualTo(TOKENS)).willReturn(json(201, token(FIRST))));
        start();
        writer().commit(deploy(1));

        server.accept(ROTATED); // the first token was revoked; GitHub now hands out another
        github.stubFor(post(urlEqualTo(TOKENS)).willReturn(json(201, token(ROTATED))));
        CommitResult second = writer().commit(deploy(2));

        assertThat(second).isInstanceOf(CommitResult.Committed.class);
        assertThat(servedHead()).isEqualTo(((CommitResult.Committed) second).commitSha());
        github.verify(2, postRequestedFor(urlEqualTo(TOKENS)));
        assertThat(server.presented())
                .contains("x-access-token:" + FIRST, "x-access-token:" + ROTATED)
                .last()
                .isEqualTo("x-access-token:" + ROTATED);
        assertThat(Files.readString(tmp.resolve("work/config")))
                .doesNotContain(FIRST)
                .doesNotContain(ROTATED);
    }

    @Test
    void aTokenTheRepositoryKeepsRefusingIsAnsweredClearlyAndHealthIsDown(CapturedOutput output) throws Exception {
        server.accept("ghs_someOtherTokenTheServerWantsXXXXXXXXX");
        github.stubFor(get(urlEqualTo(INSTALLATION)).willReturn(json(200, fixture("repository-installation.json"))));
        github.stubFor(post(urlEqualTo(TOKENS)).willReturn(json(201, token(FIRST))));
        start();

        GitOpsAccessException refused =
                catchThrowableOfType(GitOpsAccessException.class, () -> writer().commit(deploy(1)));

        assertThat(refused.getMessage())
                .contains("refused the credentials from the GitHub App's installation token for acme/gitops (HTTP 401)")
                .contains("the App must be installed on that repository with the Contents permission set to read"
                        + " and write; or set pitapat.gitops.token")
                .doesNotContain(FIRST);
        github.verify(2, postRequestedFor(urlEqualTo(TOKENS))); // one fresh token, not more
        Health health = gitopsHealth();
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails().get("error").toString())
                .contains("(HTTP 401)")
                .contains("pitapat.gitops.token");
        assertThat(health.toString()).doesNotContain(FIRST);
        assertThat(output.getAll()).doesNotContain(FIRST);
    }

    @Test
    void anAppNotInstalledOnTheGitOpsRepositoryIsNamed() throws Exception {
        github.stubFor(get(urlEqualTo(INSTALLATION)).willReturn(json(404, fixture("error-not-found.json"))));
        start();

        GitOpsAccessException refused =
                catchThrowableOfType(GitOpsAccessException.class, () -> writer().commit(deploy(1)));

        assertThat(refused.getMessage())
                .contains("no credentials could be had for the GitOps repository " + server.url())
                .contains("finding the GitHub App's installation on acme/gitops: 404 Not Found")
                .contains("check the GitHub App's installation on acme/gitops");
        assertThat(servedHead()).isNull();
    }

    private void start() throws IOException {
        Path key = tmp.resolve("app-key.pem");
        Files.writeString(key, TestPem.newAppKey());
        bot = new SpringApplicationBuilder(PitapatApplication.class)
                .web(WebApplicationType.NONE)
                .run(
                        "--pitapat.github.app-id=1",
                        "--pitapat.github.private-key-file=" + key,
                        "--pitapat.github.api-url=http://127.0.0.1:" + github.getPort(),
                        "--pitapat.gitops.repo=" + server.url(),
                        "--pitapat.gitops.workdir=" + tmp.resolve("work"));
    }

    private GitOpsWriter writer() {
        return bot.getBean(GitOpsWriter.class);
    }

    private Health gitopsHealth() {
        return bot.getBean("gitopsHealthIndicator", HealthIndicator.class).health();
    }

    private static Change deploy(int id) {
        return new Change(
                new Target(new AppName("hello"), new EnvName("staging")),
                Map.of("rollout.yaml", ("replicas: " + id).getBytes(StandardCharsets.UTF_8)),
                Action.DEPLOY,
                new SourceRef("acme/hello", new Sha("6dcb09b5b57875f334f61aebed695e2e4193db5e")),
                new DeploymentId(String.format("d-%012x", id)),
                "alice");
    }

    private String servedHead() throws IOException {
        try (Repository repo = server.open()) {
            var head = repo.exactRef(Constants.R_HEADS + "main");
            return head == null ? null : head.getObjectId().name();
        }
    }

    /** {@code installation-token.json} handing out {@code token}, expiring an hour from now. */
    private static String token(String token) {
        return fixture("installation-token.json")
                .replace(FIRST, token)
                .replace(
                        "2026-01-01T01:00:00Z",
                        Instant.now()
                                .plus(1, ChronoUnit.HOURS)
                                .truncatedTo(ChronoUnit.SECONDS)
                                .toString());
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json; charset=utf-8")
                .withBody(body);
    }

    private static String fixture(String name) {
        try (InputStream in = GitOpsAppTokenTest.class.getResourceAsStream("/github-api/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
