package dev.pitapat.github.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.web.MockHttpServletRequest;

/** The stand-in's API and page are always mapped; while a GitHub App is configured they say it does not run. */
class LocalActionsTest {

    @Test
    void withAnAppTheStandInsPathsAnswerNotFoundSayingWhy() {
        MockHttpServletRequest loopback = new MockHttpServletRequest("GET", LocalGitHubController.API + "/pull");
        loopback.setRemoteAddr("127.0.0.1");

        assertThatThrownBy(() -> LocalActions.open(null, loopback))
                .isInstanceOfSatisfying(
                        LocalActions.Refused.class,
                        refused -> assertThat(refused.status()).isEqualTo(HttpStatus.NOT_FOUND))
                .hasMessage("the local stand-in for GitHub runs only while no GitHub App is configured"
                        + " (pitapat.github.app-id is set)");
    }
}
