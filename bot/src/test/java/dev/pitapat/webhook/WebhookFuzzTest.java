package dev.pitapat.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pitapat.store.DeliveryRecord;
import dev.pitapat.store.DeliveryStatus;
import dev.pitapat.testing.OctokitExamples;
import dev.pitapat.testing.WebhookClient;
import dev.pitapat.webhook.HostileDeliveries.Expect;
import dev.pitapat.webhook.HostileDeliveries.Hostile;
import dev.pitapat.webhook.RawHttp.Header;
import dev.pitapat.webhook.RawHttp.Reply;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The whole bot under hostile webhook requests for a fixed time ({@code -Dfuzz.seconds}, 20 by default), from
 * a seeded generator ({@link HostileDeliveries}; the seed is printed, {@code -Dfuzz.seed} replays a run). No
 * answer is a 5xx; every answer is intake's JSON (a refusal names its rule) or the web server's own refusal
 * of a malformed request; whatever is signed and well-formed is accepted and whatever is not signed is
 * refused. The accepted deliveries are then handled to the end: none fails with anything but GitHub's
 * failure, nothing is logged as an error, no thread dies, and the bot is UP and still handles a delivery.
 *
 * <p>A share of the deliveries is aimed at the local stand-in's repository ({@link StandInBot}), so that their
 * handlers run to the end; what the fuzz found is kept in {@link HostilePayloadsTest}.
 */
class WebhookFuzzTest extends StandInBot {

    private static final int MAX_REPORTED = 20;
    private static final int MAX_ERROR_LENGTH = 1000;

    private static final String STUCK = "the queue did not drain: a delivery stays claimed when its worker died (see"
            + " the uncaught exceptions below) or its handler hangs";

    /** What a refusal of intake names: the header or the body rule it broke. */
    private static final List<String> RULES =
            List.of("X-Hub-Signature-256", "X-GitHub-Event", "X-GitHub-Delivery", "JSON payload", "25 MiB");

    /** The web server's own refusals of a request it cannot read, before intake sees it. */
    private static final Set<Integer> SERVER_REFUSALS = Set.of(400, 408, 413, 431);

    /** Bytes for handlers sent at most between two waits for an empty queue: half the in-memory queue's room. */
    private static final int ROOM = 8 * 1024 * 1024;

    private long sentSinceDrained;

    @Test
    void hostileRequestsGetNo5xxAndAcceptedDeliveriesFailOnlyForWantOfGitHub() {
        long seed = Optional.ofNullable(System.getProperty("fuzz.seed"))
                .map(Long::decode)
                .orElseGet(() -> new SecureRandom().nextLong());
        Duration budget = Duration.ofSeconds(Long.getLong("fuzz.seconds", 20));
        System.out.printf(
                "WebhookFuzzTest: seed %d for %d s (replay with -Dfuzz.seed=%d)%n", seed, budget.toSeconds(), seed);
        HostileDeliveries hostile = new HostileDeliveries(new Random(seed), SECRET);
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        RawHttp raw = new RawHttp(port);
        List<String> defects = new ArrayList<>();
        Map<String, String> queued = new LinkedHashMap<>();
        Map<String, Integer> answers = new TreeMap<>();

        try (CapturedLogs logs = new CapturedLogs()) {
            long deadline = System.nanoTime() + budget.toNanos();
            int n = 0;
            for (; System.nanoTime() < deadline && defects.size() < MAX_REPORTED; n++) {
                Hostile request = hostile.next();
                String where = "case " + n + " of seed " + seed + " (" + visible(request.label()) + ")";
                if (!makeRoomFor(request)) {
                    defects.add("before " + where + ": " + STUCK);
                    break;
                }
                Reply reply = send(http, raw, request);
                String outcome = check(request, reply, queued, where);
                answers.merge(reply.status() + " " + outcome, 1, Integer::sum);
                if (outcome.startsWith("DEFECT")) {
                    defects.add(
                            where + ": " + outcome + ", answered " + reply.status() + " " + shown(reply.bodyText()));
                }
            }
            System.out.printf("WebhookFuzzTest: %d requests, answers %s%n", n, answers);

            if (defects.stream().noneMatch(d -> d.endsWith(STUCK)) && !drained(Duration.ofSeconds(120))) {
                defects.add("after the last case: " + STUCK);
            }
            Map<DeliveryStatus, Integer> handled = new TreeMap<>();
            for (Map.Entry<String, String> delivery : queued.entrySet()) {
                Optional<DeliveryRecord> record = queue.record(delivery.getKey());
                record.ifPresent(r -> handled.merge(r.status(), 1, Integer::sum));
                judgeHandling(record, delivery.getValue()).ifPresent(defects::add);
            }
            System.out.printf("WebhookFuzzTest: %d deliveries queued, handled %s%n", queued.size(), handled);
            stillHandlesADelivery(http);
            for (CapturedLogs.Captured error : logs.errors()) {
                if (!isJudgedByItsRecord(error)) {
                    defects.add("logged as an error: " + error);
                }
            }
        }

        assertThat(defects)
                .as("seed %d (replay with -Dfuzz.seed=%d)", seed, seed)
                .isEmpty();
        HttpResponse<String> health = get(http, "/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(MAPPER.readTree(health.body()).path("status").asString("")).isEqualTo("UP");
    }

    /**
     * The in-memory queue refuses (503) what would take it past 16 MiB: a large delivery for a handler waits
     * until the queue is empty, and a backlog is worked off before more is sent.
     */
    private boolean makeRoomFor(Hostile request) {
        if (!request.routed()) {
            return true;
        }
        if (request.large() || sentSinceDrained + request.body().length > ROOM) {
            if (!drained(Duration.ofSeconds(60))) {
                return false;
            }
            sentSinceDrained = 0;
        }
        sentSinceDrained += request.body().length;
        return true;
    }

    /** Whether the queue emptied in time. */
    private boolean drained(Duration atMost) {
        try {
            await().atMost(atMost).until(() -> queue.depth() == 0);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    private Reply send(HttpClient http, RawHttp raw, Hostile request) {
        if (!request.plain()) {
            return raw.post("/webhooks/github", request.headers(), request.body(), request.framing());
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri("/webhooks/github"))
                .timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.body()));
        for (Header header : request.headers()) {
            builder.header(header.name(), header.text());
        }
        try {
            HttpResponse<byte[]> answer = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(answer.statusCode(), answer.headers().toString(), answer.body());
        } catch (IOException e) {
            return new Reply(0, e.toString(), new byte[0]);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The kind of answer, or {@code DEFECT: why}. */
    private static String check(Hostile request, Reply reply, Map<String, String> queued, String where) {
        int status = reply.status();
        if (status == 0) {
            return request.refusedUnread()
                    ? "closed before the answer was read (refused unread)"
                    : "DEFECT: no answer (" + reply.head() + ")";
        }
        if (status >= 500) {
            return "DEFECT: a 5xx";
        }
        if (request.expect() == Expect.ACCEPTED && status != 200 && status != 202) {
            return "DEFECT: signed and well-formed, but not accepted";
        }
        if (request.expect() == Expect.REFUSED && status < 400) {
            return "DEFECT: not signed with the secret, but not refused";
        }
        Optional<JsonNode> json = json(reply.body());
        if (status < 300) {
            if (json.isEmpty()) {
                return "DEFECT: an acceptance that is not intake's JSON";
            }
            String delivery = json.get().path("delivery").asString("");
            String said = json.get().path("status").asString("");
            if (!delivery.equals(request.deliveryId())
                    || !(status == 202 && Set.of("queued", "ignored").contains(said)
                            || status == 200 && said.equals("duplicate"))) {
                return "DEFECT: an acceptance that names another delivery or no known status";
            }
            if (said.equals("queued")) {
                queued.put(delivery, where);
            }
            return said;
        }
        if (json.isPresent() && json.get().size() == 1 && json.get().has("error")) {
            String error = json.get().path("error").asString("");
            if (RULES.stream().noneMatch(error::contains)) {
                return "DEFECT: a refusal that names no rule";
            }
            if (error.length() > MAX_ERROR_LENGTH || error.contains("\n") || error.contains("Exception")) {
                return "DEFECT: a refusal longer than a line, or with an exception in it";
            }
            return "refused by intake";
        }
        if (SERVER_REFUSALS.contains(status) && isServerRefusal(status, json, reply.bodyText())) {
            return "refused by the web server";
        }
        return "DEFECT: an answer that is neither intake's nor a plain refusal of the web server";
    }

    /**
     * The web server's refusal of a request it could not read (a malformed header, a broken chunk, a body cut
     * short): Tomcat's page, or Spring Boot's error JSON when the servlet was reached; either without a trace
     * or the server's version.
     */
    private static boolean isServerRefusal(int status, Optional<JsonNode> json, String body) {
        boolean bootError = json.isPresent()
                && json.get().path("status").asInt(0) == status
                && json.get().path("path").asString("").equals("/webhooks/github")
                && !json.get().has("trace")
                && !json.get().has("exception");
        boolean tomcatPage = body.contains("<title>HTTP Status " + status);
        return (bootError || tomcatPage) && !body.contains("Exception") && !body.contains("Tomcat/");
    }

    /** A delivery is handled, set aside for want of an App, or failed because GitHub failed; nothing else. */
    private static Optional<String> judgeHandling(Optional<DeliveryRecord> record, String where) {
        if (record.isEmpty()) {
            return Optional.of(where + ": queued, but the store has no record of it");
        }
        DeliveryRecord r = record.get();
        return switch (r.status()) {
            case DONE -> Optional.empty();
            case UNACTIONABLE ->
                r.lastError().orElse("").startsWith("not handled: ")
                        ? Optional.empty()
                        : Optional.of(where + ": set aside without saying why");
            case FAILED -> {
                String error = r.lastError().orElse("");
                yield error.startsWith("GitHubException")
                        ? Optional.empty()
                        : Optional.of(where + ": its handler failed with " + error);
            }
            case QUEUED, RETRYING -> Optional.of(where + ": still " + r.status() + " after the queue drained");
        };
    }

    /** A delivery's failure is logged at ERROR by the workers, and judged by its record instead. */
    private static boolean isJudgedByItsRecord(CapturedLogs.Captured error) {
        return error.logger().equals(DeliveryWorkers.class.getName())
                && error.template().startsWith("Delivery {} ({} {}) failed after");
    }

    /** After everything, a plain delivery is still taken and handled. */
    private void stillHandlesADelivery(HttpClient http) {
        JsonNode installation = OctokitExamples.of("installation", "created").getFirst();
        String id = UUID.randomUUID().toString();
        HttpResponse<String> answer =
                new WebhookClient(port, SECRET).deliver("installation", id, MAPPER.writeValueAsBytes(installation));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(15))
                .until(
                        () -> queue.record(id).map(DeliveryRecord::status),
                        s -> s.equals(Optional.of(DeliveryStatus.DONE)));
    }

    private HttpResponse<String> get(HttpClient http, String path) {
        try {
            return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private java.net.URI uri(String path) {
        return java.net.URI.create("http://127.0.0.1:" + port + path);
    }

    private static Optional<JsonNode> json(byte[] body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            return node.isObject() ? Optional.of(node) : Optional.empty();
        } catch (RuntimeException notJson) {
            return Optional.empty();
        }
    }

    private static String shown(String text) {
        return visible(text.length() > 300 ? text.substring(0, 300) + "..." : text);
    }

    /** Text in a failure message: every character outside printable ASCII as an escape. */
    private static String visible(String text) {
        StringBuilder shown = new StringBuilder();
        text.chars()
                .forEach(
                        c -> shown.append(c >= 0x20 && c < 0x7F ? Character.toString(c) : String.format("\\u%04X", c)));
        return shown.toString();
    }
}
