package dev.pitapat.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Real webhook payloads from {@code webhooks/<event>/<name>.json}, with fields changed in code (never in
 * edited copies).
 */
public final class Payloads {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final ObjectNode root;

    private Payloads(ObjectNode root) {
        this.root = root;
    }

    public static Payloads load(String event, String name) {
        String resource = "/webhooks/" + event + "/" + name + ".json";
        try (InputStream in = Payloads.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no payload " + resource);
            }
            return new Payloads((ObjectNode) MAPPER.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An {@code issue_comment} {@code created} on pull request {@code number} with this body. */
    public static Payloads commentOnPullRequest(int number, String body) {
        Payloads payload = load("issue_comment", "created");
        ObjectNode issue = (ObjectNode) payload.root.get("issue");
        issue.put("number", number);
        ObjectNode pr = issue.putObject("pull_request");
        String repoUrl = payload.root.path("repository").path("url").asString();
        pr.put("url", repoUrl + "/pulls/" + number);
        pr.put("html_url", payload.root.path("repository").path("html_url").asString() + "/pull/" + number);
        pr.put("diff_url", payload.root.path("repository").path("html_url").asString() + "/pull/" + number + ".diff");
        pr.put("patch_url", payload.root.path("repository").path("html_url").asString() + "/pull/" + number + ".patch");
        ((ObjectNode) payload.root.get("comment")).put("body", body);
        return payload;
    }

    public Payloads set(String pointer, String value) {
        int slash = pointer.lastIndexOf('/');
        ((ObjectNode) root.at(pointer.substring(0, slash))).put(pointer.substring(slash + 1), value);
        return this;
    }

    /** Sets a field to a JSON value (an object, an array, a number), written as JSON text. */
    public Payloads setJson(String pointer, String json) {
        int slash = pointer.lastIndexOf('/');
        ((ObjectNode) root.at(pointer.substring(0, slash))).set(pointer.substring(slash + 1), MAPPER.readTree(json));
        return this;
    }

    public JsonNode tree() {
        return root;
    }

    public byte[] bytes() {
        return MAPPER.writeValueAsBytes(root);
    }
}
