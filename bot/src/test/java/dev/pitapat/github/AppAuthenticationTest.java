package dev.pitapat.github;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.pitapat.github.GitHubRig.INSTALLATION;
import static dev.pitapat.github.GitHubRig.REPO;
import static dev.pitapat.github.GitHubRig.TOKEN;
import static dev.pitapat.github.GitHubRig.TOKEN_PATH;
import static dev.pitapat.github.GitHubRig.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.pitapat.model.Permission;
import io.jsonwebtoken.Claims;
import io.jsonwebtoken.Jws;
import io.jsonwebtoken.Jwts;
import java.time.Duration;
import java.util.Date;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AppAuthenticationTest {

    @RegisterExtension
    static WireMockExtension github = GitHubRig.wireMock();

    private GitHubRig rig;

    @BeforeEach
    void setUp() {
        rig = new GitHubRig(github).withInstallationToken();
        github.stubFor(get(urlEqualTo("/repos/acme/hello/collaborators/alice/permission"))
                .willReturn(json(200, "collaborator-permission-write.json")));
    }

    @Test
    void signsAJwtGitHubAccepts() {
        String jwt = rig.app.jwt();

        Jws<Claims> parsed = Jwts.parser()
                .verifyWith(TestKeys.RSA.getPublic())
                .clock(() -> Date.from(rig.clock.instant()))
                .build()
                .parseSignedClaims(jwt);
        Claims claims = parsed.getPayload();
        assertThat(parsed.getHeader().getAlgorithm()).isEqualTo("RS256");
        assertThat(claims.getIssuer()).isEqualTo(Long.toString(GitHubRig.APP_ID));
        assertThat(claims.getIssuedAt().toInstant()).isEqualTo(GitHubRig.START.minusSeconds(60));
        assertThat(claims.getExpiration().toInstant())
                .isAfter(GitHubRig.START)
                .isBeforeOrEqualTo(GitHubRig.START.plus(Duration.ofMinutes(9)));
        assertThat(Duration.between(
                        claims.getIssuedAt().toInstant(), claims.getExpiration().toInstant()))
                .isLessThanOrEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void exchangesTheJwtForAnInstallationTokenAndUsesIt() {
        rig.gateway.permissionOf(INSTALLATION, REPO, "alice");

        github.verify(postRequestedFor(urlEqualTo(TOKEN_PATH))
                .withHeader("Authorization", matching("Bearer eyJ[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+"))
                .withHeader("Accept", equalTo("application/vnd.github+json"))
                .withHeader("X-GitHub-Api-Version", equalTo("2022-11-28")));
        github.verify(getRequestedFor(urlEqualTo("/repos/acme/hello/collaborators/alice/permission"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN)));
    }

    @Test
    void keepsTheTokenUntilFiveMinutesBeforeItExpires() {
        rig.gateway.permissionOf(INSTALLATION, REPO, "alice");
        rig.clock.advance(Duration.ofMinutes(54)); // token expires at START + 60 min
        rig.gateway.permissionOf(INSTALLATION, REPO, "alice");

        github.verify(1, postRequestedFor(urlEqualTo(TOKEN_PATH)));

        rig.clock.advance(Duration.ofMinutes(1).plusSeconds(1));
        rig.gateway.permissionOf(INSTALLATION, REPO, "alice");

        github.verify(2, postRequestedFor(urlEqualTo(TOKEN_PATH)));
        github.verify(3, getRequestedFor(urlEqualTo("/repos/acme/hello/collaborators/alice/permission")));
    }

    @Test
    void keepsOneTokenPerInstallation() {
        github.stubFor(
                com.github.tomakehurst.wiremock.client.WireMock.post(urlEqualTo("/app/installations/7/access_tokens"))
                        .willReturn(json(201, "installation-token.json")));

        rig.gateway.permissionOf(INSTALLATION, REPO, "alice");
        rig.gateway.permissionOf(7, REPO, "alice");
        rig.gateway.permissionOf(7, REPO, "alice");

        github.verify(1, postRequestedFor(urlEqualTo(TOKEN_PATH)));
        github.verify(1, postRequestedFor(urlEqualTo("/app/installations/7/access_tokens")));
    }

    @Test
    void refreshesTheTokenOnceWhenGitHubRejectsIt() {
        github.stubFor(get(urlEqualTo("/repos/acme/hello/collaborators/alice/permission"))
                .inScenario("revoked")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(401, "error-bad-credentials.json"))
                .willSetStateTo("refreshed"));
        github.stubFor(get(urlEqualTo("/repos/acme/hello/collaborators/alice/permission"))
                .inScenario("revoked")
                .whenScenarioStateIs("refreshed")
                .willReturn(json(200, "collaborator-permission-write.json")));

        assertThat(rig.gateway.permissionOf(INSTALLATION, REPO, "alice")).isEqualTo(Permission.WRITE);

        github.verify(2, postRequestedFor(urlEqualTo(TOKEN_PATH)));
        github.verify(2, getRequestedFor(urlEqualTo("/repos/acme/hello/collaborators/alice/permission")));
        assertThat(rig.sleeps).isEmpty();
    }

    @Test
    void failsWhenTheFreshTokenIsRejectedToo() {
        github.stubFor(get(urlEqualTo("/repos/acme/hello/collaborators/alice/permission"))
                .willReturn(json(401, "error-bad-credentials.json")));

        assertThatThrownBy(() -> rig.gateway.permissionOf(INSTALLATION, REPO, "alice"))
                .isInstanceOfSatisfying(GitHubException.class, e -> {
                    assertThat(e.status()).hasValue(401);
                    assertThat(e.getMessage())
                            .isEqualTo("reading collaborator permission of alice on acme/hello: 401 Bad credentials");
                    assertNoCredentials(e);
                });
        github.verify(2, postRequestedFor(urlEqualTo(TOKEN_PATH)));
        github.verify(2, getRequestedFor(urlEqualTo("/repos/acme/hello/collaborators/alice/permission")));
    }

    @Test
    void callsThatMeetARevokedTokenAtOnceRenewItOnceBetweenThem() throws Exception {
        String renewed = "ghs_RenewedAfterTheFirstWasRevoked0000000";
        github.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlEqualTo(TOKEN_PATH))
                .inScenario("tokens")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(201, "installation-token.json"))
                .willSetStateTo("revoked"));
        github.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlEqualTo(TOKEN_PATH))
                .inScenario("tokens")
                .whenScenarioStateIs("revoked")
                .willReturn(com.github.tomakehurst.wiremock.client.WireMock.okJson(
                        GitHubRig.fixture("installation-token.json").replace(TOKEN, renewed))));
        github.stubFor(get(urlEqualTo("/repos/acme/hello/collaborators/alice/permission"))
                .withHeader("Authorization", equalTo("Bearer " + TOKEN))
                .willReturn(json(401, "error-bad-credentials.json")));
        github.stubFor(get(urlEqualTo("/repos/acme/hello/collaborators/alice/permission"))
                .withHeader("Authorization", equalTo("Bearer " + renewed))
                .willReturn(json(200, "collaborator-permission-write.json")));
        rig.app.installationToken(INSTALLATION); // every call below starts with the token GitHub now refuses

        java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            java.util.List<java.util.concurrent.Future<Permission>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(threads.submit(() -> rig.gateway.permissionOf(INSTALLATION, REPO, "alice")));
            }
            for (java.util.concurrent.Future<Permission> call : calls) {
                assertThat(call.get()).isEqualTo(Permission.WRITE);
            }
        } finally {
            threads.shutdownNow();
        }

        github.verify(2, postRequestedFor(urlEqualTo(TOKEN_PATH)));
    }

    @Test
    void saysWhichInstallationCouldNotGetAToken() {
        github.stubFor(com.github.tomakehurst.wiremock.client.WireMock.post(urlEqualTo(TOKEN_PATH))
                .willReturn(json(401, "error-bad-credentials.json")));

        assertThatThrownBy(() -> rig.gateway.permissionOf(INSTALLATION, REPO, "alice"))
                .isInstanceOfSatisfying(GitHubException.class, e -> {
                    assertThat(e.getMessage())
                            .isEqualTo("creating an access token for installation 42: 401 Bad credentials");
                    assertNoCredentials(e);
                });
    }

    private void assertNoCredentials(Throwable e) {
        String all = describe(e);
        assertThat(all).doesNotContain(TOKEN, "eyJ", "Bearer", "PRIVATE KEY");
        AppPrivateKeyTest.assertNoKeyMaterial(all, TestKeys.pkcs8Pem(TestKeys.RSA));
    }

    static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            text.append(t).append('\n');
        }
        return text.toString();
    }
}
