package dev.pitapat.github;

import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The token a build fetches its commit with: a new installation token narrowed to that one repository and to
 * reading its contents (GitHub's {@code POST /app/installations/{id}/access_tokens} with {@code repositories} and
 * {@code permissions}), asked for each build and never kept for pitapat's own calls.
 */
class CloneTokenTest {

    @RegisterExtension
    static WireMockExtension github = GitHubRig.wireMock();

    @Test
    void asksForATokenThatMayOnlyReadThatOneRepository() {
        GitHubRig rig = new GitHubRig(github);
        github.stubFor(post(urlEqualTo(GitHubRig.TOKEN_PATH))
                .withRequestBody(equalToJson("{\"repositories\":[\"hello\"],\"permissions\":{\"contents\":\"read\"}}"))
                .willReturn(GitHubRig.json(201, "installation-token.json")));

        String token = rig.gateway.cloneToken(GitHubRig.INSTALLATION, GitHubRig.REPO);
        String again = rig.gateway.cloneToken(GitHubRig.INSTALLATION, GitHubRig.REPO);

        assertThat(token).isEqualTo(GitHubRig.TOKEN).isEqualTo(again);
        github.verify(2, postRequestedFor(urlEqualTo(GitHubRig.TOKEN_PATH))); // never cached
    }

    @Test
    void aRefusalSaysWhatWasAskedAndNeverATokenOrKey() {
        GitHubRig rig = new GitHubRig(github);
        github.stubFor(
                post(urlEqualTo(GitHubRig.TOKEN_PATH)).willReturn(GitHubRig.json(422, "error-validation-failed.json")));

        assertThatThrownBy(() -> rig.gateway.cloneToken(GitHubRig.INSTALLATION, GitHubRig.REPO))
                .isInstanceOf(GitHubException.class)
                .hasMessageContaining("creating a read-only token for hello")
                .hasMessageNotContaining("ghs_");
    }
}
