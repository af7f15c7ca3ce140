package dev.pitapat.github;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.pitapat.github.GitHubRig.INSTALLATION;
import static dev.pitapat.github.GitHubRig.REPO;
import static dev.pitapat.github.GitHubRig.START;
import static dev.pitapat.github.GitHubRig.TOKEN;
import static dev.pitapat.github.GitHubRig.TOKEN_PATH;
import static dev.pitapat.github.GitHubRig.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.pitapat.model.Permission;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A rate limit closes the credential's gate: no request with that credential leaves the process before the time
 * GitHub named, whichever thread asks; calls wait for it within {@code rate-limit-wait} or fail at once, unsent,
 * saying until when. Asserted from WireMock's request journal.
 */
class RateLimitsTest {

    private static final String PERMISSION = "/repos/acme/hello/collaborators/alice/permission";
    private static final String PULL = "/repos/acme/hello/pulls/7";
    private static final String COMMENTS = "/repos/acme/hello/issues/7/comments";

    @RegisterExtension
    static WireMockExtension github = GitHubRig.wireMock();

    /** The first permission request is answered {@code limit}; every later one, and the pull request, 200. */
    private static void limitedOnce(ResponseDefinitionBuilder limit) {
        github.stubFor(post(urlEqualTo(TOKEN_PATH)).willReturn(json(201, "installation-token.json")));
        github.stubFor(get(urlEqualTo(PERMISSION))
                .inScenario("limit")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(limit)
                .willSetStateTo("limited"));
        github.stubFor(get(urlEqualTo(PERMISSION))
                .inScenario("limit")
                .whenScenarioStateIs("limited")
                .willReturn(json(200, "collaborator-permission-write.json")));
        github.stubFor(get(urlEqualTo(PULL)).willReturn(json(200, "pull-request.json")));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"secondary limit, Retry-After 2", "primary limit, x-ratelimit-reset in 2 s"})
    void noThreadSendsWithTheCredentialBeforeTheTimeGitHubNamed(String kind) throws Exception {
        Instant reset = Instant.ofEpochSecond(Instant.now().getEpochSecond() + 2);
        limitedOnce(
                kind.startsWith("secondary")
                        ? json(403, "error-secondary-rate-limit.json").withHeader("Retry-After", "2")
                        : json(403, "error-rate-limit-exceeded.json")
                                .withHeader("x-ratelimit-remaining", "0")
                                .withHeader("x-ratelimit-reset", Long.toString(reset.getEpochSecond())));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        GitHubRestGateway gateway = GitHubRig.realTime(github, meters, GitHubCallProperties.DEFAULTS);
        ExecutorService threads = Executors.newFixedThreadPool(9);
        try {
            Future<Permission> limited = threads.submit(() -> gateway.permissionOf(INSTALLATION, REPO, "alice"));
            await().until(() -> count(meters, "permission", "403") == 1); // the limit is known to the client

            List<Future<?>> others = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                others.add(threads.submit(() -> gateway.permissionOf(INSTALLATION, REPO, "alice")));
                others.add(threads.submit(() -> gateway.pullRequest(INSTALLATION, REPO, 7)));
            }

            assertThat(limited.get()).isEqualTo(Permission.WRITE);
            for (Future<?> other : others) {
                other.get();
            }
        } finally {
            threads.shutdownNow();
        }
        List<LoggedRequest> withToken =
                github.findAll(getRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.anyUrl())
                        .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        LoggedRequest limitAnswered = withToken.stream()
                .min(java.util.Comparator.comparing(LoggedRequest::getLoggedDate))
                .orElseThrow();
        Instant notBefore = kind.startsWith("secondary")
                ? limitAnswered.getLoggedDate().toInstant().plusSeconds(2)
                : reset;
        assertThat(withToken)
                .filteredOn(request -> request != limitAnswered)
                .allSatisfy(request -> assertThat(request.getLoggedDate().toInstant())
                        .as("%s sent while the limit held", request.getUrl())
                        .isAfterOrEqualTo(notBefore));
        assertThat(withToken).hasSize(1 + 1 + 8); // the limited one, its one retry, and each other call once
    }

    @Test
    void aCallThatWouldWaitLongerThanTheBoundFailsAtOnceUnsentSayingUntilWhen() {
        GitHubRig rig = new GitHubRig(github);
        limitedOnce(json(403, "error-rate-limit-exceeded.json")
                .withHeader("x-ratelimit-remaining", "0")
                .withHeader(
                        "x-ratelimit-reset",
                        Long.toString(START.plusSeconds(3600).getEpochSecond())));
        Instant until = START.plusSeconds(3601);

        assertThatThrownBy(() -> rig.gateway.permissionOf(INSTALLATION, REPO, "alice"))
                .isInstanceOfSatisfying(GitHubException.class, e -> {
                    assertThat(e.status()).hasValue(403);
                    assertThat(e.notBefore()).contains(until);
                });
        assertThatThrownBy(() -> rig.gateway.pullRequest(INSTALLATION, REPO, 7))
                .isInstanceOfSatisfying(GitHubException.class, e -> {
                    assertThat(e.status()).isEmpty();
                    assertThat(e.notBefore()).contains(until);
                    assertThat(e.getMessage())
                            .isEqualTo("reading pull request #7 of acme/hello: not sent: GitHub's rate limit holds"
                                    + " until 2026-01-01T01:00:01Z (3601 s from now)");
                });
        assertThatThrownBy(() -> rig.gateway.createComment(INSTALLATION, REPO, 7, "hello"))
                .isInstanceOfSatisfying(
                        GitHubException.class, e -> assertThat(e.notBefore()).contains(until));

        github.verify(1, getRequestedFor(urlEqualTo(PERMISSION)));
        github.verify(0, getRequestedFor(urlEqualTo(PULL)));
        github.verify(0, postRequestedFor(urlEqualTo(COMMENTS)));
        assertThat(rig.sleeps).isEmpty();

        rig.clock.advance(Duration.ofSeconds(3601));
        assertThat(rig.gateway.pullRequest(INSTALLATION, REPO, 7).number()).isEqualTo(7);
    }

    @Test
    void aLimitOnOneInstallationHoldsNeitherAnotherNorTheApp() {
        GitHubRig rig = new GitHubRig(github);
        limitedOnce(json(403, "error-secondary-rate-limit.json").withHeader("Retry-After", "600"));
        github.stubFor(post(urlEqualTo("/app/installations/7/access_tokens"))
                .willReturn(json(201, "installation-token.json")));

        assertThatThrownBy(() -> rig.gateway.permissionOf(INSTALLATION, REPO, "alice"))
                .isInstanceOf(GitHubException.class);

        assertThat(rig.gateway.pullRequest(7, REPO, 7).number()).isEqualTo(7);
        github.verify(1, postRequestedFor(urlEqualTo("/app/installations/7/access_tokens")));
    }

    @Test
    void aLimitOnTheAppsJwtHoldsEveryTokenExchange() {
        GitHubRig rig = new GitHubRig(github);
        github.stubFor(post(urlEqualTo(TOKEN_PATH))
                .willReturn(json(403, "error-secondary-rate-limit.json").withHeader("Retry-After", "600")));
        github.stubFor(post(urlEqualTo("/app/installations/7/access_tokens"))
                .willReturn(json(201, "installation-token.json")));

        assertThatThrownBy(() -> rig.gateway.pullRequest(INSTALLATION, REPO, 7))
                .isInstanceOfSatisfying(
                        GitHubException.class, e -> assertThat(e.notBefore()).contains(START.plusSeconds(600)));
        assertThatThrownBy(() -> rig.gateway.pullRequest(7, REPO, 7))
                .isInstanceOfSatisfying(
                        GitHubException.class,
                        e -> assertThat(e.getMessage())
                                .startsWith("creating an access token for installation 7: not sent"));

        github.verify(0, postRequestedFor(urlEqualTo("/app/installations/7/access_tokens")));
        github.verify(0, getRequestedFor(urlEqualTo(PULL)));
    }

    @Test
    void withNoWaitInPlaceEvenAShortLimitFailsAtOnceSayingUntilWhen() {
        GitHubRig rig = new GitHubRig(github, new GitHubCallProperties(Duration.ofSeconds(15), Duration.ZERO), START);
        limitedOnce(json(429, "error-secondary-rate-limit.json").withHeader("Retry-After", "2"));

        assertThatThrownBy(() -> rig.gateway.permissionOf(INSTALLATION, REPO, "alice"))
                .isInstanceOfSatisfying(
                        GitHubException.class, e -> assertThat(e.notBefore()).contains(START.plusSeconds(2)));
        assertThatThrownBy(() -> rig.gateway.pullRequest(INSTALLATION, REPO, 7))
                .isInstanceOfSatisfying(
                        GitHubException.class, e -> assertThat(e.notBefore()).contains(START.plusSeconds(2)));

        assertThat(rig.sleeps).isEmpty();
        github.verify(1, getRequestedFor(urlEqualTo(PERMISSION)));
        github.verify(0, getRequestedFor(urlEqualTo(PULL)));
    }

    private static double count(SimpleMeterRegistry meters, String operation, String status) {
        Counter counter = meters.find(GitHubHttp.CALLS_METRIC)
                .tag("operation", operation)
                .tag("status", status)
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
