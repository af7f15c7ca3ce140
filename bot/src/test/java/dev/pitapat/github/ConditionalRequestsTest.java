package dev.pitapat.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.pitapat.github.GitHubRig.INSTALLATION;
import static dev.pitapat.github.GitHubRig.REPO;
import static dev.pitapat.github.GitHubRig.fixture;
import static dev.pitapat.github.GitHubRig.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.pitapat.model.Permission;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** GitHub does not count a {@code 304} against the rate limit, so every GET asks whether its answer changed. */
class ConditionalRequestsTest {

    private static final String CONFIG = "/repos/acme/hello/contents/.github/pitapat.yml?ref=main";
    private static final String PERMISSION = "/repos/acme/hello/collaborators/alice/permission";
    private static final String PULL_REQUEST = "/repos/acme/hello/pulls/7";
    private static final String ETAG = "\"3d21ec53a331a6f037a91c368710b99387d012c1\"";
    private static final String NEW_ETAG = "\"9f86d081884c7d659a2feaa0c55ad015a3bf4f1b\"";
    private static final String CHANGED_CONFIG = "app: hello\nenvironments:\n  staging: {}\n";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    static WireMockExtension github = GitHubRig.wireMock();

    private GitHubRig rig;

    @BeforeEach
    void setUp() {
        rig = new GitHubRig(github).withInstallationToken();
    }

    /** An unconditional GET of {@code path} is answered with the fixture and {@code etag}. */
    private static void answers(String path, ResponseDefinitionBuilder answer, String etag) {
        github.stubFor(get(urlEqualTo(path))
                .withHeader("If-None-Match", absent())
                .willReturn(answer.withHeader("ETag", etag)));
    }

    /** A GET of {@code path} that names {@code etag} is answered {@code 304}, as GitHub does. */
    private static void unchangedSince(String path, String etag) {
        github.stubFor(get(urlEqualTo(path))
                .withHeader("If-None-Match", equalTo(etag))
                .willReturn(aResponse().withStatus(304).withHeader("ETag", etag)));
    }

    private static String changedConfigFile() {
        ObjectNode file = (ObjectNode) JSON.readTree(fixture("contents-file.json"));
        file.put("content", Base64.getMimeEncoder().encodeToString(CHANGED_CONFIG.getBytes(StandardCharsets.UTF_8)));
        return file.toString();
    }

    private String readConfig(long installation) {
        return rig.gateway
                .fileAt(installation, REPO, "main", ".github/pitapat.yml")
                .orElseThrow();
    }

    @Test
    void readsAFileAgainWithTheETagGitHubGaveAndTakesTheSameTextFromA304() {
        answers(CONFIG, json(200, "contents-file.json"), ETAG);
        unchangedSince(CONFIG, ETAG);

        String first = readConfig(INSTALLATION);
        String second = readConfig(INSTALLATION);

        assertThat(first).isEqualTo(fixture("contents-file.expected.yml"));
        assertThat(second).isEqualTo(first);
        github.verify(1, getRequestedFor(urlEqualTo(CONFIG)).withHeader("If-None-Match", absent()));
        github.verify(1, getRequestedFor(urlEqualTo(CONFIG)).withHeader("If-None-Match", equalTo(ETAG)));
    }

    @Test
    void readsAChangedFileAndRemembersItsNewETag() {
        answers(CONFIG, json(200, "contents-file.json"), ETAG);
        github.stubFor(get(urlEqualTo(CONFIG))
                .withHeader("If-None-Match", equalTo(ETAG))
                .willReturn(okJson(changedConfigFile()).withHeader("ETag", NEW_ETAG)));
        unchangedSince(CONFIG, NEW_ETAG);

        readConfig(INSTALLATION);
        String changed = readConfig(INSTALLATION);
        String unchanged = readConfig(INSTALLATION);

        assertThat(changed).isEqualTo(CHANGED_CONFIG);
        assertThat(unchanged).isEqualTo(CHANGED_CONFIG);
        github.verify(1, getRequestedFor(urlEqualTo(CONFIG)).withHeader("If-None-Match", equalTo(NEW_ETAG)));
    }

    @Test
    void asksForAPermissionConditionally() {
        answers(PERMISSION, json(200, "collaborator-permission-maintain.json"), ETAG);
        unchangedSince(PERMISSION, ETAG);

        assertThat(rig.gateway.permissionOf(INSTALLATION, REPO, "alice")).isEqualTo(Permission.MAINTAIN);
        assertThat(rig.gateway.permissionOf(INSTALLATION, REPO, "alice")).isEqualTo(Permission.MAINTAIN);

        github.verify(1, getRequestedFor(urlEqualTo(PERMISSION)).withHeader("If-None-Match", equalTo(ETAG)));
        assertThat(rig.calls("permission", "304")).isEqualTo(1);
    }

    @Test
    void readsAPullRequestConditionally() {
        answers(PULL_REQUEST, json(200, "pull-request.json"), ETAG);
        unchangedSince(PULL_REQUEST, ETAG);

        PullRequest first = rig.gateway.pullRequest(INSTALLATION, REPO, 7);
        PullRequest second = rig.gateway.pullRequest(INSTALLATION, REPO, 7);

        assertThat(second).isEqualTo(first);
        github.verify(1, getRequestedFor(urlEqualTo(PULL_REQUEST)).withHeader("If-None-Match", equalTo(ETAG)));
        assertThat(rig.calls("pull_request", "304")).isEqualTo(1);
    }

    @Test
    void fallsBackToLastModifiedWhenGitHubGivesNoETag() {
        String lastModified = "Thu, 01 Jan 2026 00:00:00 GMT";
        github.stubFor(get(urlEqualTo(PULL_REQUEST))
                .withHeader("If-Modified-Since", absent())
                .willReturn(json(200, "pull-request.json").withHeader("Last-Modified", lastModified)));
        github.stubFor(get(urlEqualTo(PULL_REQUEST))
                .withHeader("If-Modified-Since", equalTo(lastModified))
                .willReturn(aResponse().withStatus(304)));

        PullRequest first = rig.gateway.pullRequest(INSTALLATION, REPO, 7);

        assertThat(rig.gateway.pullRequest(INSTALLATION, REPO, 7)).isEqualTo(first);
        github.verify(
                1,
                getRequestedFor(urlEqualTo(PULL_REQUEST))
                        .withHeader("If-Modified-Since", equalTo(lastModified))
                        .withHeader("If-None-Match", absent()));
    }

    @Test
    void neverSharesARememberedAnswerBetweenInstallations() {
        long other = 43;
        ObjectNode otherToken = (ObjectNode) JSON.readTree(fixture("installation-token.json"));
        otherToken.put("token", "ghs_aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gI3kM5");
        github.stubFor(post(urlEqualTo("/app/installations/" + other + "/access_tokens"))
                .willReturn(okJson(otherToken.toString()).withStatus(201)));
        answers(CONFIG, json(200, "contents-file.json"), ETAG);
        unchangedSince(CONFIG, ETAG);

        readConfig(INSTALLATION);
        readConfig(other);
        readConfig(INSTALLATION);
        readConfig(other);

        // Each installation's first read is its own full answer; each asks conditionally only after it.
        github.verify(2, getRequestedFor(urlEqualTo(CONFIG)).withHeader("If-None-Match", absent()));
        github.verify(2, getRequestedFor(urlEqualTo(CONFIG)).withHeader("If-None-Match", equalTo(ETAG)));
    }

    // pitapat keeps the answer it asked about for the length of the request, so a 304 to a conditional GET
    // always has its body; a 304 can only find pitapat empty-handed when it asked without validators.
    @Test
    void asksAgainWithoutValidatorsWhenA304ComesForAnAnswerNoLongerRemembered() {
        GitHubRig tiny = new GitHubRig(github, new ConditionalCache(64, 1)).withInstallationToken();
        github.stubFor(get(urlEqualTo(CONFIG))
                .inScenario("forgotten")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(200, "contents-file.json").withHeader("ETag", ETAG))
                .willSetStateTo("read"));
        github.stubFor(get(urlEqualTo(CONFIG))
                .inScenario("forgotten")
                .whenScenarioStateIs("read")
                .willReturn(aResponse().withStatus(304).withHeader("ETag", ETAG))
                .willSetStateTo("not modified"));
        github.stubFor(get(urlEqualTo(CONFIG))
                .inScenario("forgotten")
                .whenScenarioStateIs("not modified")
                .willReturn(json(200, "contents-file.json").withHeader("ETag", ETAG)));

        tiny.gateway.fileAt(INSTALLATION, REPO, "main", ".github/pitapat.yml");

        assertThat(tiny.gateway.fileAt(INSTALLATION, REPO, "main", ".github/pitapat.yml"))
                .contains(fixture("contents-file.expected.yml"));
        github.verify(3, getRequestedFor(urlEqualTo(CONFIG)).withHeader("If-None-Match", absent()));
        assertThat(tiny.calls("file", "304")).isEqualTo(1);
        assertThat(tiny.calls("file", "200")).isEqualTo(2);
    }

    @Test
    void countsEach304InTheCallsMetric() {
        answers(CONFIG, json(200, "contents-file.json"), ETAG);
        unchangedSince(CONFIG, ETAG);

        readConfig(INSTALLATION);
        readConfig(INSTALLATION);
        readConfig(INSTALLATION);

        assertThat(rig.calls("file", "200")).isEqualTo(1);
        assertThat(rig.calls("file", "304")).isEqualTo(2);
    }
}
