package dev.pitapat.github;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.pitapat.github.GitHubRig.INSTALLATION;
import static dev.pitapat.github.GitHubRig.REPO;
import static dev.pitapat.github.GitHubRig.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.pitapat.model.RepoRef;
import dev.pitapat.testing.GitHubStandIn;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The calls that open a pull request, as GitHub's REST API describes them (version 2022-11-28): get a repository,
 * get a reference, create a reference, create or update file contents, create a pull request, list pull requests.
 */
class BranchesFilesAndPullRequestsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String SHA = "aa218f56b14c9653891f9e74264a383fa43fefbd";
    private static final String BRANCH = "pitapat/onboarding";

    @RegisterExtension
    static WireMockExtension github = GitHubRig.wireMock();

    private GitHubRig rig;

    @BeforeEach
    void setUp() {
        rig = new GitHubRig(github).withInstallationToken();
    }

    @Test
    void readsTheRepositorysIdDefaultBranchAndWhetherItIsArchived() {
        github.stubFor(get(urlEqualTo("/repos/acme/hello")).willReturn(json(200, "repository.json")));

        GitHubRepository repository = rig.gateway.repository(INSTALLATION, REPO);

        assertThat(repository)
                .isEqualTo(new GitHubRepository(new RepoRef("Codertocat", "Hello-World"), 186853002, "main", false));
    }

    @Test
    void readsTheShaABranchPointsAtWithEachOfItsSegmentsInThePath() {
        github.stubFor(get(urlEqualTo("/repos/acme/hello/git/ref/heads/main")).willReturn(json(200, "git-ref.json")));
        github.stubFor(get(urlEqualTo("/repos/acme/hello/git/ref/heads/pitapat/onboarding"))
                .willReturn(json(200, "git-ref-created.json")));

        assertThat(rig.gateway.branchHead(INSTALLATION, REPO, "main")).contains(SHA);
        assertThat(rig.gateway.branchHead(INSTALLATION, REPO, BRANCH)).contains(SHA);
    }

    @Test
    void aMissingBranchAndAnEmptyRepositoryHaveNoHead() {
        github.stubFor(
                get(urlEqualTo("/repos/acme/hello/git/ref/heads/gone")).willReturn(json(404, "error-not-found.json")));
        github.stubFor(get(urlEqualTo("/repos/acme/hello/git/ref/heads/main"))
                .willReturn(json(409, "error-git-repository-empty.json")));

        assertThat(rig.gateway.branchHead(INSTALLATION, REPO, "gone")).isEmpty();
        assertThat(rig.gateway.branchHead(INSTALLATION, REPO, "main")).isEmpty();
    }

    @Test
    void createsABranchWithItsFullyQualifiedRef() {
        github.stubFor(post(urlEqualTo("/repos/acme/hello/git/refs")).willReturn(json(201, "git-ref-created.json")));

        assertThat(rig.gateway.createBranch(INSTALLATION, REPO, BRANCH, SHA)).isTrue();

        github.verify(postRequestedFor(urlEqualTo("/repos/acme/hello/git/refs"))
                .withRequestBody(
                        equalToJson("{\"ref\": \"refs/heads/pitapat/onboarding\", \"sha\": \"" + SHA + "\"}")));
    }

    @Test
    void aBranchThatExistsAlreadyIsLeftAsItIs() {
        github.stubFor(
                post(urlEqualTo("/repos/acme/hello/git/refs")).willReturn(json(422, "error-reference-exists.json")));
        github.stubFor(get(urlEqualTo("/repos/acme/hello/git/ref/heads/pitapat/onboarding"))
                .willReturn(json(200, "git-ref-created.json")));

        assertThat(rig.gateway.createBranch(INSTALLATION, REPO, BRANCH, SHA)).isFalse();
    }

    @Test
    void anotherRefusalOfTheBranchIsAFailure() {
        github.stubFor(post(urlEqualTo("/repos/acme/hello/git/refs"))
                .willReturn(okJson("{\"message\": \"Object does not exist\"}").withStatus(422)));
        github.stubFor(get(urlEqualTo("/repos/acme/hello/git/ref/heads/pitapat/onboarding"))
                .willReturn(json(404, "error-not-found.json")));

        assertThatThrownBy(() -> rig.gateway.createBranch(INSTALLATION, REPO, BRANCH, SHA))
                .isInstanceOfSatisfying(
                        GitHubException.class, e -> assertThat(e.status()).isEqualTo(OptionalInt.of(422)))
                .hasMessage(
                        "creating branch pitapat/onboarding at " + SHA + " in acme/hello: 422 Object does not exist");
    }

    @Test
    void createsAFileOnABranchInBase64WithItsCommitMessage() {
        github.stubFor(put(urlEqualTo("/repos/acme/hello/contents/.github/pitapat.yml"))
                .willReturn(json(201, "contents-created.json")));

        assertThat(rig.gateway.createFile(INSTALLATION, REPO, BRANCH, ".github/pitapat.yml", "app: héllo\n", "Add it"))
                .isTrue();

        JsonNode body = JSON.readTree(
                github.findAll(putRequestedFor(urlEqualTo("/repos/acme/hello/contents/.github/pitapat.yml")))
                        .getFirst()
                        .getBodyAsString());
        assertThat(body.propertyNames()).containsExactlyInAnyOrder("message", "content", "branch");
        assertThat(body.path("message").asString()).isEqualTo("Add it");
        assertThat(body.path("branch").asString()).isEqualTo(BRANCH);
        assertThat(new String(Base64.getDecoder().decode(body.path("content").asString()), StandardCharsets.UTF_8))
                .isEqualTo("app: héllo\n");
    }

    @Test
    void aFileThatExistsOnTheBranchIsLeftAsItIs() {
        github.stubFor(put(urlEqualTo("/repos/acme/hello/contents/.github/pitapat.yml"))
                .willReturn(json(422, "error-sha-not-supplied.json")));
        github.stubFor(get(urlEqualTo("/repos/acme/hello/contents/.github/pitapat.yml?ref=pitapat/onboarding"))
                .willReturn(GitHubStandIn.contents("app: hello\n")));

        assertThat(rig.gateway.createFile(INSTALLATION, REPO, BRANCH, ".github/pitapat.yml", "app: x\n", "Add it"))
                .isFalse();
    }

    @Test
    void opensAPullRequestFromABranchOfTheRepository() {
        github.stubFor(post(urlEqualTo("/repos/acme/hello/pulls"))
                .willReturn(okJson(GitHubStandIn.pullRequest("acme/hello", 1296269, 12, BRANCH, "main", "open")
                                .toString())
                        .withStatus(201)));

        PullRequest opened = rig.gateway.openPullRequest(
                INSTALLATION, REPO, new NewPullRequest("Deploy with pitapat", BRANCH, "main", "**pitapat** ..."));

        assertThat(opened.number()).isEqualTo(12);
        assertThat(opened.state()).isEqualTo(PullRequest.State.OPEN);
        assertThat(opened.headRef()).isEqualTo(BRANCH);
        github.verify(postRequestedFor(urlEqualTo("/repos/acme/hello/pulls"))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"title\": \"Deploy with pitapat\", \"head\": \"" + BRANCH
                        + "\", \"base\": \"main\", \"body\": \"**pitapat** ...\"}")));
    }

    @Test
    void aPullRequestGitHubRefusesIsAFailureWithItsStatus() {
        github.stubFor(
                post(urlEqualTo("/repos/acme/hello/pulls")).willReturn(json(422, "error-pull-request-exists.json")));

        assertThatThrownBy(() ->
                        rig.gateway.openPullRequest(INSTALLATION, REPO, new NewPullRequest("t", BRANCH, "main", "b")))
                .isInstanceOfSatisfying(
                        GitHubException.class, e -> assertThat(e.status()).isEqualTo(OptionalInt.of(422)));
    }

    @Test
    void listsThePullRequestsFromABranchOpenClosedAndMerged() {
        github.stubFor(get(urlEqualTo("/repos/acme/hello/pulls?state=all&head=acme:pitapat/onboarding&per_page=100"))
                .willReturn(okJson(GitHubStandIn.pullRequests(
                        GitHubStandIn.pullRequest("acme/hello", 1296269, 14, BRANCH, "main", "merged"),
                        GitHubStandIn.pullRequest("acme/hello", 1296269, 12, BRANCH, "main", "closed")))));

        var found = rig.gateway.pullRequestsFrom(INSTALLATION, REPO, BRANCH);

        assertThat(found).extracting(PullRequest::number).containsExactly(14, 12);
        assertThat(found).extracting(PullRequest::merged).containsExactly(true, false);
        assertThat(found).extracting(PullRequest::state).containsOnly(PullRequest.State.CLOSED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a//b", "../main", "pitapat/..", "/main", "main/"})
    void refusesBranchNamesWithEmptyOrDotSegments(String branch) {
        assertThatThrownBy(() -> rig.gateway.createBranch(INSTALLATION, REPO, branch, SHA))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rig.gateway.branchHead(INSTALLATION, REPO, branch))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(github.getAllServeEvents()).isEmpty();
    }
}
