package dev.pitapat.github;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.pitapat.github.GitHubRig.REPO;
import static dev.pitapat.github.GitHubRig.START;
import static dev.pitapat.github.GitHubRig.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.pitapat.model.Permission;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * This machine's clock minutes off GitHub's: the JWT is signed in GitHub's time (learnt from its {@code Date}
 * header, after at most one refusal), and installation tokens' expiry and rate limits' resets are judged by GitHub's
 * clock. GitHub is WireMock keeping its own time ({@link GitHubTimeKeeper}), judging every JWT and token by it.
 */
class ClockSkewTest {

    private static final String PERMISSION = "/repos/acme/hello/collaborators/alice/permission";
    private static final GitHubTimeKeeper GITHUB_TIME = new GitHubTimeKeeper(START);

    @RegisterExtension
    static WireMockExtension github = WireMockExtension.newInstance()
            .options(WireMockConfiguration.wireMockConfig()
                    .dynamicPort()
                    .bindAddress("127.0.0.1")
                    .extensions(GITHUB_TIME))
            .build();

    @BeforeEach
    void setUp() {
        GITHUB_TIME.reset(START);
        github.stubFor(get(urlEqualTo(PERMISSION)).willReturn(json(200, "collaborator-permission-write.json")));
    }

    /** A rig whose clock is {@code minutes} ahead of GitHub's (behind, when negative). */
    private static GitHubRig offBy(long minutes) {
        return new GitHubRig(github, GitHubCallProperties.DEFAULTS, START.plus(Duration.ofMinutes(minutes)));
    }

    @ParameterizedTest(name = "this clock {0} minutes off GitHub's")
    @ValueSource(longs = {5, -5, 10, -10})
    void signsTheAppsJwtInGitHubsTime(long minutes) {
        GitHubRig rig = offBy(minutes);

        assertThat(rig.gateway.permissionOf(42, REPO, "alice")).isEqualTo(Permission.WRITE);
        assertThat(rig.gateway.permissionOf(7, REPO, "alice")).isEqualTo(Permission.WRITE);

        // at most the very first JWT, signed before any answer showed GitHub's time, is refused
        assertThat(refusedJwts()).isLessThanOrEqualTo(1);
        github.verify(1, postRequestedFor(urlEqualTo("/app/installations/7/access_tokens")));
        assertThat(GITHUB_TIME.tokensIssued()).isEqualTo(2);
    }

    @Test
    void retriesAJwtGitHubRefusedForItsTimeOnceSignedInGitHubsTime() {
        GitHubRig rig = offBy(5); // iat 4 minutes in GitHub's future

        assertThat(rig.gateway.permissionOf(42, REPO, "alice")).isEqualTo(Permission.WRITE);

        assertThat(refusedJwts()).isEqualTo(1);
        github.verify(2, postRequestedFor(urlEqualTo("/app/installations/42/access_tokens")));
        assertThat(rig.http.time().offset()).isEqualTo(Duration.ofMinutes(-5));
    }

    @Test
    void neverUsesATokenPastItsExpiryByGitHubsClockWhenThisOneIsBehind() {
        GitHubRig rig = offBy(-10);
        rig.gateway.permissionOf(42, REPO, "alice");

        // an hour and a minute later by GitHub's clock: the token expired; this clock says 51 minutes
        GITHUB_TIME.clock.advance(Duration.ofMinutes(61));
        rig.clock.advance(Duration.ofMinutes(61));
        assertThat(rig.gateway.permissionOf(42, REPO, "alice")).isEqualTo(Permission.WRITE);

        assertThat(tokenRefusals()).isZero();
        assertThat(GITHUB_TIME.tokensIssued()).isEqualTo(2);
    }

    @Test
    void keepsATokenUntilNearItsExpiryByGitHubsClockWhenThisOneIsAhead() {
        GitHubRig rig = offBy(10);
        rig.gateway.permissionOf(42, REPO, "alice");

        // 50 minutes later by GitHub's clock, an hour by this one: the token has ten minutes left
        GITHUB_TIME.clock.advance(Duration.ofMinutes(50));
        rig.clock.advance(Duration.ofMinutes(50));
        rig.gateway.permissionOf(42, REPO, "alice");

        assertThat(GITHUB_TIME.tokensIssued()).isEqualTo(1);
    }

    @ParameterizedTest(name = "this clock {0} minutes off GitHub's")
    @ValueSource(longs = {5, -5})
    void waitsForARateLimitsResetByGitHubsClock(long minutes) {
        GitHubRig rig = offBy(minutes);
        github.stubFor(get(urlEqualTo(PERMISSION))
                .inScenario("limit")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(403, "error-rate-limit-exceeded.json")
                        .withHeader("x-ratelimit-remaining", "0")
                        .withHeader(
                                "x-ratelimit-reset",
                                Long.toString(START.plusSeconds(30).getEpochSecond())))
                .willSetStateTo("reset"));
        github.stubFor(get(urlEqualTo(PERMISSION))
                .inScenario("limit")
                .whenScenarioStateIs("reset")
                .willReturn(json(200, "collaborator-permission-write.json")));

        assertThat(rig.gateway.permissionOf(42, REPO, "alice")).isEqualTo(Permission.WRITE);

        assertThat(rig.sleeps).containsExactly(Duration.ofSeconds(31)); // 30 s to the reset, and its second
    }

    private static long refusedJwts() {
        return github.getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().startsWith("/app/"))
                .filter(e -> e.getResponse().getStatus() == 401)
                .count();
    }

    private static long tokenRefusals() {
        return github.getAllServeEvents().stream()
                .filter(e -> !e.getRequest().getUrl().startsWith("/app/"))
                .map(ServeEvent::getResponse)
                .filter(response -> response.getStatus() == 401)
                .count();
    }
}
