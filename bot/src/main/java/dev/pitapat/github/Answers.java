package dev.pitapat.github;

import java.net.URI;
import java.util.OptionalLong;
import tools.jackson.databind.JsonNode;

/** Reads fields of GitHub's answers; a missing field is a {@link GitHubException} naming the operation. */
final class Answers {

    private Answers() {}

    static long id(JsonNode node, String field, String operation) {
        JsonNode value = node.path(field);
        if (!value.isIntegralNumber()) {
            throw missing(field, operation);
        }
        return value.longValue();
    }

    static OptionalLong optionalId(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isIntegralNumber() ? OptionalLong.of(value.longValue()) : OptionalLong.empty();
    }

    static String text(JsonNode node, String field, String operation) {
        JsonNode value = node.path(field);
        if (!value.isString()) {
            throw missing(field, operation);
        }
        return value.stringValue();
    }

    static URI uri(JsonNode node, String field, String operation) {
        try {
            return URI.create(text(node, field, operation));
        } catch (IllegalArgumentException e) {
            throw new GitHubException(operation, "GitHub's " + field + " is not a URL", false, null);
        }
    }

    static boolean flag(JsonNode node, String field) {
        return node.path(field).isBoolean() && node.path(field).booleanValue();
    }

    private static GitHubException missing(String field, String operation) {
        return new GitHubException(operation, "GitHub's answer has no " + field, false, null);
    }
}
