package dev.pitapat.github;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.pitapat.github.GitHubRig.INSTALLATION;
import static dev.pitapat.github.GitHubRig.REPO;
import static dev.pitapat.github.GitHubRig.START;
import static dev.pitapat.github.GitHubRig.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A connection GitHub drops, an empty answer, and a GitHub that does not answer (or stops half-way): each is tried
 * again with backoff, and a hang ends at {@code pitapat.github.request-timeout} instead of holding the thread.
 * Through a POST, which the JDK's client never retries by itself, so every attempt is pitapat's.
 */
class ConnectionFaultsTest {

    private static final String COMMENTS = "/repos/acme/hello/issues/7/comments";

    /** A short timeout, so that a hang costs the test a second. */
    private static final GitHubCallProperties SHORT =
            new GitHubCallProperties(Duration.ofSeconds(1), Duration.ofSeconds(60));

    @RegisterExtension
    static WireMockExtension github = GitHubRig.wireMock();

    private GitHubRig rig;

    @BeforeEach
    void setUp() {
        rig = new GitHubRig(github, SHORT, START).withInstallationToken();
        rig.app.installationToken(INSTALLATION); // the token first, so that only the comment meets the fault
        rig.sleeps.clear();
    }

    /** The first answer to the comment, then the comment created. */
    private void firstAnswer(ResponseDefinitionBuilder first) {
        github.stubFor(post(urlEqualTo(COMMENTS))
                .inScenario("fault")
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(first)
                .willSetStateTo("recovered"));
        github.stubFor(post(urlEqualTo(COMMENTS))
                .inScenario("fault")
                .whenScenarioStateIs("recovered")
                .willReturn(json(201, "issue-comment-created.json")));
    }

    private CommentRef comment() {
        return rig.gateway.createComment(INSTALLATION, REPO, 7, "Deployed.");
    }

    @Test
    void triesAgainAfterTheConnectionIsResetByThePeer() {
        firstAnswer(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

        assertThat(comment().id()).isPositive();

        github.verify(2, postRequestedFor(urlEqualTo(COMMENTS)));
        assertThat(rig.sleeps).containsExactly(Duration.ofSeconds(1));
        assertThat(rig.calls("comment_create", "io_error")).isEqualTo(1);
    }

    @Test
    void triesAgainAfterAnEmptyAnswer() {
        firstAnswer(aResponse().withFault(Fault.EMPTY_RESPONSE));

        assertThat(comment().id()).isPositive();

        github.verify(2, postRequestedFor(urlEqualTo(COMMENTS)));
        assertThat(rig.sleeps).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void aGitHubThatDoesNotAnswerTimesOutAndIsAskedAgain() {
        firstAnswer(json(201, "issue-comment-created.json").withFixedDelay(10_000));

        assertThat(comment().id()).isPositive();

        github.verify(2, postRequestedFor(urlEqualTo(COMMENTS)));
        assertThat(rig.calls("comment_create", "timeout")).isEqualTo(1);
        assertThat(rig.sleeps).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void anAnswerThatStopsHalfWayTimesOutToo() {
        firstAnswer(json(201, "issue-comment-created.json").withChunkedDribbleDelay(10, 10_000));

        assertThat(comment().id()).isPositive();

        assertThat(rig.calls("comment_create", "timeout")).isEqualTo(1);
    }

    @Test
    void aGitHubThatNeverAnswersEndsTheCallSayingSoAfterFourAttempts() {
        github.stubFor(post(urlEqualTo(COMMENTS))
                .willReturn(json(201, "issue-comment-created.json").withFixedDelay(10_000)));

        assertThatThrownBy(this::comment).isInstanceOfSatisfying(GitHubException.class, e -> {
            assertThat(e.status()).isEmpty();
            assertThat(e.getMessage())
                    .isEqualTo("commenting on #7 in acme/hello: GitHub did not answer within 1 s"
                            + " (pitapat.github.request-timeout)");
        });

        assertThat(rig.calls("comment_create", "timeout")).isEqualTo(4);
        assertThat(rig.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    }
}
