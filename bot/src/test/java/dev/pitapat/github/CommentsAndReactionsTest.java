package dev.pitapat.github;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.pitapat.github.GitHubRig.INSTALLATION;
import static dev.pitapat.github.GitHubRig.REPO;
import static dev.pitapat.github.GitHubRig.fixture;
import static dev.pitapat.github.GitHubRig.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

@ExtendWith(OutputCaptureExtension.class)
class CommentsAndReactionsTest {

    private static final String MARKER = "<!-- pitapat:deploy/staging -->";
    private static final String COMMENTS = "/repos/acme/hello/issues/7/comments";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    static WireMockExtension github = GitHubRig.wireMock();

    private GitHubRig rig;

    @BeforeEach
    void setUp() {
        rig = new GitHubRig(github).withInstallationToken();
        github.stubFor(get(urlEqualTo("/app")).willReturn(json(200, "app.json")));
        github.stubFor(post(urlEqualTo(COMMENTS)).willReturn(json(201, "issue-comment-created.json")));
        github.stubFor(patch(urlEqualTo("/repos/acme/hello/issues/comments/1800000002"))
                .willReturn(json(200, "issue-comment-created.json")));
    }

    private void listing(String body) {
        github.stubFor(get(urlEqualTo(COMMENTS + "?per_page=100&page=1")).willReturn(okJson(body)));
    }

    private Optional<Long> find(String marker) {
        return rig.gateway.findComment(INSTALLATION, REPO, 7, marker).map(CommentRef::id);
    }

    /** The App's own marked comment, as written by another App's bot user. */
    private static ObjectNode byAnotherApp() {
        ObjectNode comment =
                (ObjectNode) JSON.readTree(fixture("issue-comments-page.json")).get(1);
        comment.put("id", 1799999999L);
        ((ObjectNode) comment.get("user")).put("login", "impostor[bot]").put("id", 41898282L);
        return comment;
    }

    @Test
    void createsAComment() {
        CommentRef comment = rig.gateway.createComment(INSTALLATION, REPO, 7, "Deploying to **staging**");

        github.verify(postRequestedFor(urlEqualTo(COMMENTS))
                .withHeader("Content-Type", equalTo("application/json"))
                .withRequestBody(equalToJson("{\"body\": \"Deploying to **staging**\"}")));
        assertThat(comment.id()).isEqualTo(1800000003L);
        assertThat(comment.htmlUrl())
                .isEqualTo(URI.create("https://github.com/acme/hello/pull/7#issuecomment-1800000003"));
    }

    @Test
    void editsAComment() {
        rig.gateway.editComment(INSTALLATION, REPO, 1800000002L, "Deployed");

        github.verify(patchRequestedFor(urlEqualTo("/repos/acme/hello/issues/comments/1800000002"))
                .withRequestBody(equalToJson("{\"body\": \"Deployed\"}")));
    }

    @Test
    void findsTheBotsCommentByItsMarkerNotAPersonsCopy() {
        listing(fixture("issue-comments-page.json"));

        assertThat(rig.gateway.findComment(INSTALLATION, REPO, 7, MARKER))
                .map(CommentRef::id)
                .contains(1800000002L);
    }

    @Test
    void findsNothingWhenNoBotCommentCarriesTheMarker() {
        listing(fixture("issue-comments-page.json"));

        assertThat(rig.gateway.findComment(INSTALLATION, REPO, 7, "<!-- pitapat:deploy/pr-7 -->"))
                .isEmpty();
    }

    @Test
    void looksThroughEveryPageOfComments() {
        ArrayNode first = JSON.createArrayNode();
        ObjectNode other =
                (ObjectNode) JSON.readTree(fixture("issue-comments-page.json")).get(0);
        for (int i = 0; i < 100; i++) {
            first.add(other.deepCopy().put("id", i));
        }
        listing(first.toString());
        github.stubFor(
                get(urlEqualTo(COMMENTS + "?per_page=100&page=2")).willReturn(json(200, "issue-comments-page.json")));

        assertThat(rig.gateway.findComment(INSTALLATION, REPO, 7, MARKER))
                .map(CommentRef::id)
                .contains(1800000002L);
    }

    @Test
    void skipsAnotherAppsCommentWithTheMarkerAndFindsItsOwnOnALaterPage() {
        ArrayNode first = JSON.createArrayNode();
        ObjectNode pasted =
                (ObjectNode) JSON.readTree(fixture("issue-comments-page.json")).get(0);
        for (int i = 0; i < 99; i++) {
            first.add(pasted.deepCopy().put("id", i));
        }
        first.add(byAnotherApp());
        listing(first.toString());
        github.stubFor(
                get(urlEqualTo(COMMENTS + "?per_page=100&page=2")).willReturn(json(200, "issue-comments-page.json")));

        assertThat(find(MARKER)).contains(1800000002L);
    }

    @Test
    void asksGitHubForTheAppsLoginOnceAcrossLookups() {
        listing(fixture("issue-comments-page.json"));

        find(MARKER);
        find("<!-- pitapat:deploy/production -->");
        find("<!-- pitapat:deploy/pr-7 -->");

        github.verify(
                1,
                getRequestedFor(urlEqualTo("/app")).withHeader("Authorization", matching("Bearer eyJ[A-Za-z0-9_.-]+")));
    }

    @Test
    void stillFindsABotsCommentWhenGitHubWillNotNameTheAppAndWarnsOnce(CapturedOutput output) {
        github.stubFor(get(urlEqualTo("/app")).willReturn(json(502, "error-server-error.json")));
        listing(fixture("issue-comments-page.json"));

        assertThat(find(MARKER)).contains(1800000002L);
        rig.clock.advance(AppBotLogin.ASK_AGAIN_AFTER);
        assertThat(find(MARKER)).contains(1800000002L);

        github.verify(2, getRequestedFor(urlEqualTo("/app")));
        assertThat(output.getOut()).containsOnlyOnce("a marked comment by any bot counts as the App's own");
    }

    @Test
    void asksForTheAppsLoginAgainAfterAPauseWhenGitHubDidNotAnswer() {
        github.stubFor(get(urlEqualTo("/app")).willReturn(json(502, "error-server-error.json")));
        ArrayNode page = (ArrayNode) JSON.readTree(fixture("issue-comments-page.json"));
        page.insert(0, byAnotherApp());
        listing(page.toString());

        assertThat(find(MARKER)).contains(1799999999L); // any bot's, for want of a better rule
        rig.clock.advance(Duration.ofMinutes(5));
        github.stubFor(get(urlEqualTo("/app")).willReturn(json(200, "app.json")));
        assertThat(find(MARKER)).contains(1799999999L);
        rig.clock.advance(Duration.ofMinutes(5));

        assertThat(find(MARKER)).contains(1800000002L);
        github.verify(2, getRequestedFor(urlEqualTo("/app")));
    }

    @Test
    void upsertCreatesTheCommentWithItsMarkerWhenThereIsNone() {
        listing("[]");

        rig.gateway.upsertComment(INSTALLATION, REPO, 7, MARKER, "Deploying to **staging**");

        github.verify(postRequestedFor(urlEqualTo(COMMENTS))
                .withRequestBody(equalToJson("{\"body\": \"" + MARKER + "\\nDeploying to **staging**\"}")));
        github.verify(0, patchRequestedFor(urlPathEqualTo("/repos/acme/hello/issues/comments/1800000002")));
    }

    @Test
    void upsertEditsTheMarkedCommentInPlace() {
        listing(fixture("issue-comments-page.json"));

        rig.gateway.upsertComment(INSTALLATION, REPO, 7, MARKER, "Deployed `6dcb09b` to **staging**");

        github.verify(patchRequestedFor(urlEqualTo("/repos/acme/hello/issues/comments/1800000002"))
                .withRequestBody(equalToJson("{\"body\": \"" + MARKER + "\\nDeployed `6dcb09b` to **staging**\"}")));
        github.verify(0, postRequestedFor(urlEqualTo(COMMENTS)));
    }

    @Test
    void upsertLeavesAnUnchangedCommentAlone() {
        listing(fixture("issue-comments-page.json"));

        CommentRef comment =
                rig.gateway.upsertComment(INSTALLATION, REPO, 7, MARKER, "Deploying `6dcb09b` to **staging**…");

        assertThat(comment.id()).isEqualTo(1800000002L);
        github.verify(0, patchRequestedFor(urlPathEqualTo("/repos/acme/hello/issues/comments/1800000002")));
        github.verify(0, postRequestedFor(urlEqualTo(COMMENTS)));
    }

    @Test
    void refusesAMarkerThatWouldShow() {
        assertThatThrownBy(() -> rig.gateway.upsertComment(INSTALLATION, REPO, 7, "pitapat:staging", "hi"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reactsWithEyes() {
        github.stubFor(post(urlEqualTo("/repos/acme/hello/issues/comments/1800000001/reactions"))
                .willReturn(json(201, "reaction-created.json")));

        rig.gateway.react(INSTALLATION, REPO, 1800000001L, Reaction.EYES);

        github.verify(postRequestedFor(urlEqualTo("/repos/acme/hello/issues/comments/1800000001/reactions"))
                .withHeader("Authorization", equalTo("Bearer " + GitHubRig.TOKEN))
                .withRequestBody(equalToJson("{\"content\": \"eyes\"}")));
        assertThat(rig.calls("reaction_create", "201")).isEqualTo(1);
    }

    @Test
    void spellsThumbsUpAsGitHubDoes() {
        github.stubFor(post(urlEqualTo("/repos/acme/hello/issues/comments/1/reactions"))
                .willReturn(json(200, "reaction-created.json")));

        rig.gateway.react(INSTALLATION, REPO, 1, Reaction.PLUS_ONE);

        github.verify(postRequestedFor(urlEqualTo("/repos/acme/hello/issues/comments/1/reactions"))
                .withRequestBody(equalToJson("{\"content\": \"+1\"}")));
    }

    @Test
    void namesTheCommentItCouldNotWrite() {
        github.stubFor(post(urlEqualTo(COMMENTS)).willReturn(json(403, "error-resource-not-accessible.json")));

        assertThatThrownBy(() -> rig.gateway.createComment(INSTALLATION, REPO, 7, "hi"))
                .hasMessage("commenting on #7 in acme/hello: 403 Resource not accessible by integration");
    }
}
