package dev.pitapat.webhook;

import dev.pitapat.model.StandInSecret;
import dev.pitapat.store.Delivery;
import dev.pitapat.store.DeliveryQueue;
import dev.pitapat.store.Offer;
import dev.pitapat.store.QueueProperties;
import dev.pitapat.store.StoreUnavailableException;
import jakarta.annotation.PreDestroy;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code POST /webhooks/github}: checks the signature over the raw bytes before anything is parsed, stores
 * the delivery durably and only then answers. No other work runs on the request thread.
 *
 * <p>Served by a plain servlet ({@link WebhookConfiguration}) rather than a Spring MVC controller: intake is
 * the bot's hot path, and MVC's handler mapping, argument resolution and content negotiation cost about a
 * quarter of its CPU (bench/intake).
 */
@Component
class WebhookIntake {

    /** GitHub caps payloads at 25 MiB; anything larger is refused while it is being read. */
    static final int MAX_BODY_BYTES = 25 * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(WebhookIntake.class);
    private static final Pattern DELIVERY_ID = Pattern.compile("[A-Za-z0-9-]{1,100}");
    /** GitHub's event names: lower-case letters, digits and underscores ({@code projects_v2_item}). */
    private static final Pattern EVENT = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    /**
     * Recorded as sent when it matches, else as empty: GitHub's own actions are lower-case letters, digits and
     * underscores; a {@code repository_dispatch} carries the sender's {@code event_type} (up to 100 characters).
     */
    private static final Pattern ACTION = Pattern.compile("[A-Za-z0-9_.-]{0,100}");

    private static final Pattern REPO = Pattern.compile("([A-Za-z0-9_.-]{1,100}/[A-Za-z0-9_.-]{1,100})?");

    private final WebhookSignature signature;
    /** The local stand-in's secret: checked only while no webhook secret is configured (first run). */
    private final Optional<WebhookSignature> standIn;

    private final DeliveryQueue queue;
    private final EventRouter router;
    private final ObjectMapper mapper;
    /** The handlers' parser's limits (nesting, number length), which intake's own check holds bodies to. */
    private final StreamReadConstraints limits;

    private final IntakeMetrics metrics;
    private final IntakePressure pressure;
    /** What bodies being read may take of the heap at once. */
    private final BodyBudget bodies;

    private final Clock clock;
    private final Duration acceptTimeout;
    /** Ends each webhook's wait for the store at {@code pitapat.queue.accept-timeout}. */
    private final AcceptDeadlines deadlines;

    WebhookIntake(
            WebhookProperties properties,
            QueueProperties queueProperties,
            DeliveryQueue queue,
            EventRouter router,
            ObjectMapper mapper,
            IntakeMetrics metrics,
            IntakePressure pressure,
            Clock clock,
            ObjectProvider<StandInSecret> standInSecret) {
        this.signature = new WebhookSignature(properties.secrets());
        this.standIn = signature.configured()
                ? Optional.empty()
                : Optional.ofNullable(standInSecret.getIfAvailable())
                        .map(secret -> new WebhookSignature(List.of(secret.value())));
        this.queue = queue;
        this.router = router;
        this.mapper = mapper;
        this.limits = mapper.tokenStreamFactory().streamReadConstraints();
        this.metrics = metrics;
        this.pressure = pressure;
        this.clock = clock;
        this.acceptTimeout = queueProperties.acceptTimeout();
        this.bodies = new BodyBudget(BodyBudget.BYTES, acceptTimeout);
        this.deadlines = AcceptDeadlines.started(acceptTimeout);
    }

    @PreDestroy
    void stopDeadlines() {
        deadlines.close();
    }

    @EventListener(ApplicationReadyEvent.class)
    void warnWithoutSecret() {
        if (!signature.configured()) {
            log.warn(
                    "No webhook secret is set: POST /webhooks/github answers 503 until"
                            + " pitapat.github.webhook-secret is configured{}",
                    standIn.isPresent() ? " (it takes only the local stand-in's own deliveries)" : "");
        }
    }

    void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Answer answer = receive(request);
        response.setStatus(answer.status().value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        mapper.writeValue(response.getOutputStream(), answer.body());
    }

    /** A status and the JSON body that goes with it. */
    record Answer(HttpStatus status, IntakeAnswer body) {}

    Answer receive(HttpServletRequest request) throws IOException {
        pressure.arrived();
        if (!signature.configured() && standIn.isEmpty()) {
            return noSecret();
        }
        long declared = request.getContentLengthLong();
        if (declared > MAX_BODY_BYTES) {
            return tooLarge();
        }
        try (BodyBudget.Held held = bodies.hold()) {
            byte[] body;
            try {
                body = held.read(request.getInputStream(), declared, MAX_BODY_BYTES);
            } catch (BodyBudget.NoRoom e) {
                return noRoom();
            }
            if (body == null) {
                return tooLarge();
            }
            return receive(request, body);
        }
    }

    private Answer receive(HttpServletRequest request, byte[] body) {
        String signatureHeader = request.getHeader("X-Hub-Signature-256");
        if (!signature.configured()) {
            // First run: only the local stand-in's own deliveries get in; to anyone else nothing is configured.
            if (!standIn.get().verifies(signatureHeader, body)) {
                return noSecret();
            }
        } else if (signatureHeader == null) {
            return refuse(
                    HttpStatus.UNAUTHORIZED,
                    "missing X-Hub-Signature-256: sign the raw body with HMAC-SHA256 under the webhook secret");
        } else if (!signature.verifies(signatureHeader, body)) {
            return refuse(
                    HttpStatus.UNAUTHORIZED,
                    "X-Hub-Signature-256 does not match the body under any configured webhook secret");
        }
        String event = request.getHeader("X-GitHub-Event");
        String deliveryId = request.getHeader("X-GitHub-Delivery");
        if (event == null || !EVENT.matcher(event).matches()) {
            return refuse(HttpStatus.BAD_REQUEST, "missing or malformed X-GitHub-Event header");
        }
        if (deliveryId == null || !DELIVERY_ID.matcher(deliveryId).matches()) {
            return refuse(
                    HttpStatus.BAD_REQUEST,
                    "missing or malformed X-GitHub-Delivery header (expected a GUID such as GitHub sends)");
        }
        PayloadSummary summary;
        try {
            summary = PayloadSummary.read(body, limits);
        } catch (PayloadSummary.MalformedPayloadException e) {
            return refuse(HttpStatus.BAD_REQUEST, "malformed JSON payload: " + e.getMessage());
        }
        if (!router.routes(event)) {
            metrics.count(event, "ignored");
            if (event.equals("ping")) {
                log.info(
                        "Ping from GitHub (delivery {}): the webhook reaches pitapat and its signature verifies",
                        deliveryId);
            }
            return new Answer(HttpStatus.ACCEPTED, new IntakeAnswer(deliveryId, "ignored"));
        }
        String action = ACTION.matcher(summary.action()).matches() ? summary.action() : "";
        String repo = REPO.matcher(summary.repo()).matches() ? summary.repo() : "";
        Offer offer;
        try {
            Optional<Offer> answered =
                    offerWithin(new Delivery(deliveryId, event, action, repo, body, clock.instant()));
            if (answered.isEmpty()) {
                String late = "the store did not answer within " + acceptTimeout.toMillis()
                        + " ms (pitapat.queue.accept-timeout)";
                log.error("Could not store delivery {} ({} {}): {}", deliveryId, event, repo, late);
                return unstored(event, late);
            }
            offer = answered.get();
        } catch (StoreUnavailableException e) {
            log.error("Could not store delivery {} ({} {}): {}", deliveryId, event, repo, e.getMessage());
            return unstored(event, "the store could not take it");
        }
        if (offer == Offer.DUPLICATE) {
            metrics.count(event, "duplicate");
            return new Answer(HttpStatus.OK, new IntakeAnswer(deliveryId, "duplicate"));
        }
        metrics.count(event, "queued");
        return new Answer(HttpStatus.ACCEPTED, new IntakeAnswer(deliveryId, "queued"));
    }

    /**
     * Offers the delivery to the store, waiting at most {@code pitapat.queue.accept-timeout}: a store that
     * has not answered by then may still keep it (the offer goes on and logs what became of it), so the
     * answer is a {@code 503} that a redelivery resolves either way.
     */
    private Optional<Offer> offerWithin(Delivery delivery) {
        CompletableFuture<Offer> offer = queue.offerAsync(delivery);
        try {
            return Optional.of(deadlines.within(offer).get());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TimeoutException) {
                offer.whenComplete((late, failure) -> reportLate(delivery.id(), late, failure));
                return Optional.empty();
            }
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** {@code 503}: the store did not confirm the delivery; a redelivery is safe whatever became of it. */
    private Answer unstored(String event, String why) {
        metrics.count(event, "unavailable");
        return refuse(
                HttpStatus.SERVICE_UNAVAILABLE,
                why + ", so the delivery was not accepted; redeliver it from the App's Advanced settings once the"
                        + " store is back (if the store kept it after all, the redelivery answers duplicate and"
                        + " it is handled once)");
    }

    private static void reportLate(String deliveryId, Offer late, Throwable failure) {
        if (failure != null) {
            log.info("Delivery {} was not stored: {}", deliveryId, failure.getMessage());
        } else {
            log.warn(
                    "The store kept delivery {} after its webhook had been answered 503 ({}): a redelivery answers"
                            + " duplicate, and it is handled once",
                    deliveryId,
                    late == Offer.QUEUED ? "queued" : "a duplicate");
        }
    }

    private Answer noSecret() {
        return refuse(
                HttpStatus.SERVICE_UNAVAILABLE,
                "no webhook secret is configured: set pitapat.github.webhook-secret (the secret of the GitHub"
                        + " App's webhook)");
    }

    private Answer noRoom() {
        return refuse(
                HttpStatus.SERVICE_UNAVAILABLE,
                "other large webhook bodies being read take all the room there is now, so this one was not read;"
                        + " redeliver it from the App's Advanced settings");
    }

    private Answer tooLarge() {
        return refuse(HttpStatus.CONTENT_TOO_LARGE, "the body is larger than GitHub's 25 MiB cap");
    }

    private Answer refuse(HttpStatus status, String error) {
        metrics.count("unknown", "refused_" + status.value());
        return new Answer(status, IntakeAnswer.refused(error));
    }
}
