package dev.pitapat.github;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.retry.RetryException;
import org.springframework.core.retry.RetryListener;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryState;
import org.springframework.core.retry.RetryTemplate;
import org.springframework.core.retry.Retryable;
import org.springframework.util.backoff.FixedBackOff;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * The one path every GitHub request takes: headers, conditional GETs, bounded retries, the
 * {@code pitapat.github.api.calls} counter, and errors turned into {@link GitHubException}s.
 *
 * <p>Every GET is conditional once GitHub has answered it with a validator ({@link ConditionalCache}): a
 * {@code 304} (counted as such) is answered with the remembered body, as if GitHub had sent it with a
 * {@code 200}. A {@code 304} pitapat has no body for is asked again, once, without validators.
 *
 * <p>Retried: {@code 5xx}, connection errors, and rate limits ({@code 429}, or {@code 403} with
 * {@code Retry-After}, with {@code x-ratelimit-remaining: 0}, or naming a secondary rate limit), at most
 * {@value #MAX_ATTEMPTS} attempts. A wait GitHub asks for is honoured up to {@link #MAX_WAIT}; a longer one
 * fails at once. Other waits double from one second. Everything else is final.
 *
 * <p>Spring's {@link RetryTemplate} counts attempts and decides; it cannot see a failure's
 * {@code Retry-After} and sleeps with {@code Thread.sleep}, so its own back-off is zero and the wait happens
 * in {@link RetryListener#beforeRetry}, through an injectable {@link Sleeper}.
 */
final class GitHubHttp {

    static final int MAX_ATTEMPTS = 4;
    static final Duration MAX_WAIT = Duration.ofSeconds(60);
    static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    static final String API_VERSION = "2022-11-28";
    static final String USER_AGENT = "pitapat";
    static final String CALLS_METRIC = "pitapat.github.api.calls";
    static final String ACCEPT = "application/vnd.github+json";

    /** Waits before a retry; tests record the waits instead. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private static final Logger log = LoggerFactory.getLogger(GitHubHttp.class);

    private final String apiUrl;
    private final HttpClient client;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final Clock clock;
    private final RetryTemplate retries;
    private final ConditionalCache remembered;

    GitHubHttp(URI apiUrl, HttpClient client, JsonMapper json, MeterRegistry meters, Clock clock, Sleeper sleeper) {
        this(apiUrl, client, json, meters, clock, sleeper, new ConditionalCache());
    }

    GitHubHttp(
            URI apiUrl,
            HttpClient client,
            JsonMapper json,
            MeterRegistry meters,
            Clock clock,
            Sleeper sleeper,
            ConditionalCache remembered) {
        this.remembered = remembered;
        this.apiUrl = apiUrl.toString().replaceAll("/+$", "");
        this.client = client;
        this.json = json;
        this.meters = meters;
        this.clock = clock;
        this.retries = new RetryTemplate(RetryPolicy.builder()
                .backOff(new FixedBackOff(0, MAX_ATTEMPTS - 1)) // counts retries; the listener waits
                .predicate(GitHubHttp::worthRetrying)
                .build());
        this.retries.setRetryListener(new RetryListener() {
            @Override
            public void beforeRetry(RetryPolicy policy, Retryable<?> retryable, RetryState state) {
                GitHubException failure = (GitHubException) state.getLastException();
                Duration wait = failure.retryAfter().orElseGet(() -> backOff(state.getRetryCount()));
                log.warn(
                        "{}; trying again in {} s (attempt {} of {})",
                        failure.getMessage(),
                        wait.toSeconds(),
                        state.getRetryCount() + 1,
                        MAX_ATTEMPTS);
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new GitHubException(failure.operation(), "interrupted while waiting to retry", false, e);
                }
            }
        });
    }

    static HttpClient defaultClient() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    JsonMapper json() {
        return json;
    }

    /**
     * Sends the call with the bearer credential and answers GitHub's JSON ({@code MissingNode} if none).
     * {@code scope} says who asks ({@code app}, {@code installation 42}), so that GET answers are remembered
     * per asker; never a credential.
     */
    JsonNode send(String scope, Call call, String bearer) {
        if (!call.retry()) {
            return attempt(scope, call, bearer);
        }
        try {
            return retries.execute(() -> attempt(scope, call, bearer));
        } catch (RetryException e) {
            if (e.getLastException() instanceof GitHubException failure) {
                throw failure;
            }
            throw new GitHubException(call.description(), "unexpected failure", false, e.getLastException());
        }
    }

    private static boolean worthRetrying(Throwable failure) {
        return failure instanceof GitHubException github
                && github.retryable()
                && github.retryAfter()
                        .map(wait -> wait.compareTo(MAX_WAIT) <= 0)
                        .orElse(true);
    }

    private static Duration backOff(int retry) {
        Duration wait = FIRST_WAIT.multipliedBy(1L << Math.min(retry - 1, 16));
        return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
    }

    private JsonNode attempt(String scope, Call call, String bearer) {
        if (!call.method().equals("GET")) {
            return answer(call, exchange(call, bearer, Optional.empty()));
        }
        ConditionalCache.Key key = new ConditionalCache.Key(scope, call.method(), call.path(), ACCEPT);
        // Held for this attempt: an eviction while GitHub answers cannot take the body a 304 refers to.
        Optional<ConditionalCache.Remembered> known = remembered.lookup(key);
        HttpResponse<String> response = exchange(call, bearer, known);
        if (response.statusCode() == 304) {
            if (known.isPresent()) {
                ConditionalCache.Remembered confirmed = known.get().confirmedBy(response.headers());
                remembered.remember(key, confirmed);
                return parse(call, confirmed.body());
            }
            response = exchange(call, bearer, Optional.empty());
        }
        JsonNode answer = answer(call, response);
        if (response.statusCode() == 200) {
            remembered.remember(key, response.headers(), response.body());
        }
        return answer;
    }

    private JsonNode answer(Call call, HttpResponse<String> response) {
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return parse(call, response.body());
        }
        throw failure(call, response);
    }

    /** One request and its answer, counted by status; {@code known} makes a GET conditional. */
    private HttpResponse<String> exchange(Call call, String bearer, Optional<ConditionalCache.Remembered> known) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiUrl + call.path()))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", ACCEPT)
                .header("X-GitHub-Api-Version", API_VERSION)
                .header("User-Agent", USER_AGENT)
                .header("Authorization", "Bearer " + bearer);
        known.ifPresent(validators -> validators.askIfChanged(request));
        if (call.body().isPresent()) {
            request.header("Content-Type", "application/json")
                    .method(
                            call.method(),
                            BodyPublishers.ofString(
                                    json.writeValueAsString(call.body().get())));
        } else {
            request.method(call.method(), BodyPublishers.noBody());
        }
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), BodyHandlers.ofString());
        } catch (IOException e) {
            count(call, "io_error");
            throw new GitHubException(
                    call.description(), "GitHub not reachable (" + e.getClass().getSimpleName() + ")", true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitHubException(call.description(), "interrupted", false, e);
        }
        count(call, Integer.toString(response.statusCode()));
        return response;
    }

    private void count(Call call, String status) {
        Counter.builder(CALLS_METRIC)
                .description("GitHub REST requests by operation and HTTP status")
                .tag("operation", call.metric())
                .tag("status", status)
                .register(meters)
                .increment();
    }

    private JsonNode parse(Call call, String body) {
        if (body.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return json.readTree(body);
        } catch (JacksonException e) {
            throw new GitHubException(call.description(), "GitHub answered with unreadable JSON", false, null);
        }
    }

    private GitHubException failure(Call call, HttpResponse<String> response) {
        int status = response.statusCode();
        Optional<String> message = errorMessage(response.body());
        Optional<Duration> retryAfter = header(response, "retry-after").flatMap(this::retryAfter);
        boolean exhausted =
                header(response, "x-ratelimit-remaining").filter("0"::equals).isPresent();
        if (exhausted && retryAfter.isEmpty()) {
            retryAfter = header(response, "x-ratelimit-reset").flatMap(this::untilReset);
        }
        boolean secondary = message.filter(m -> m.toLowerCase(Locale.ROOT).contains("secondary rate limit"))
                .isPresent();
        boolean rateLimited = status == 429 || status == 403 && (retryAfter.isPresent() || exhausted || secondary);
        if (rateLimited && retryAfter.isEmpty()) {
            retryAfter = Optional.of(MAX_WAIT); // GitHub: without a hint, wait at least a minute
        }
        boolean retryable = rateLimited || status >= 500;
        return new GitHubException(
                call.description(), status, message, retryable, retryable ? retryAfter : Optional.empty());
    }

    private Optional<String> errorMessage(String body) {
        try {
            JsonNode node = json.readTree(body);
            return node.path("message").stringValueOpt().filter(m -> !m.isBlank());
        } catch (JacksonException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name).map(String::strip);
    }

    private Optional<Duration> retryAfter(String value) {
        OptionalLong seconds = seconds(value);
        if (seconds.isPresent()) {
            return Optional.of(Duration.ofSeconds(Math.max(0, seconds.getAsLong())));
        }
        try {
            Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)
                    .toInstant();
            return Optional.of(positive(Duration.between(clock.instant(), at)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private Optional<Duration> untilReset(String value) {
        OptionalLong epochSecond = seconds(value);
        if (epochSecond.isEmpty()) {
            return Optional.empty();
        }
        Duration wait = Duration.between(clock.instant(), Instant.ofEpochSecond(epochSecond.getAsLong()));
        return Optional.of(positive(wait).plusSeconds(1));
    }

    private static Duration positive(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }

    private static OptionalLong seconds(String value) {
        try {
            return OptionalLong.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
