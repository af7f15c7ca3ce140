package dev.pitapat.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.store.DeliveryRecord;
import dev.pitapat.store.DeliveryStatus;
import dev.pitapat.testing.OctokitExamples;
import dev.pitapat.testing.Payloads;
import dev.pitapat.testing.WebhookClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Deliveries the fuzz ({@link WebhookFuzzTest}) found a defect with, each kept as it failed: signed, so that
 * they reach the parser and the handlers.
 */
class HostilePayloadsTest extends StandInBot {

    /** Found by the fuzz: intake took bytes in a string it skips that the handlers could then not read. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"edbfbf", "eda080", "ff", "c0af"})
    void refusesInvalidUtf8InAStringIntakeDoesNotRead(String hex) {
        byte[] example = MAPPER.writeValueAsBytes(
                OctokitExamples.of("installation_repositories", "added").getFirst());
        int at = new String(example, StandardCharsets.ISO_8859_1).indexOf("\"login\":\"") + 9;
        byte[] body = new byte[example.length + hex.length() / 2];
        System.arraycopy(example, 0, body, 0, at);
        System.arraycopy(HexFormat.of().parseHex(hex), 0, body, at, hex.length() / 2);
        System.arraycopy(example, at, body, at + hex.length() / 2, example.length - at);

        HttpResponse<String> answer = new WebhookClient(port, SECRET).deliver("installation_repositories", body);

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("malformed JSON payload: the body is not valid UTF-8");
    }

    /**
     * Found by the fuzz: a delivery for GitHub whose payload names no repository failed in its handler
     * ({@code IllegalArgumentException: not an owner/name repository reference}); nothing can act on it.
     */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "check_run, requested_action, /repository/full_name",
        "pull_request, closed, /repository/full_name",
        "push, push-to-default-branch, /repository",
        "issue_comment, created, /repository"
    })
    void setsAsideADeliveryForGitHubWhosePayloadNamesNoRepository(String event, String example, String removed) {
        ObjectNode payload =
                atStandIn((ObjectNode) Payloads.load(event, example).tree(), "alice");
        int slash = removed.lastIndexOf('/');
        ((ObjectNode) payload.at(removed.substring(0, slash))).remove(removed.substring(slash + 1));
        if (removed.equals("/repository")) {
            payload.put("repository", 4.9E-324);
        }

        DeliveryRecord record = handled(event, payload);

        assertThat(record.status()).isEqualTo(DeliveryStatus.UNACTIONABLE);
        assertThat(record.lastError())
                .hasValueSatisfying(reason -> assertThat(reason)
                        .startsWith("not handled: its payload names no repository")
                        .contains("repository.full_name"));
    }

    /**
     * Found by the fuzz: a number of another type, or out of range, failed the handler with Jackson's {@code
     * JsonNodeException}; it reads as 0, which no installation, issue or pull request has.
     */
    @ParameterizedTest(name = "{0} {1}: {2} = {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "installation | created | /installation/id | \"xxxxxxxxxxxxxxxxxxxx\"",
                "installation | created | /installation/id | 1E+400",
                "installation_repositories | added | /installation/id | \"\"",
                "issue_comment | created | /installation/id | 1000000000000000000000000000000",
                "issue_comment | created | /issue/number | {}",
                "push | push-to-default-branch | /installation/id | []",
                "check_run | requested_action | /check_run/pull_requests/0/number | 2147483648",
                "pull_request | closed | /number | true"
            })
    void readsANumberOfAnotherTypeAsZero(String event, String example, String pointer, String json) {
        ObjectNode payload = (ObjectNode) Payloads.load(event, example).tree();
        if (!event.startsWith("installation")) {
            atStandIn(payload, "alice");
        }
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = payload.at(pointer.substring(0, slash));
        if (parent instanceof ArrayNode array) {
            array.set(Integer.parseInt(pointer.substring(slash + 1)), MAPPER.readTree(json));
        } else {
            ((ObjectNode) parent).set(pointer.substring(slash + 1), MAPPER.readTree(json));
        }

        DeliveryRecord record = handled(event, payload);

        // done, or failed because the stand-in has no issue or pull request 0: GitHub's 404, not a crash
        assertThat(record.lastError().orElse("")).doesNotContain("JsonNodeException");
        assertThat(record.status()).isIn(DeliveryStatus.DONE, DeliveryStatus.FAILED);
        if (record.status() == DeliveryStatus.FAILED) {
            assertThat(record.lastError())
                    .hasValueSatisfying(error ->
                            assertThat(error).startsWith("GitHubException").contains("404"));
        }
    }

    /**
     * Found by the fuzz: a pull request closed by a sender whose login was empty had its preview's removal
     * accepted, and the deploy runner failed on it later ({@code '' is not a GitHub login}). A login goes into
     * API paths and commit trailers: without one, nothing can act on the delivery.
     */
    @ParameterizedTest(name = "{0} {1}: {2} = {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "pull_request | closed | /sender/login | \"\"",
                "push | push-to-default-branch | /sender/login | {}",
                "check_run | requested_action | /sender/login | \"org/team\"",
                "issue_comment | created | /comment/user/login | \"../alice\""
            })
    void setsAsideADeliveryWhoseActorIsNotAGitHubLogin(String event, String example, String pointer, String json) {
        ObjectNode payload =
                atStandIn((ObjectNode) Payloads.load(event, example).tree(), "alice");
        int slash = pointer.lastIndexOf('/');
        ((ObjectNode) payload.at(pointer.substring(0, slash))).set(pointer.substring(slash + 1), MAPPER.readTree(json));

        DeliveryRecord record = handled(event, payload);

        assertThat(record.status()).isEqualTo(DeliveryStatus.UNACTIONABLE);
        assertThat(record.lastError())
                .hasValueSatisfying(reason -> assertThat(reason)
                        .isEqualTo("not handled: its payload's "
                                + pointer.substring(1).replace('/', '.')
                                + " is not a GitHub login (letters, digits and '-', at most 39), so pitapat cannot tell"
                                + " who acted; GitHub's own deliveries always carry one"));
    }
}
