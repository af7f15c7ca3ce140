package dev.pitapat.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pitapat.store.DeliveryQueue;
import dev.pitapat.store.DeliveryRecord;
import dev.pitapat.store.DeliveryStatus;
import dev.pitapat.testing.WebhookClient;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The whole bot, one context for the tests of hostile deliveries: the webhook secret, no GitHub App, and a
 * fresh local stand-in for GitHub. Deliveries for any repository but the stand-in's {@code example/hello} are set
 * aside unhandled; those aimed at it run their handlers to the end, deploys included.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "pitapat.github.webhook-secret=" + StandInBot.SECRET,
            // no GitHub App; should anything still call GitHub, nothing listens there
            "pitapat.github.api-url=http://127.0.0.1:9",
            "pitapat.queue.max-attempts=1"
        })
abstract class StandInBot {

    static final String SECRET = "fuzz-secret";

    /** The local stand-in's repository (github.local): the one repository acted on. */
    static final String STAND_IN_REPO = "example/hello";

    static final JsonMapper MAPPER = JsonMapper.builder().build();

    private static final Path DATA = Path.of(System.getProperty("java.io.tmpdir"), "pitapat-fuzz-test");

    @LocalServerPort
    int port;

    @Autowired
    DeliveryQueue queue;

    /** A fresh stand-in and GitOps repository for every run. */
    @DynamicPropertySource
    static void freshData(DynamicPropertyRegistry registry) throws IOException {
        FileSystemUtils.deleteRecursively(DATA);
        registry.add("pitapat.gitops.repo", () -> DATA.resolve("gitops.git").toString());
        registry.add("pitapat.gitops.workdir", () -> DATA.resolve("work").toString());
        registry.add(
                "pitapat.local-github.dir", () -> DATA.resolve("local-github").toString());
    }

    /** The payload made to come from the stand-in's repository and installation, sent by {@code login}. */
    static ObjectNode atStandIn(ObjectNode payload, String login) {
        ObjectNode repository = payload.putObject("repository");
        repository.put("full_name", STAND_IN_REPO);
        repository.put("name", "hello");
        repository.putObject("owner").put("login", "example");
        repository.put("default_branch", "main");
        payload.putObject("sender").put("login", login).put("type", "User");
        payload.putObject("installation").put("id", 1);
        return payload;
    }

    /** Delivers the payload signed and waits until it was handled, set aside or failed. */
    DeliveryRecord handled(String event, JsonNode payload) {
        String id = UUID.randomUUID().toString();
        HttpResponse<String> answer =
                new WebhookClient(port, SECRET).deliver(event, id, MAPPER.writeValueAsBytes(payload));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        return await().atMost(Duration.ofSeconds(15))
                .until(
                        () -> queue.record(id)
                                .filter(r ->
                                        r.status() != DeliveryStatus.QUEUED && r.status() != DeliveryStatus.RETRYING)
                                .orElse(null),
                        r -> r != null);
    }
}
