package dev.pitapat.github;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * The App's health shows as component {@code github} of {@code /actuator/health}. Boots Spring Boot's
 * auto-configuration with this package only, not the other packages' beans.
 */
@SpringBootTest(
        classes = GitHubHealthEndpointTest.GitHubOnly.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "server.address=127.0.0.1",
            "management.endpoint.health.show-components=always",
            "management.endpoint.health.show-details=always",
            "management.health.redis.enabled=false",
            "pitapat.github.app-id=123456"
        })
class GitHubHealthEndpointTest {

    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableConfigurationProperties(GitHubProperties.class)
    @Import(GitHubConfiguration.class)
    static class GitHubOnly {}

    @RegisterExtension
    static WireMockExtension github = GitHubRig.wireMock();

    @DynamicPropertySource
    static void gitHub(DynamicPropertyRegistry properties) {
        properties.add("pitapat.github.api-url", github::baseUrl);
        properties.add("pitapat.github.private-key", () -> TestKeys.pkcs8Pem(TestKeys.RSA));
    }

    @LocalServerPort
    int port;

    @Test
    void reportsGitHubAsAHealthComponent() {
        github.stubFor(get(urlEqualTo("/app")).willReturn(GitHubRig.json(200, "app.json")));

        JsonNode health = RestClient.create("http://127.0.0.1:" + port)
                .get()
                .uri("/actuator/health")
                .retrieve()
                .body(JsonNode.class);

        assertThat(health.path("components").path("github").path("status").asString())
                .isEqualTo("UP");
        assertThat(health.path("components")
                        .path("github")
                        .path("details")
                        .path("app")
                        .asString())
                .isEqualTo("pitapat");
    }
}
