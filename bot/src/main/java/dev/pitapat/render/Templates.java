package dev.pitapat.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The manifest templates of {@code gitops-templates/app/}, packaged under {@code pitapat-templates/app/}, parsed
 * once into YAML trees. A placeholder is a string value written {@code "{{ name }}"}; {@link #fill} replaces it
 * with a tree or drops its key, and refuses a template whose placeholder it was not given a value for.
 */
final class Templates {

    static final String LOCATION = "pitapat-templates/app/";
    static final List<String> FILES =
            List.of("rollout.yaml", "service-active.yaml", "service-preview.yaml", "ingress.yaml");

    private final Map<String, ObjectNode> trees;

    private Templates(Map<String, ObjectNode> trees) {
        this.trees = Map.copyOf(trees);
    }

    /** Reads the templates packaged with the bot. */
    static Templates fromClasspath(YAMLMapper yaml) {
        ClassLoader loader = Templates.class.getClassLoader();
        Map<String, ObjectNode> trees = new java.util.HashMap<>();
        for (String file : FILES) {
            try (InputStream in = loader.getResourceAsStream(LOCATION + file)) {
                if (in == null) {
                    throw new IllegalStateException(
                            "manifest template " + LOCATION + file + " is not on the classpath");
                }
                JsonNode tree = yaml.readTree(in);
                if (!tree.isObject()) {
                    throw new IllegalStateException("manifest template " + file + " is not a YAML mapping");
                }
                trees.put(file, (ObjectNode) tree);
            } catch (IOException e) {
                throw new UncheckedIOException("reading manifest template " + file, e);
            }
        }
        return new Templates(trees);
    }

    /** A fresh copy of one template's tree. */
    ObjectNode copyOf(String file) {
        return trees.get(file).deepCopy();
    }

    /**
     * Replaces every placeholder of {@code node} in place: with a copy of its value, or, for an empty value, by
     * removing its key.
     *
     * @throws IllegalStateException for a placeholder without a value, or an empty value inside a list
     */
    static void fill(JsonNode node, Map<String, Optional<JsonNode>> values) {
        if (node instanceof ObjectNode object) {
            for (String key : List.copyOf(object.propertyNames())) {
                JsonNode child = object.get(key);
                Optional<String> name = placeholder(child);
                if (name.isPresent()) {
                    Optional<JsonNode> value = valueOf(name.get(), values);
                    if (value.isPresent()) {
                        object.set(key, value.get().deepCopy());
                    } else {
                        object.remove(key);
                    }
                } else {
                    fill(child, values);
                }
            }
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                Optional<String> name = placeholder(array.get(i));
                if (name.isPresent()) {
                    JsonNode value = valueOf(name.get(), values)
                            .orElseThrow(() -> new IllegalStateException(
                                    "placeholder " + name.get() + " inside a list cannot be left out"));
                    array.set(i, value.deepCopy());
                } else {
                    fill(array.get(i), values);
                }
            }
        }
    }

    private static Optional<JsonNode> valueOf(String name, Map<String, Optional<JsonNode>> values) {
        Optional<JsonNode> value = values.get(name);
        if (value == null) {
            throw new IllegalStateException("template placeholder {{ " + name + " }} has no value");
        }
        return value;
    }

    private static Optional<String> placeholder(JsonNode node) {
        if (!node.isString()) {
            return Optional.empty();
        }
        String text = node.stringValue();
        if (text.startsWith("{{ ") && text.endsWith(" }}") && text.length() > 6) {
            return Optional.of(text.substring(3, text.length() - 3));
        }
        return Optional.empty();
    }
}
