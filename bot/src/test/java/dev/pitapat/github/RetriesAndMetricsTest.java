package dev.pitapat.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.pitapat.github.GitHubRig.INSTALLATION;
import static dev.pitapat.github.GitHubRig.REPO;
import static dev.pitapat.github.GitHubRig.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.pitapat.model.Permission;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RetriesAndMetricsTest {

    private static final String PERMISSION = "/repos/acme/hello/collaborators/alice/permission";

    @RegisterExtension
    static WireMockExtension github = GitHubRig.wireMock();

    private GitHubRig rig;

    @BeforeEach
    void setUp() {
        rig = new GitHubRig(github).withInstallationToken();
    }

    /** The first answers in order, then the permission. */
    private void answer(ResponseDefinitionBuilder... first) {
        String state = Scenario.STARTED;
        for (int i = 0; i < first.length; i++) {
            github.stubFor(get(urlEqualTo(PERMISSION))
                    .inScenario("flaky")
                    .whenScenarioStateIs(state)
                    .willReturn(first[i])
                    .willSetStateTo("after " + i));
            state = "after " + i;
        }
        github.stubFor(get(urlEqualTo(PERMISSION))
                .inScenario("flaky")
                .whenScenarioStateIs(state)
                .willReturn(json(200, "collaborator-permission-maintain.json")));
    }

    private Permission ask() {
        return rig.gateway.permissionOf(INSTALLATION, REPO, "alice");
    }

    @Test
    void waitsAsLongAsASecondaryRateLimitAsksThenRetries() {
        answer(json(403, "error-secondary-rate-limit.json").withHeader("Retry-After", "1"));

        assertThat(ask()).isEqualTo(Permission.MAINTAIN);

        assertThat(rig.sleeps).containsExactly(Duration.ofSeconds(1));
        github.verify(2, getRequestedFor(urlEqualTo(PERMISSION)));
    }

    @Test
    void waitsOutA429() {
        answer(json(429, "error-secondary-rate-limit.json").withHeader("Retry-After", "7"));

        assertThat(ask()).isEqualTo(Permission.MAINTAIN);

        assertThat(rig.sleeps).containsExactly(Duration.ofSeconds(7));
    }

    @Test
    void waitsUntilAnExhaustedRateLimitResets() {
        long reset = GitHubRig.START.plusSeconds(20).getEpochSecond();
        answer(json(403, "error-rate-limit-exceeded.json")
                .withHeader("x-ratelimit-remaining", "0")
                .withHeader("x-ratelimit-reset", Long.toString(reset)));

        assertThat(ask()).isEqualTo(Permission.MAINTAIN);

        assertThat(rig.sleeps).containsExactly(Duration.ofSeconds(21));
    }

    @Test
    void waitsAMinuteForASecondaryRateLimitWithoutHints() {
        answer(json(403, "error-secondary-rate-limit.json"));

        assertThat(ask()).isEqualTo(Permission.MAINTAIN);

        assertThat(rig.sleeps).containsExactly(Duration.ofSeconds(60));
    }

    @Test
    void retriesServerErrorsWithGrowingWaits() {
        answer(json(502, "error-server-error.json"), json(503, "error-server-error.json"));

        assertThat(ask()).isEqualTo(Permission.MAINTAIN);

        assertThat(rig.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(rig.calls("permission", "502")).isEqualTo(1);
        assertThat(rig.calls("permission", "503")).isEqualTo(1);
        assertThat(rig.calls("permission", "200")).isEqualTo(1);
        assertThat(rig.calls("installation_token", "201")).isEqualTo(1);
    }

    // Garbage, then a closed socket. (On an empty answer over a pooled connection the JDK client retries a
    // GET once by itself, which would hide pitapat's own retry.)
    @Test
    void retriesAConnectionFailure() {
        answer(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE));

        assertThat(ask()).isEqualTo(Permission.MAINTAIN);

        github.verify(2, getRequestedFor(urlEqualTo(PERMISSION)));
        assertThat(rig.sleeps).containsExactly(Duration.ofSeconds(1));
        assertThat(rig.calls("permission", "io_error")).isEqualTo(1);
        assertThat(rig.calls("permission", "200")).isEqualTo(1);
    }

    @Test
    void givesUpAfterFourAttempts() {
        github.stubFor(get(urlEqualTo(PERMISSION)).willReturn(json(502, "error-server-error.json")));

        assertThatThrownBy(this::ask).isInstanceOfSatisfying(GitHubException.class, e -> {
            assertThat(e.status()).hasValue(502);
            assertThat(e.operation()).isEqualTo("reading collaborator permission of alice on acme/hello");
            assertThat(e.gitHubMessage()).contains("Server Error");
            assertThat(e.getMessage())
                    .isEqualTo("reading collaborator permission of alice on acme/hello: 502 Server Error");
        });

        github.verify(4, getRequestedFor(urlEqualTo(PERMISSION)));
        assertThat(rig.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(rig.calls("permission", "502")).isEqualTo(4);
    }

    @Test
    void givesUpAtOnceWhenGitHubAsksForALongerWaitThanTheCap() {
        github.stubFor(get(urlEqualTo(PERMISSION))
                .willReturn(json(429, "error-secondary-rate-limit.json").withHeader("Retry-After", "120")));

        assertThatThrownBy(this::ask)
                .isInstanceOfSatisfying(
                        GitHubException.class, e -> assertThat(e.status()).hasValue(429));

        github.verify(1, getRequestedFor(urlEqualTo(PERMISSION)));
        assertThat(rig.sleeps).isEmpty();
    }

    @Test
    void takesAForbiddenAnswerAsFinal() {
        github.stubFor(get(urlEqualTo(PERMISSION)).willReturn(json(403, "error-resource-not-accessible.json")));

        assertThatThrownBy(this::ask)
                .isInstanceOf(GitHubException.class)
                .hasMessage(
                        "reading collaborator permission of alice on acme/hello: 403 Resource not accessible by integration");

        github.verify(1, getRequestedFor(urlEqualTo(PERMISSION)));
        assertThat(rig.sleeps).isEmpty();
        assertThat(rig.calls("permission", "403")).isEqualTo(1);
    }

    @Test
    void takesAValidationFailureAsFinal() {
        github.stubFor(get(urlEqualTo(PERMISSION)).willReturn(json(422, "error-validation-failed.json")));

        assertThatThrownBy(this::ask).hasMessageEndingWith(": 422 Validation Failed");

        github.verify(1, getRequestedFor(urlEqualTo(PERMISSION)));
    }

    @Test
    void saysSoWhenGitHubCannotBeReached() {
        github.stubFor(get(urlEqualTo(PERMISSION)).willReturn(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE)));

        assertThatThrownBy(this::ask).isInstanceOfSatisfying(GitHubException.class, e -> {
            assertThat(e.status()).isEmpty();
            assertThat(e.getMessage())
                    .startsWith("reading collaborator permission of alice on acme/hello: GitHub not reachable");
        });
        assertThat(rig.calls("permission", "io_error")).isEqualTo(4);
        github.verify(4, getRequestedFor(urlEqualTo(PERMISSION)));
    }

    @Test
    void sendsGitHubsHeadersOnEveryAttempt() {
        answer(json(502, "error-server-error.json"));

        ask();

        github.verify(
                2,
                getRequestedFor(urlEqualTo(PERMISSION))
                        .withHeader("Authorization", equalTo("Bearer " + GitHubRig.TOKEN))
                        .withHeader("Accept", equalTo("application/vnd.github+json"))
                        .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28"))
                        .withHeader("User-Agent", equalTo("pitapat")));
    }
}
