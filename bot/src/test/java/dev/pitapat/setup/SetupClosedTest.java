package dev.pitapat.setup;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.pitapat.github.GitHubProperties;
import dev.pitapat.testing.GitHubStandIn;
import dev.pitapat.testing.TestPem;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/** Once a GitHub App is configured ({@code pitapat.github.app-id}), the setup page and its callback are gone. */
class SetupClosedTest {

    @RegisterExtension
    static WireMockExtension github = GitHubStandIn.server();

    @Test
    void withAnAppConfiguredTheSetupPageAnswers404SayingSo() throws Exception {
        MockMvc mvc = MockMvcBuilders.standaloneSetup(page(Optional.of(4242L), Optional.of(TestPem.newAppKey())))
                .build();

        for (String path : List.of("/setup", "/setup?name=pitapat", "/setup/callback?code=abc123&state=xyz")) {
            MockHttpServletResponse closed =
                    mvc.perform(MockMvcRequestBuilders.get(path)).andReturn().getResponse();

            assertThat(closed.getStatus()).as(path).isEqualTo(404);
            assertThat(closed.getHeader("Cache-Control")).isEqualTo("no-store");
            assertThat(SetupPageTest.text(closed.getContentAsString()))
                    .contains("The GitHub App is configured")
                    .contains("pitapat.github.app-id is set, so the setup page is closed");
        }
        github.verify(0, postRequestedFor(urlPathMatching("/app-manifests/.*")));
    }

    @Test
    void withoutAnAppTheSamePageIsOpen() throws Exception {
        MockMvc mvc = MockMvcBuilders.standaloneSetup(page(Optional.empty(), Optional.empty()))
                .build();

        assertThat(mvc.perform(MockMvcRequestBuilders.get("/setup"))
                        .andReturn()
                        .getResponse()
                        .getStatus())
                .isEqualTo(200);
    }

    private static SetupPage page(Optional<Long> appId, Optional<String> key) {
        GitHubProperties properties = new GitHubProperties(
                URI.create(github.baseUrl()),
                appId,
                key,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                List.of());
        return new SetupPage(
                properties,
                new SetupProperties(Optional.empty()),
                new MockEnvironment(),
                Clock.systemUTC(),
                new SimpleMeterRegistry());
    }
}
