package dev.pitapat;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/**
 * The probes the Helm chart points Kubernetes at, {@code /actuator/health/liveness} and
 * {@code /actuator/health/readiness}, answer {@code 200 UP} on the bot as shipped, without a cluster detected, and
 * stay up while a component is down: an outage elsewhere neither restarts the pod nor takes it out of the Service.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.address=127.0.0.1", "pitapat.kube.enabled=false"})
class HealthProbesTest {

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void data(DynamicPropertyRegistry registry) {
        registry.add("pitapat.gitops.repo", () -> data.resolve("gitops.git").toString());
        registry.add("pitapat.gitops.workdir", () -> data.resolve("work").toString());
        registry.add(
                "pitapat.local-github.dir", () -> data.resolve("local-github").toString());
    }

    /** A component that is down, as Redis or the GitOps repository can be. */
    @TestConfiguration
    static class Outage {
        @Bean
        HealthIndicator outage() {
            return () ->
                    Health.down().withDetail("reason", "a component in trouble").build();
        }
    }

    @LocalServerPort
    int port;

    @Test
    void livenessAndReadinessAnswerUpWhileAComponentIsDown() {
        ResponseEntity<JsonNode> whole = get("/actuator/health");
        assertThat(whole.getStatusCode().value()).isEqualTo(503);
        assertThat(whole.getBody()
                        .path("components")
                        .path("outage")
                        .path("status")
                        .asString())
                .isEqualTo("DOWN");

        for (String probe : new String[] {"/actuator/health/liveness", "/actuator/health/readiness"}) {
            ResponseEntity<JsonNode> answer = get(probe);
            assertThat(answer.getStatusCode().value()).as(probe).isEqualTo(200);
            assertThat(answer.getBody().path("status").asString()).as(probe).isEqualTo("UP");
            assertThat(answer.getBody().path("components").has("outage"))
                    .as(probe)
                    .isFalse();
        }
    }

    private ResponseEntity<JsonNode> get(String path) {
        return RestClient.create("http://127.0.0.1:" + port)
                .get()
                .uri(path)
                .retrieve()
                .onStatus(status -> true, (request, response) -> {})
                .toEntity(JsonNode.class);
    }
}
