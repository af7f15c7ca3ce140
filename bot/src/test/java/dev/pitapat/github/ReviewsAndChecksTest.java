package dev.pitapat.github;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.pitapat.github.GitHubRig.INSTALLATION;
import static dev.pitapat.github.GitHubRig.REPO;
import static dev.pitapat.github.GitHubRig.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Reviews, the checks of a commit and a commit's pull requests: what {@code requires:} is judged by. */
class ReviewsAndChecksTest {

    private static final String SHA = "6dcb09b5b57875f334f61aebed695e2e4193db5e";

    @RegisterExtension
    static WireMockExtension github = GitHubRig.wireMock();

    private GitHubRig rig;

    @BeforeEach
    void setUp() {
        rig = new GitHubRig(github).withInstallationToken();
    }

    @Test
    void listsReviewsOldestFirstSkippingDeletedAccounts() {
        github.stubFor(get(urlEqualTo("/repos/acme/hello/pulls/7/reviews?per_page=100&page=1"))
                .willReturn(json(200, "pull-request-reviews.json")));

        assertThat(rig.gateway.reviews(INSTALLATION, REPO, 7))
                .containsExactly(
                        new Review("octocat", "CHANGES_REQUESTED", "553c2077f0edc3d5dc5d17262f6aa498e69d6f8e"),
                        new Review("hubot", "COMMENTED", SHA),
                        new Review("octocat", "APPROVED", SHA));
    }

    @Test
    void readsCheckRunsAndCommitStatusesOfACommit() {
        stubChecks("check-runs-for-ref.json", "combined-status.json");

        assertThat(rig.gateway.checksOf(INSTALLATION, REPO, SHA))
                .containsExactly(
                        new CommitCheck("test", CommitCheck.Result.PASSED, "success", OptionalLong.of(15368)),
                        new CommitCheck("docs", CommitCheck.Result.PASSED, "skipped", OptionalLong.of(15368)),
                        new CommitCheck(
                                "deploy/production", CommitCheck.Result.PENDING, "in_progress", OptionalLong.of(4242)),
                        new CommitCheck(
                                "continuous-integration/jenkins",
                                CommitCheck.Result.PASSED,
                                "success",
                                OptionalLong.empty()));
        github.verify(getRequestedFor(urlEqualTo("/repos/acme/hello/commits/" + SHA + "/status?per_page=100")));
    }

    @Test
    void aFailedConclusionOrStatusFails() {
        github.stubFor(get(urlEqualTo("/repos/acme/hello/commits/" + SHA + "/check-runs?per_page=100&page=1"))
                .willReturn(okJson("""
                        {"total_count": 2, "check_runs": [
                          {"id": 1, "name": "lint", "status": "completed", "conclusion": "timed_out", "app": {"id": 1}},
                          {"id": 2, "name": "e2e", "status": "queued", "conclusion": null, "app": {"id": 1}}]}
                        """)));
        github.stubFor(get(urlEqualTo("/repos/acme/hello/commits/" + SHA + "/status?per_page=100"))
                .willReturn(okJson("""
                        {"state": "failure", "sha": "%s", "total_count": 1, "statuses": [
                          {"id": 3, "state": "error", "context": "ci/legacy", "description": "boom"}]}
                        """.formatted(SHA))));

        assertThat(rig.gateway.checksOf(INSTALLATION, REPO, SHA))
                .extracting(CommitCheck::name, CommitCheck::result)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("lint", CommitCheck.Result.FAILED),
                        org.assertj.core.groups.Tuple.tuple("e2e", CommitCheck.Result.PENDING),
                        org.assertj.core.groups.Tuple.tuple("ci/legacy", CommitCheck.Result.FAILED));
    }

    @Test
    void listsThePullRequestsACommitBelongsTo() {
        github.stubFor(get(urlEqualTo("/repos/acme/hello/commits/" + SHA + "/pulls?per_page=100&page=1"))
                .willReturn(json(200, "commit-pull-requests.json")));

        assertThat(rig.gateway.pullRequestsOf(INSTALLATION, REPO, SHA)).containsExactly(7);
    }

    @Test
    void aFailingAnswerIsAGitHubException() {
        github.stubFor(get(urlEqualTo("/repos/acme/hello/pulls/7/reviews?per_page=100&page=1"))
                .willReturn(json(404, "error-not-found.json")));

        assertThatThrownBy(() -> rig.gateway.reviews(INSTALLATION, REPO, 7))
                .isInstanceOf(GitHubException.class)
                .hasMessageContaining("listing the reviews of pull request #7");
    }

    private void stubChecks(String runs, String statuses) {
        github.stubFor(get(urlEqualTo("/repos/acme/hello/commits/" + SHA + "/check-runs?per_page=100&page=1"))
                .willReturn(json(200, runs)));
        github.stubFor(get(urlEqualTo("/repos/acme/hello/commits/" + SHA + "/status?per_page=100"))
                .willReturn(json(200, statuses)));
    }
}
