package dev.pitapat.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.store.DeliveryQueue;
import dev.pitapat.testing.OctokitExamples;
import dev.pitapat.testing.WebhookClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every example payload of {@code @octokit/webhooks-examples} (58 events, 329 examples; the package is fetched
 * and unpacked by the build, see bot/pom.xml), delivered signed to the real intake with its event name, is
 * accepted: GitHub sends event names such as {@code projects_v2_item}, with digits.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "pitapat.github.webhook-secret=" + GitHubExamplesIntakeTest.SECRET,
            // no GitHub App; should anything still call GitHub, nothing listens there
            "pitapat.github.api-url=http://127.0.0.1:9",
            "pitapat.queue.max-attempts=1",
            "pitapat.gitops.repo=${java.io.tmpdir}/pitapat-examples-test/gitops.git",
            "pitapat.gitops.workdir=${java.io.tmpdir}/pitapat-examples-test/work"
        })
class GitHubExamplesIntakeTest {

    static final String SECRET = "examples-secret";
    static final int EVENTS = 58;
    static final int EXAMPLES = 329;

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    DeliveryQueue queue;

    /** One example: its event (the {@code X-GitHub-Event} GitHub sends with it), action and payload. */
    record Example(String event, String action, int index, JsonNode payload) {

        String label() {
            return event + "/" + (action.isEmpty() ? "(no action)" : action) + "/" + index;
        }

        String deliveryId() {
            return UUID.nameUUIDFromBytes(("octokit-webhooks-examples/" + label()).getBytes(StandardCharsets.UTF_8))
                    .toString();
        }
    }

    static JsonNode index() {
        return OctokitExamples.index();
    }

    static List<Example> examples() {
        List<Example> examples = new ArrayList<>();
        for (JsonNode event : index()) {
            int index = 0;
            for (JsonNode payload : event.path("examples")) {
                examples.add(new Example(
                        event.path("name").asString(), payload.path("action").asString(""), index++, payload));
            }
        }
        if (examples.size() != EXAMPLES) {
            throw new IllegalStateException(
                    "expected " + EXAMPLES + " examples in @octokit/webhooks-examples, found " + examples.size());
        }
        return examples;
    }

    static Stream<Arguments> everyExample() {
        return examples().stream().map(example -> Arguments.of(example.label(), example));
    }

    @Test
    void theBuildFetchedTheWholeSetOfExamples() {
        assertThat(index()).hasSize(EVENTS);
        assertThat(examples()).hasSize(EXAMPLES);
        assertThat(examples()).extracting(Example::event).contains("projects_v2_item");
    }

    /** An action with digits, or a repository_dispatch's event_type such as {@code on-demand-test}, is kept. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"on-demand-test", "projects_v2_updated", "Deploy.v2"})
    void recordsTheActionAsSent(String action) {
        Example comment = examples().stream()
                .filter(example -> example.event().equals("issue_comment"))
                .findFirst()
                .orElseThrow();
        ((ObjectNode) comment.payload()).put("action", action);
        String id = UUID.randomUUID().toString();

        HttpResponse<String> answer = new WebhookClient(port, SECRET)
                .deliver("issue_comment", id, MAPPER.writeValueAsBytes(comment.payload()));

        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(queue.record(id))
                .hasValueSatisfying(record -> assertThat(record.action()).isEqualTo(action));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyExample")
    void acceptsEveryExampleGitHubSends(String label, Example example) {
        byte[] body = MAPPER.writeValueAsBytes(example.payload());
        String id = example.deliveryId();

        HttpResponse<String> answer = new WebhookClient(port, SECRET).deliver(example.event(), id, body);

        assertThat(answer.statusCode())
                .as("%s answered %s", label, answer.body())
                .isEqualTo(202);
        assertThat(answer.body()).as(label).matches("\\{\"delivery\":\"" + id + "\",\"status\":\"(queued|ignored)\"}");
        if (answer.body().contains("queued")) {
            assertThat(queue.record(id)).as(label).hasValueSatisfying(record -> {
                assertThat(record.event()).isEqualTo(example.event());
                assertThat(record.action()).isEqualTo(example.action());
                assertThat(record.repo())
                        .isEqualTo(example.payload()
                                .path("repository")
                                .path("full_name")
                                .asString(""));
            });
        }
    }
}
