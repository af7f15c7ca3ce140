package dev.pitapat.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.pitapat.testing.GitHubStandIn;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What a signed-in person can read, asked of WireMock standing in for GitHub's installations API. */
class UserRepositoriesTest {

    private static final String TOKEN = "ghu_16C7e42F292c6912E7710c838347Ae178B4a";
    private static final String INSTALLATIONS = "/user/installations?per_page=100";

    @RegisterExtension
    static WireMockExtension github = GitHubRig.wireMock();

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private UserRepositories repositories() {
        return new UserRepositories(URI.create(gitHub()), meters);
    }

    @Test
    void listsTheRepositoriesOfEveryInstallationOverEveryPageWithThePersonsToken() {
        String secondPage = gitHub() + INSTALLATIONS + "&page=2";
        github.stubFor(get(urlEqualTo(INSTALLATIONS))
                .willReturn(okJson(GitHubStandIn.userInstallations(1))
                        .withHeader("Link", "<" + secondPage + ">; rel=\"next\", <" + secondPage + ">; rel=\"last\"")));
        github.stubFor(
                get(urlEqualTo(INSTALLATIONS + "&page=2")).willReturn(okJson(GitHubStandIn.userInstallations(2))));
        github.stubFor(get(urlEqualTo("/user/installations/1/repositories?per_page=100"))
                .willReturn(okJson(GitHubStandIn.userRepositories("acme/hello", "acme/tools"))
                        .withHeader(
                                "Link",
                                "<" + gitHub() + "/user/installations/1/repositories?per_page=100&page=2>;"
                                        + " rel=\"next\"")));
        github.stubFor(get(urlEqualTo("/user/installations/1/repositories?per_page=100&page=2"))
                .willReturn(okJson(GitHubStandIn.userRepositories("acme/docs"))));
        github.stubFor(get(urlEqualTo("/user/installations/2/repositories?per_page=100"))
                .willReturn(okJson(GitHubStandIn.userRepositories("Octo-Org/Hello-World"))));

        assertThat(repositories().readableBy("mona", TOKEN))
                .containsExactlyInAnyOrder("acme/hello", "acme/tools", "acme/docs", "Octo-Org/Hello-World");
        github.verify(5, anyRequestedFor(anyUrl()).withHeader("Authorization", equalTo("Bearer " + TOKEN)));
        github.verify(5, anyRequestedFor(anyUrl()).withHeader("Accept", equalTo("application/vnd.github+json")));
        github.verify(5, anyRequestedFor(anyUrl()).withHeader("X-GitHub-Api-Version", equalTo("2022-11-28")));
        assertThat(meters.get("pitapat.github.api.calls")
                        .tags("operation", "user_installation_repositories", "status", "200")
                        .counter()
                        .count())
                .isEqualTo(3);
    }

    @Test
    void aPersonWithoutInstallationsReadsNothing() {
        github.stubFor(get(urlEqualTo(INSTALLATIONS)).willReturn(okJson(GitHubStandIn.userInstallations())));

        assertThat(repositories().readableBy("mona", TOKEN)).isEmpty();
    }

    @Test
    void aNextPageOffTheApiIsNotFollowedSoTheTokenGoesNowhereElse() {
        github.stubFor(get(urlEqualTo(INSTALLATIONS))
                .willReturn(okJson(GitHubStandIn.userInstallations(1))
                        .withHeader("Link", "<https://attacker.example/user/installations?page=2>; rel=\"next\"")));

        GitHubException refused =
                catchThrowableOfType(GitHubException.class, () -> repositories().readableBy("mona", TOKEN));

        assertThat(refused)
                .hasMessage(
                        "listing the App's installations mona can reach: GitHub's next page is not on" + " its API");
        github.verify(1, anyRequestedFor(anyUrl()));
    }

    @Test
    void aTokenGitHubRefusesIsUnauthorizedAndAnOutageNamesWhatWasAskedNeverTheToken() {
        github.stubFor(
                get(urlEqualTo(INSTALLATIONS)).willReturn(GitHubStandIn.fixture(401, "error-bad-credentials.json")));

        GitHubException refused =
                catchThrowableOfType(GitHubException.class, () -> repositories().readableBy("mona", TOKEN));

        assertThat(refused.isUnauthorized()).isTrue();

        github.stubFor(get(urlEqualTo(INSTALLATIONS)).willReturn(okJson(GitHubStandIn.userInstallations(7))));
        github.stubFor(get(urlEqualTo("/user/installations/7/repositories?per_page=100"))
                .willReturn(aResponse().withStatus(502).withBody("{\"message\":\"Server Error\"}")));

        GitHubException outage =
                catchThrowableOfType(GitHubException.class, () -> repositories().readableBy("mona", TOKEN));

        assertThat(outage.isUnauthorized()).isFalse();
        assertThat(outage)
                .hasMessage("listing the repositories mona can read in installation 7: 502 Server Error")
                .hasNoCause();
        assertThat(refused.getMessage() + outage.getMessage()).doesNotContain(TOKEN);
        github.verify(getRequestedFor(urlEqualTo("/user/installations/7/repositories?per_page=100")));
    }

    /** GitHub's stand-in, at the loopback address. */
    private static String gitHub() {
        return "http://127.0.0.1:" + github.getPort();
    }
}
