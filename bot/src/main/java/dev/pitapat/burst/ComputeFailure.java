package dev.pitapat.burst;

import com.google.api.client.http.HttpResponseException;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.compute.v1.Errors;
import com.google.cloud.compute.v1.Operation;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What went wrong with one call to Compute, in words (the status code and Compute's own message, never a header),
 * and whether trying again can help: a transport failure, a timeout, {@code 429} and {@code 5xx} can; another
 * {@code 4xx} cannot. An operation that ended with an error can too, with a new request id.
 *
 * @param text what Compute answered, or why it did not
 * @param transientFailure whether the same call may succeed later
 * @param cause the client's exception, if there is one
 */
record ComputeFailure(
        String text, boolean transientFailure, @Nullable Throwable cause) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int MOST_TEXT = 300;

    /** A failed call: Compute's answer when it gave one ({@code {"error":{"code","message","status","errors"}}}). */
    static ComputeFailure of(ApiException e, Duration callTimeout) {
        HttpResponseException answer = causeOfType(e, HttpResponseException.class);
        if (answer != null) {
            int status = answer.getStatusCode();
            return new ComputeFailure(
                    "Compute answered " + status + said(answer.getContent()), status == 429 || status >= 500, e);
        }
        StatusCode.Code code = e.getStatusCode().getCode();
        if (code == StatusCode.Code.DEADLINE_EXCEEDED) {
            return new ComputeFailure("Compute did not answer within " + seconds(callTimeout), true, e);
        }
        IOException transport = causeOfType(e, IOException.class);
        if (transport != null) {
            return new ComputeFailure("could not reach Compute (" + transport + ")", true, e);
        }
        return new ComputeFailure(
                "the Compute client failed with " + code,
                code == StatusCode.Code.UNAVAILABLE || code == StatusCode.Code.RESOURCE_EXHAUSTED,
                e);
    }

    /** An operation that ended {@code DONE} with {@code error.errors}, or with only an HTTP error status. */
    static Optional<ComputeFailure> of(Operation done) {
        if (!done.hasError() && done.getHttpErrorStatusCode() < 400) {
            return Optional.empty();
        }
        String errors = done.getError().getErrorsList().stream()
                .map(ComputeFailure::said)
                .collect(Collectors.joining("; "));
        String status = done.getHttpErrorStatusCode() > 0
                ? " (" + done.getHttpErrorStatusCode() + " " + done.getHttpErrorMessage() + ")"
                : "";
        return Optional.of(new ComputeFailure(
                "operation " + done.getName() + " ended with " + (errors.isEmpty() ? "an error" : errors) + status,
                true,
                null));
    }

    @Override
    public String toString() {
        return text;
    }

    private static String said(Errors error) {
        return error.getCode() + ": " + oneLine(error.getMessage());
    }

    /** {@code " RESOURCE_EXHAUSTED, rateLimitExceeded: Rate Limit Exceeded"} from Google's error body. */
    private static String said(@Nullable String content) {
        if (content == null || content.isBlank()) {
            return "";
        }
        try {
            JsonNode error = JSON.readTree(content).path("error");
            if (error.path("message").isString()) {
                String kind = Stream.of(
                                error.path("status").asString(""),
                                error.path("errors").path(0).path("reason").asString(""))
                        .filter(s -> !s.isEmpty())
                        .collect(Collectors.joining(", "));
                return (kind.isEmpty() ? "" : " " + kind) + ": "
                        + oneLine(error.path("message").asString());
            }
        } catch (JacksonException notJson) {
            // a proxy's page rather than Compute's JSON: its text, shortened
        }
        return ": " + oneLine(content);
    }

    /** {@code text} on one line, and not too long for one. */
    private static String oneLine(String text) {
        String line = text.strip().replaceAll("\\s+", " ");
        return line.length() > MOST_TEXT ? line.substring(0, MOST_TEXT) + "..." : line;
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    private static <T extends Throwable> @Nullable T causeOfType(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
