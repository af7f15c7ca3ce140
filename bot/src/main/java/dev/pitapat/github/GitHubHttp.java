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
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
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
 * <p>Retried: {@code 5xx}, connection errors, requests without an answer within
 * {@code pitapat.github.request-timeout}, and rate limits ({@code 429}, or {@code 403} with {@code Retry-After},
 * with {@code x-ratelimit-remaining: 0}, or naming a secondary rate limit), at most {@value #MAX_ATTEMPTS}
 * attempts. Other waits double from one second. Everything else is final.
 *
 * <p>A rate limit closes a gate for its credential (the App's JWT, or one installation's token) until the time
 * GitHub named ({@code Retry-After}, or {@code x-ratelimit-reset} read against GitHub's own {@code Date}): no
 * request with that credential leaves this process before then, from any thread. A call that meets the closed gate
 * waits for it when that is at most {@code pitapat.github.rate-limit-wait}, and otherwise fails at once, unsent,
 * with a {@link GitHubException} that says until when ({@link GitHubException#notBefore()}).
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
    private final GitHubClock time;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration requestTimeout;
    private final Duration rateLimitWait;
    private final RetryTemplate retries;
    private final ConditionalCache remembered;
    /** Per credential scope ({@code app}, {@code installation 42}): no request before this local time. */
    private final Map<String, Instant> gates = new ConcurrentHashMap<>();

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
        this(apiUrl, client, json, meters, new GitHubClock(clock), sleeper, remembered, GitHubCallProperties.DEFAULTS);
    }

    GitHubHttp(
            URI apiUrl,
            HttpClient client,
            JsonMapper json,
            MeterRegistry meters,
            GitHubClock time,
            Sleeper sleeper,
            ConditionalCache remembered,
            GitHubCallProperties settings) {
        this.remembered = remembered;
        this.apiUrl = apiUrl.toString().replaceAll("/+$", "");
        this.client = client;
        this.json = json;
        this.meters = meters;
        this.time = time;
        this.clock = time.local();
        this.sleeper = sleeper;
        this.requestTimeout = settings.requestTimeout();
        this.rateLimitWait = settings.rateLimitWait();
        this.retries = new RetryTemplate(RetryPolicy.builder()
                .backOff(new FixedBackOff(0, MAX_ATTEMPTS - 1)) // counts retries; the listener waits
                .predicate(this::worthRetrying)
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

    /** GitHub's time, as learnt from its answers. */
    GitHubClock time() {
        return time;
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

    /** A rate limit is waited out in place up to {@code rate-limit-wait}; another asked-for wait up to a minute. */
    private boolean worthRetrying(Throwable failure) {
        if (!(failure instanceof GitHubException github) || !github.retryable()) {
            return false;
        }
        Duration longest = github.notBefore().isPresent() ? rateLimitWait : MAX_WAIT;
        return github.retryAfter().map(wait -> wait.compareTo(longest) <= 0).orElse(true);
    }

    /**
     * Waits while the credential's rate limit holds, if that is at most {@code rate-limit-wait} (and the call may
     * wait at all); otherwise fails at once without sending anything.
     */
    private void passGate(String scope, Call call) {
        while (true) {
            Instant until = gates.get(scope);
            if (until == null) {
                return;
            }
            Duration wait = Duration.between(clock.instant(), until);
            if (wait.isNegative() || wait.isZero()) {
                gates.remove(scope, until);
                return;
            }
            if (!call.retry() || wait.compareTo(rateLimitWait) > 0) {
                throw new GitHubException(call.description(), until, wait);
            }
            log.info(
                    "{}: waiting {} s for GitHub's rate limit to pass",
                    call.description(),
                    (wait.toMillis() + 999) / 1000);
            try {
                sleeper.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new GitHubException(call.description(), "interrupted while waiting for a rate limit", false, e);
            }
        }
    }

    /** No request with the credential of {@code scope} before {@code until}; a later time already set stands. */
    private void closeGate(String scope, Instant until) {
        gates.merge(scope, until, (known, asked) -> known.isAfter(asked) ? known : asked);
    }

    private static Duration backOff(int retry) {
        Duration wait = FIRST_WAIT.multipliedBy(1L << Math.min(retry - 1, 16));
        return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
    }

    private JsonNode attempt(String scope, Call call, String bearer) {
        passGate(scope, call);
        if (!call.method().equals("GET")) {
            return parse(call, exchange(scope, call, bearer, Optional.empty()).body());
        }
        ConditionalCache.Key key = new ConditionalCache.Key(scope, call.method(), call.path(), ACCEPT);
        // Held for this attempt: an eviction while GitHub answers cannot take the body a 304 refers to.
        Optional<ConditionalCache.Remembered> known = remembered.lookup(key);
        HttpResponse<String> response = exchange(scope, call, bearer, known);
        if (response.statusCode() == 304) {
            if (known.isPresent()) {
                ConditionalCache.Remembered confirmed = known.get().confirmedBy(response.headers());
                remembered.remember(key, confirmed);
                return parse(call, confirmed.body());
            }
            response = exchange(scope, call, bearer, Optional.empty());
            if (response.statusCode() == 304) {
                throw failure(call, response);
            }
        }
        JsonNode answer = parse(call, response.body());
        if (response.statusCode() == 200) {
            remembered.remember(key, response.headers(), response.body());
        }
        return answer;
    }

    /**
     * One request and its answer ({@code 2xx}, or {@code 304} to a conditional GET), counted by status; any other
     * answer is thrown as a {@link GitHubException}, a rate limit closing the credential's gate first. {@code known}
     * makes a GET conditional.
     */
    private HttpResponse<String> exchange(
            String scope, Call call, String bearer, Optional<ConditionalCache.Remembered> known) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiUrl + call.path()))
                .timeout(requestTimeout)
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
        HttpResponse<String> response = send(call, request.build());
        time.learn(response.headers());
        int status = response.statusCode();
        if (status >= 200 && status < 300 || status == 304) { // a 304 the caller has no body for, it asks again
            count(call, Integer.toString(status));
            return response;
        }
        GitHubException failure = failure(call, response);
        failure.notBefore().ifPresent(until -> closeGate(scope, until)); // before anyone can see the count
        count(call, Integer.toString(status));
        throw failure;
    }

    /** Sends the request; {@code request-timeout} bounds the whole exchange, the answer's body included. */
    private HttpResponse<String> send(Call call, HttpRequest request) {
        try {
            return client.send(request, BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw timedOut(call, e);
        } catch (IOException e) {
            count(call, "io_error");
            throw new GitHubException(
                    call.description(), "GitHub not reachable (" + e.getClass().getSimpleName() + ")", true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GitHubException(call.description(), "interrupted", false, e);
        }
    }

    private GitHubException timedOut(Call call, Throwable cause) {
        count(call, "timeout");
        String limit = requestTimeout.toMillis() % 1000 == 0
                ? requestTimeout.toSeconds() + " s"
                : requestTimeout.toMillis() + " ms";
        return new GitHubException(
                call.description(),
                "GitHub did not answer within " + limit + " (pitapat.github.request-timeout)",
                true,
                cause);
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
        // GitHub's time when it answered: its Date header, else the local clock moved by the offset known
        Instant gitHubNow = GitHubClock.dateOf(response.headers()).orElseGet(time::now);
        Optional<Duration> retryAfter = header(response, "retry-after").flatMap(value -> retryAfter(value, gitHubNow));
        boolean exhausted =
                header(response, "x-ratelimit-remaining").filter("0"::equals).isPresent();
        if (exhausted && retryAfter.isEmpty()) {
            retryAfter = header(response, "x-ratelimit-reset").flatMap(value -> untilReset(value, gitHubNow));
        }
        boolean secondary = message.filter(m -> m.toLowerCase(Locale.ROOT).contains("secondary rate limit"))
                .isPresent();
        boolean rateLimited = status == 429 || status == 403 && (retryAfter.isPresent() || exhausted || secondary);
        if (rateLimited && retryAfter.isEmpty()) {
            retryAfter = Optional.of(MAX_WAIT); // GitHub: without a hint, wait at least a minute
        }
        boolean retryable = rateLimited || status >= 500;
        Optional<Instant> notBefore = rateLimited ? retryAfter.map(clock.instant()::plus) : Optional.empty();
        return new GitHubException(
                call.description(), status, message, retryable, retryable ? retryAfter : Optional.empty(), notBefore);
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

    /** {@code Retry-After}: seconds, or an HTTP date in GitHub's time. */
    private static Optional<Duration> retryAfter(String value, Instant gitHubNow) {
        OptionalLong seconds = seconds(value);
        if (seconds.isPresent()) {
            return Optional.of(Duration.ofSeconds(Math.max(0, seconds.getAsLong())));
        }
        return GitHubClock.httpDate(value).map(at -> positive(Duration.between(gitHubNow, at)));
    }

    /** {@code x-ratelimit-reset}: epoch seconds in GitHub's time; a second more, as its clock ticks in seconds. */
    private static Optional<Duration> untilReset(String value, Instant gitHubNow) {
        OptionalLong epochSecond = seconds(value);
        if (epochSecond.isEmpty()) {
            return Optional.empty();
        }
        Duration wait = Duration.between(gitHubNow, Instant.ofEpochSecond(epochSecond.getAsLong()));
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
