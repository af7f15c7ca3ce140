package dev.pitapat.github;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.pitapat.github.GitHubRig.TOKEN;
import static dev.pitapat.github.GitHubRig.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.pitapat.model.RepoRef;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InstallationTokensTest {

    @RegisterExtension
    static WireMockExtension github = GitHubRig.wireMock();

    private static final RepoRef GITOPS = new RepoRef("acme", "gitops");
    private static final String INSTALLATION = "/repos/acme/gitops/installation";
    private static final String TOKENS = "/app/installations/1/access_tokens"; // id of repository-installation.json

    private GitHubRig rig;
    private InstallationTokens tokens;

    @BeforeEach
    void setUp() {
        rig = new GitHubRig(github);
        tokens = new InstallationTokens(rig.app, URI.create(github.baseUrl()));
        github.stubFor(get(urlEqualTo(INSTALLATION)).willReturn(json(200, "repository-installation.json")));
        github.stubFor(post(urlEqualTo(TOKENS)).willReturn(json(201, "installation-token.json")));
    }

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource(delimiter = '|', textBlock = """
            https://github.com/acme/gitops.git            | https://api.github.com        | acme/gitops
            https://github.com/acme/gitops                | https://api.github.com        | acme/gitops
            https://GitHub.com/acme/gitops/               | https://api.github.com        | acme/gitops
            https://ghe.example.com/acme/gitops.git       | https://ghe.example.com/api/v3 | acme/gitops
            https://acme.ghe.com/acme/gitops.git          | https://api.acme.ghe.com      | acme/gitops
            http://127.0.0.1:8080/acme/gitops.git         | http://127.0.0.1:9090         | acme/gitops
            https://gitlab.example.com/acme/gitops.git    | https://api.github.com        | -
            https://api.github.com.evil.example/acme/gitops | https://api.github.com      | -
            http://github.com/acme/gitops.git             | https://api.github.com        | -
            ssh://git@github.com/acme/gitops.git          | https://api.github.com        | -
            https://bot:secret@github.com/acme/gitops.git | https://api.github.com        | -
            https://github.com/acme                       | https://api.github.com        | -
            https://github.com/acme/gitops/tree/main      | https://api.github.com        | -
            https://github.com/-acme/gitops               | https://api.github.com        | -
            https://github.com/acme/..                    | https://api.github.com        | -
            not a url at all                              | https://api.github.com        | -
            """)
    void sendsTheAppsTokensOnlyToARepositoryOnItsOwnGitHub(String gitUrl, String apiUrl, String expected) {
        InstallationTokens at = new InstallationTokens(rig.app, URI.create(apiUrl));

        assertThat(at.repositoryAt(gitUrl))
                .isEqualTo(expected.equals("-") ? Optional.empty() : Optional.of(RepoRef.parse(expected)));
    }

    @Test
    void findsTheRepositorysInstallationOnceAndKeepsItsToken() {
        assertThat(tokens.tokenFor(GITOPS)).isEqualTo(TOKEN);
        rig.clock.advance(Duration.ofMinutes(54)); // installation-token.json expires 60 minutes after the start
        assertThat(tokens.tokenFor(GITOPS)).isEqualTo(TOKEN);

        github.verify(1, getRequestedFor(urlEqualTo(INSTALLATION)));
        github.verify(1, postRequestedFor(urlEqualTo(TOKENS)));
    }

    @Test
    void renewsTheTokenFiveMinutesBeforeItExpires() {
        tokens.tokenFor(GITOPS);
        rig.clock.advance(Duration.ofMinutes(55).plusSeconds(1));
        tokens.tokenFor(GITOPS);

        github.verify(2, postRequestedFor(urlEqualTo(TOKENS)));
    }

    @Test
    void aRefusedTokenIsDroppedAndTheInstallationLookedUpAgain() {
        String refused = tokens.tokenFor(GITOPS);

        tokens.refused(GITOPS, refused);
        tokens.tokenFor(GITOPS);

        github.verify(2, getRequestedFor(urlEqualTo(INSTALLATION)));
        github.verify(2, postRequestedFor(urlEqualTo(TOKENS)));
    }

    @Test
    void aTokenRefusedAfterItWasAlreadyReplacedDoesNotDropTheNewOne() {
        tokens.tokenFor(GITOPS);

        tokens.refused(GITOPS, "ghs_someOlderTokenThatWasAlreadyReplaced");
        tokens.tokenFor(GITOPS);

        github.verify(1, getRequestedFor(urlEqualTo(INSTALLATION)));
        github.verify(1, postRequestedFor(urlEqualTo(TOKENS)));
    }

    @Test
    void anAppNotInstalledOnTheRepositorySaysSo() {
        github.stubFor(get(urlEqualTo(INSTALLATION)).willReturn(json(404, "error-not-found.json")));

        assertThatThrownBy(() -> tokens.tokenFor(GITOPS))
                .isInstanceOf(GitHubException.class)
                .hasMessage("finding the GitHub App's installation on acme/gitops: 404 Not Found");
    }
}
