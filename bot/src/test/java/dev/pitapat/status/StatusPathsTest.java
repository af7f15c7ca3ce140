package dev.pitapat.status;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * The webhook's, the actuator's and the setup page's requests are left alone by the status page's guard (the setup page
 * guards itself); every other one is guarded.
 */
class StatusPathsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(textBlock = """
            /webhooks/github,            unguarded
            /actuator,                   unguarded
            /actuator/health,            unguarded
            /actuator/prometheus,        unguarded
            /setup,                      unguarded
            /setup/callback,             unguarded
            /,                           guarded
            /api,                        guarded
            /api/apps,                   guarded
            /apps/hello,                 guarded
            /oauth2/authorization/github, guarded
            /login/oauth2/code/github,   guarded
            /logout,                     guarded
            /webhooks/github/more,       guarded
            /webhooks,                   guarded
            /actuatorium,                guarded
            /error,                      guarded
            /setupx,                     guarded
            /set,                        guarded
            """)
    void leavesOnlyTheWebhookTheActuatorAndTheSetupPageAlone(String path, String expected) {
        assertThat(new StatusPaths("/actuator").unguarded(request(path))).isEqualTo(expected.equals("unguarded"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            /manage,        /manage/health
            /manage/,       /manage/health
            """)
    void followsTheActuatorsBasePath(String basePath, String path) {
        assertThat(new StatusPaths(basePath).unguarded(request(path))).isTrue();
        assertThat(new StatusPaths(basePath).unguarded(request("/actuator/health")))
                .isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(textBlock = """
            /
            ''
            """)
    void anActuatorAtTheRootIsGuardedLikeThePages(String basePath) {
        StatusPaths paths = new StatusPaths(basePath);

        assertThat(paths.unguarded(request("/health"))).isFalse();
        assertThat(paths.unguarded(request("/api/apps"))).isFalse();
        assertThat(paths.unguarded(request("/webhooks/github"))).isTrue();
    }

    /** A request as the servlet container maps it: the path it serves, already normalised. */
    private static MockHttpServletRequest request(String path) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        request.setServletPath(path);
        return request;
    }
}
