package dev.pitapat.burst;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The ratio from Prometheus's instant query API ({@code GET /api/v1/query}): one series (a vector of one sample,
 * or a scalar) whose value, a string, is a finite number of 0 or more. Anything else is unavailable and says why:
 * an error answer (its {@code errorType} and {@code error}), no answer within the timeout, an empty result (no
 * data), several series, {@code NaN} or an infinity.
 */
final class PrometheusSignal implements Signal {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient client;
    private final URI queryUrl;
    private final Optional<String> authorization;
    private final Duration timeout;

    /**
     * @param base Prometheus's base URL (a path prefix such as {@code /prometheus} is kept)
     * @param timeout how long one query may take, told to Prometheus too
     */
    PrometheusSignal(HttpClient client, String base, String query, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
        URI url = URI.create(base);
        this.authorization = Optional.ofNullable(url.getRawUserInfo())
                .map(user -> "Basic "
                        + Base64.getEncoder()
                                .encodeToString(URLDecoder.decode(user, StandardCharsets.UTF_8)
                                        .getBytes(StandardCharsets.UTF_8)));
        String prefix = withoutUserInfo(url).toString().replaceAll("/+$", "");
        this.queryUrl = URI.create(prefix + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)
                + "&timeout=" + Math.max(1, timeout.toMillis()) + "ms");
    }

    /**
     * {@code url} without a {@code user:password@} part: what may be logged. A Prometheus behind basic
     * authentication is given as {@code https://user:password@prometheus.example.com}; the password is sent in the
     * {@code Authorization} header and shown nowhere.
     */
    static URI withoutUserInfo(URI url) {
        try {
            return new URI(url.getScheme(), null, url.getHost(), url.getPort(), url.getPath(), null, null);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("not a URL", e);
        }
    }

    @Override
    public Reading read() {
        HttpResponse<String> response;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(queryUrl)
                    .timeout(timeout)
                    .header("Accept", "application/json")
                    .GET();
            authorization.ifPresent(value -> request.header("Authorization", value));
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            return new Reading.Unavailable("Prometheus did not answer within " + timeout.toMillis() + " ms");
        } catch (IOException e) {
            return new Reading.Unavailable(
                    "Prometheus could not be reached (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reading.Unavailable("interrupted while asking Prometheus");
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(response.body());
        } catch (JacksonException e) {
            return new Reading.Unavailable("Prometheus answered HTTP " + response.statusCode() + " without JSON");
        }
        if (!"success".equals(answer.path("status").asString(""))) {
            return new Reading.Unavailable("Prometheus refused the query (HTTP " + response.statusCode() + ", "
                    + answer.path("errorType").asString("no errorType") + ": "
                    + oneLine(answer.path("error").asString("no error given")) + ")");
        }
        JsonNode data = answer.path("data");
        String type = data.path("resultType").asString("");
        JsonNode value;
        switch (type) {
            case "scalar" -> value = data.path("result").path(1);
            case "vector" -> {
                JsonNode result = data.path("result");
                if (result.isEmpty()) {
                    return new Reading.Unavailable("the query gave no data (an empty result)");
                }
                if (result.size() > 1) {
                    return new Reading.Unavailable(
                            "the query gave " + result.size() + " series; it must give one (wrap it in sum(...))");
                }
                value = result.path(0).path("value").path(1);
            }
            default -> {
                return new Reading.Unavailable("the query gave a " + (type.isEmpty() ? "malformed" : type)
                        + " result; it must give one number (a vector of one series, or a scalar)");
            }
        }
        return parse(value.asString(""));
    }

    private static Reading parse(String text) {
        double ratio;
        try {
            // Prometheus writes infinities as Go does: +Inf, -Inf
            ratio = switch (text) {
                case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
                case "-Inf" -> Double.NEGATIVE_INFINITY;
                default -> Double.parseDouble(text);
            };
        } catch (NumberFormatException e) {
            return new Reading.Unavailable("the query gave \"" + oneLine(text) + "\", not a number");
        }
        if (Double.isNaN(ratio)) {
            return new Reading.Unavailable("the query gave NaN");
        }
        if (Double.isInfinite(ratio)) {
            return new Reading.Unavailable("the query gave " + (ratio > 0 ? "+Inf" : "-Inf"));
        }
        if (ratio < 0) {
            return new Reading.Unavailable("the query gave " + ratio + "; a ratio is 0 or more");
        }
        return new Reading.Value(ratio);
    }

    private static String oneLine(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
