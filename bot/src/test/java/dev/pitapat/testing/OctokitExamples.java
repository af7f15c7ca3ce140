package dev.pitapat.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** GitHub's own webhook examples ({@code @octokit/webhooks-examples}), as the build fetched and unpacked them. */
public final class OctokitExamples {

    public static final String PROPERTY = "octokit.webhooks.examples";

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private OctokitExamples() {}

    /** {@code api.github.com/index.json}; missing means the build did not fetch it. */
    public static JsonNode index() {
        Path file = Path.of(
                System.getProperty(PROPERTY, "target/octokit-webhooks-examples/package/api.github.com/index.json"));
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException(file.toAbsolutePath()
                    + " is missing: the build fetches @octokit/webhooks-examples and unpacks it there"
                    + " (download-maven-plugin in bot/pom.xml, phase generate-test-resources); run"
                    + " ./mvnw -B verify, or ./mvnw -B -pl bot generate-test-resources");
        }
        try {
            return MAPPER.readTree(file.toFile());
        } catch (RuntimeException e) {
            throw new IllegalStateException("reading " + file.toAbsolutePath(), e);
        }
    }

    /** The examples of one event and action. */
    public static List<JsonNode> of(String event, String action) {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode entry : index()) {
            if (entry.path("name").asString().equals(event)) {
                for (JsonNode payload : entry.path("examples")) {
                    if (payload.path("action").asString("").equals(action)) {
                        found.add(payload);
                    }
                }
            }
        }
        return found;
    }

    /** Every path to a value in the payload, {@code comment.user.login}; array items as {@code []}. */
    public static Set<String> paths(JsonNode node) {
        Set<String> paths = new TreeSet<>();
        collect(node, "", paths);
        return paths;
    }

    private static void collect(JsonNode node, String prefix, Set<String> paths) {
        if (node.isObject()) {
            for (var field : node.properties()) {
                String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
                paths.add(path);
                collect(field.getValue(), path, paths);
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                collect(item, prefix + "[]", paths);
            }
        }
    }
}
