package dev.pitapat.github;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.pitapat.github.GitHubRig.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class GitHubHealthIndicatorTest {

    @RegisterExtension
    static WireMockExtension github = GitHubRig.wireMock();

    private GitHubRig rig;
    private GitHubHealthIndicator health;

    @BeforeEach
    void setUp() {
        rig = new GitHubRig(github);
        health = new GitHubHealthIndicator(rig.app, rig.clock);
    }

    @Test
    void isUpWhenGitHubAcceptsTheAppsJwt() {
        github.stubFor(get(urlEqualTo("/app")).willReturn(json(200, "app.json")));

        Health answer = health.health();

        assertThat(answer.getStatus()).isEqualTo(Status.UP);
        assertThat(answer.getDetails()).containsEntry("app", "pitapat");
        github.verify(
                getRequestedFor(urlEqualTo("/app")).withHeader("Authorization", matching("Bearer eyJ[A-Za-z0-9_.-]+")));
    }

    @Test
    void isDownWithGitHubsReasonButNoCredentials() {
        github.stubFor(get(urlEqualTo("/app")).willReturn(json(401, "error-bad-credentials.json")));

        Health answer = health.health();

        assertThat(answer.getStatus()).isEqualTo(Status.DOWN);
        assertThat(answer.getDetails()).containsEntry("reason", "reading the App: 401 Bad credentials");
        assertThat(answer.toString()).doesNotContain("eyJ", "Bearer", "PRIVATE");
    }

    @Test
    void triesOnceSoHealthAnswersQuickly() {
        github.stubFor(get(urlEqualTo("/app")).willReturn(json(502, "error-server-error.json")));

        assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);

        github.verify(1, getRequestedFor(urlEqualTo("/app")));
        assertThat(rig.sleeps).isEmpty();
    }

    @Test
    void asksGitHubAtMostEveryThirtySeconds() {
        github.stubFor(get(urlEqualTo("/app")).willReturn(json(200, "app.json")));

        health.health();
        rig.clock.advance(Duration.ofSeconds(29));
        health.health();

        github.verify(1, getRequestedFor(urlEqualTo("/app")));

        rig.clock.advance(Duration.ofSeconds(2));
        health.health();

        github.verify(2, getRequestedFor(urlEqualTo("/app")));
    }
}
