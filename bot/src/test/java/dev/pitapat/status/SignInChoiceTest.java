package dev.pitapat.status;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.github.GitHubProperties;
import jakarta.servlet.Filter;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The status pages' two guards follow the settings the bot started with (not the build: the AOT-processed jar has
 * both filters registered): without sign-in only loopback clients get in and Spring Security is never entered;
 * with it, anyone reaches Spring Security's sign-in and the loopback check stands aside.
 */
class SignInChoiceTest {

    private static final StatusPaths PATHS = new StatusPaths("/actuator");

    @Test
    void withoutSignInARemoteClientIsRefusedAndSpringSecurityIsNeverEntered() throws Exception {
        SignInChoice choice = choice(Map.of());

        assertThat(status(new LoopbackOnlyFilter(PATHS, choice), "203.0.113.7")).isEqualTo(403);
        assertThat(status(new LoopbackOnlyFilter(PATHS, choice), "127.0.0.1")).isEqualTo(200);
        assertThat(status(new SignInGate(SignInChoiceTest::security, PATHS, choice), "203.0.113.7"))
                .isEqualTo(200);
    }

    @Test
    void withSignInARemoteClientGoesToSpringSecurityPastTheLoopbackCheck() throws Exception {
        SignInChoice choice = choice(Map.of(
                "pitapat.github.client-id", "Iv23liAbCdEfGhIjKlMn",
                "pitapat.github.client-secret", "5ee5ee5ee5ee5ee5ee5ee5ee5ee5ee5ee5ee5ee5"));

        assertThat(status(new LoopbackOnlyFilter(PATHS, choice), "203.0.113.7")).isEqualTo(200);
        assertThat(status(new SignInGate(SignInChoiceTest::security, PATHS, choice), "203.0.113.7"))
                .isEqualTo(302);
    }

    /** Spring Security as far as these guards care: it sends the browser to sign in. */
    private static void security(
            jakarta.servlet.ServletRequest request,
            jakarta.servlet.ServletResponse response,
            jakarta.servlet.FilterChain chain) {
        ((MockHttpServletResponse) response).setStatus(302);
    }

    private static SignInChoice choice(Map<String, String> settings) {
        GitHubProperties github = new Binder(new MapConfigurationPropertySource(settings))
                .bindOrCreate("pitapat.github", GitHubProperties.class);
        return new SignInChoice(
                new StaticListableBeanFactory(Map.of("github", github)).getBeanProvider(GitHubProperties.class));
    }

    /** The status a GET of the status page from {@code address} ends with; 200 when it reached the page. */
    private static int status(Filter filter, String address) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
        request.setRemoteAddr(address);
        MockHttpServletResponse response = new MockHttpServletResponse();
        jakarta.servlet.http.HttpServlet page = new jakarta.servlet.http.HttpServlet() {
            @Override
            protected void doGet(
                    jakarta.servlet.http.HttpServletRequest req, jakarta.servlet.http.HttpServletResponse resp) {
                resp.setStatus(200);
            }
        };
        new MockFilterChain(page, filter).doFilter(request, response);
        return response.getStatus();
    }
}
