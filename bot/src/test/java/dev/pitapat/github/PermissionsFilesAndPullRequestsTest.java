package dev.pitapat.github;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.pitapat.github.GitHubRig.INSTALLATION;
import static dev.pitapat.github.GitHubRig.REPO;
import static dev.pitapat.github.GitHubRig.fixture;
import static dev.pitapat.github.GitHubRig.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.pitapat.model.Permission;
import java.net.URI;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class PermissionsFilesAndPullRequestsTest {

    private static final String CONFIG = "/repos/acme/hello/contents/.github/pitapat.yml?ref=main";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    static WireMockExtension github = GitHubRig.wireMock();

    private GitHubRig rig;

    @BeforeEach
    void setUp() {
        rig = new GitHubRig(github).withInstallationToken();
    }

    @ParameterizedTest(name = "role_name {0} (permission says {1})")
    @CsvSource({
        "admin, admin, ADMIN",
        "maintain, write, MAINTAIN",
        "write, write, WRITE",
        "triage, read, TRIAGE",
        "read, read, READ",
        "custom-role, write, WRITE"
    })
    void readsTheRoleNameNotTheLegacyPermission(String fixture, String legacy, Permission expected) {
        github.stubFor(get(urlEqualTo("/repos/acme/hello/collaborators/alice/permission"))
                .willReturn(json(200, "collaborator-permission-" + fixture + ".json")));

        assertThat(rig.gateway.permissionOf(INSTALLATION, REPO, "alice")).isEqualTo(expected);
        assertThat(fixture("collaborator-permission-" + fixture + ".json"))
                .contains("\"permission\": \"" + legacy + "\"");
    }

    @Test
    void answersNoneForSomeoneGitHubDoesNotKnow() {
        github.stubFor(get(urlEqualTo("/repos/acme/hello/collaborators/mallory/permission"))
                .willReturn(json(404, "error-not-found.json")));

        assertThat(rig.gateway.permissionOf(INSTALLATION, REPO, "mallory")).isEqualTo(Permission.NONE);
        assertThat(rig.calls("permission", "404")).isEqualTo(1);
    }

    @Test
    void asksForABotsPermissionWithItsLoginEncoded() {
        github.stubFor(get(urlEqualTo("/repos/acme/hello/collaborators/dependabot%5Bbot%5D/permission"))
                .willReturn(json(200, "collaborator-permission-read.json")));

        assertThat(rig.gateway.permissionOf(INSTALLATION, REPO, "dependabot[bot]"))
                .isEqualTo(Permission.READ);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../admin", "alice/permission?x=", "", "-alice", "a lice", "alice\n"})
    void refusesLoginsThatAreNotGitHubLogins(String login) {
        assertThatThrownBy(() -> rig.gateway.permissionOf(INSTALLATION, REPO, login))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(github.getAllServeEvents()).isEmpty();
    }

    @Test
    void decodesAFilesBase64Content() {
        github.stubFor(get(urlEqualTo(CONFIG)).willReturn(json(200, "contents-file.json")));

        assertThat(rig.gateway.fileAt(INSTALLATION, REPO, "main", ".github/pitapat.yml"))
                .contains(fixture("contents-file.expected.yml"));
        github.verify(getRequestedFor(urlEqualTo(CONFIG)));
    }

    @Test
    void answersNothingForAMissingFile() {
        github.stubFor(get(urlEqualTo(CONFIG)).willReturn(json(404, "error-not-found.json")));

        assertThat(rig.gateway.fileAt(INSTALLATION, REPO, "main", ".github/pitapat.yml"))
                .isEmpty();
    }

    @Test
    void answersNothingForADirectory() {
        github.stubFor(get(urlEqualTo("/repos/acme/hello/contents/.github?ref=main"))
                .willReturn(json(200, "contents-directory.json")));

        assertThat(rig.gateway.fileAt(INSTALLATION, REPO, "main", ".github")).isEmpty();
    }

    @Test
    void encodesRefsAndPaths() {
        github.stubFor(get(urlEqualTo("/repos/acme/hello/contents/conf/my%20app.yml?ref=feature/a%26b%2B1"))
                .willReturn(json(200, "contents-file.json")));

        assertThat(rig.gateway.fileAt(INSTALLATION, REPO, "feature/a&b+1", "conf/my app.yml"))
                .isPresent();
    }

    @Test
    void refusesToLeaveTheRepositoryThroughThePath() {
        assertThatThrownBy(() -> rig.gateway.fileAt(INSTALLATION, REPO, "main", "../../users/alice"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void saysAFileIsTooLargeRatherThanReadingItAsEmpty() {
        ObjectNode big = (ObjectNode) JSON.readTree(fixture("contents-file.json"));
        big.put("encoding", "none").put("content", "").put("size", 2_000_000);
        github.stubFor(get(urlEqualTo(CONFIG)).willReturn(okJson(big.toString())));

        assertThatThrownBy(() -> rig.gateway.fileAt(INSTALLATION, REPO, "main", ".github/pitapat.yml"))
                .isInstanceOf(GitHubException.class)
                .hasMessageStartingWith("reading .github/pitapat.yml at main in acme/hello: ");
    }

    @Test
    void readsAPullRequest() {
        github.stubFor(get(urlEqualTo("/repos/acme/hello/pulls/7")).willReturn(json(200, "pull-request.json")));

        PullRequest pr = rig.gateway.pullRequest(INSTALLATION, REPO, 7);

        assertThat(pr)
                .isEqualTo(new PullRequest(
                        7,
                        PullRequest.State.OPEN,
                        false,
                        false,
                        "Greet in French",
                        "alice",
                        "6dcb09b5b57875f334f61aebed695e2e4193db5e",
                        "french",
                        OptionalLong.of(1296269),
                        "main",
                        1296269,
                        URI.create("https://github.com/acme/hello/pull/7")));
        assertThat(pr.fromFork()).isFalse();
    }

    @Test
    void listsThePullRequestsCommitsAcrossPages() {
        github.stubFor(get(urlEqualTo("/repos/acme/hello/pulls/7/commits?per_page=100&page=1"))
                .willReturn(json(200, "pull-request-commits.json")));

        assertThat(rig.gateway.pullRequestCommits(INSTALLATION, REPO, 7))
                .containsExactly(
                        "553c2077f0edc3d5dc5d17262f6aa498e69d6f8e", "6dcb09b5b57875f334f61aebed695e2e4193db5e");
        github.verify(1, getRequestedFor(urlEqualTo("/repos/acme/hello/pulls/7/commits?per_page=100&page=1")));
    }

    @Test
    void seesAPullRequestFromAFork() {
        ObjectNode pr = (ObjectNode) JSON.readTree(fixture("pull-request.json"));
        ((ObjectNode) pr.path("head").path("repo"))
                .put("id", 999)
                .put("full_name", "mallory/hello")
                .put("fork", true);
        github.stubFor(get(urlEqualTo("/repos/acme/hello/pulls/7")).willReturn(okJson(pr.toString())));

        assertThat(rig.gateway.pullRequest(INSTALLATION, REPO, 7).fromFork()).isTrue();
    }

    @Test
    void takesAPullRequestFromADeletedForkAsAFork() {
        ObjectNode pr = (ObjectNode) JSON.readTree(fixture("pull-request.json"));
        ((ObjectNode) pr.path("head")).putNull("repo");
        pr.put("state", "closed").put("merged", true);
        github.stubFor(get(urlEqualTo("/repos/acme/hello/pulls/7")).willReturn(okJson(pr.toString())));

        PullRequest read = rig.gateway.pullRequest(INSTALLATION, REPO, 7);

        assertThat(read.headRepoId()).isEmpty();
        assertThat(read.fromFork()).isTrue();
        assertThat(read.state()).isEqualTo(PullRequest.State.CLOSED);
        assertThat(read.merged()).isTrue();
    }
}
