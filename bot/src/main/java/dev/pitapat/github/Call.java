package dev.pitapat.github;

import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * One GitHub REST request. {@code metric} is the short, fixed name counted in
 * {@code pitapat.github.api.calls}; {@code description} says what pitapat was doing, for messages.
 */
record Call(String metric, String description, String method, String path, Optional<JsonNode> body, boolean retry) {

    static Call get(String metric, String description, String path) {
        return new Call(metric, description, "GET", path, Optional.empty(), true);
    }

    static Call post(String metric, String description, String path, Optional<JsonNode> body) {
        return new Call(metric, description, "POST", path, body, true);
    }

    static Call put(String metric, String description, String path, JsonNode body) {
        return new Call(metric, description, "PUT", path, Optional.of(body), true);
    }

    static Call patch(String metric, String description, String path, JsonNode body) {
        return new Call(metric, description, "PATCH", path, Optional.of(body), true);
    }

    /** The same request, tried only once: for callers that must answer quickly, like health checks. */
    Call once() {
        return new Call(metric, description, method, path, body, false);
    }
}
