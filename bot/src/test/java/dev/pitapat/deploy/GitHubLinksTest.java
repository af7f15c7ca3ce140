package dev.pitapat.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.github.GitHubProperties;
import dev.pitapat.gitops.GitOpsProperties;
import dev.pitapat.model.Sha;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Links to commits and pull requests on the App's GitHub, and to GitOps commits when the repository is there. */
class GitHubLinksTest {

    private static final Sha SHA = new Sha("6dcb09b5b57875f334f61aebed695e2e4193db5e");

    @Test
    void linksCommitsAndPullRequestsOnGitHubComAndTheGitOpsCommitWhenItsRepositoryIsThere() {
        GitHubLinks links = links("https://api.github.com", "https://github.com/acme/gitops.git");

        assertThat(links.commit("acme/hello", SHA))
                .isEqualTo(URI.create("https://github.com/acme/hello/commit/" + SHA.value()));
        assertThat(links.pullRequest("acme/hello", 7)).isEqualTo(URI.create("https://github.com/acme/hello/pull/7"));
        assertThat(links.gitopsCommit(SHA))
                .contains(URI.create("https://github.com/acme/gitops/commit/" + SHA.value()));
    }

    @Test
    void linksToGitHubEnterpriseWithoutItsApiPath() {
        GitHubLinks links = links("https://ghe.example.com/api/v3", "https://ghe.example.com/ops/gitops.git");

        assertThat(links.pullRequest("acme/hello", 7))
                .isEqualTo(URI.create("https://ghe.example.com/acme/hello/pull/7"));
        assertThat(links.gitopsCommit(SHA))
                .contains(URI.create("https://ghe.example.com/ops/gitops/commit/" + SHA.value()));
    }

    @Test
    void aLocalGitOpsRepositoryHasNoPageToLinkTo() {
        assertThat(links("https://api.github.com", "./data/gitops.git").gitopsCommit(SHA))
                .isEmpty();
    }

    private static GitHubLinks links(String apiUrl, String gitopsRepo) {
        GitHubProperties app = new GitHubProperties(
                URI.create(apiUrl),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                List.of());
        return GitHubLinks.of(
                repo -> URI.create(app.webUrl() + "/" + repo),
                app,
                new GitOpsProperties(gitopsRepo, "main", Path.of("work"), Optional.empty()));
    }
}
