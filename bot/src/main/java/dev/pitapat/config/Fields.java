package dev.pitapat.config;

import dev.pitapat.model.SecretRedactor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Typed reads of composed YAML nodes. Each read either returns the value or adds a problem naming the field's
 * path and returns empty, so one pass finds every problem. Values are never quoted; keys only when short and
 * plain.
 */
final class Fields {

    private static final int MAX_QUOTED_KEY = 40;

    private Fields() {}

    /** A mapping with only {@code known} keys, each once; YAML's empty value reads as an empty mapping. */
    static Optional<Map<String, Node>> mapping(Node node, String path, Set<String> known, Problems problems) {
        Optional<Map<String, Node>> entries = entries(node, path, problems);
        entries.ifPresent(map -> map.keySet().removeIf(key -> {
            if (!known.contains(key)) {
                problems.add(
                        join(path, safeKey(key).orElse("")),
                        safeKey(key).isPresent() ? "this key is not known" : "it has a key that is not known",
                        "known keys here: "
                                + String.join(", ", known.stream().sorted().toList()));
                return true;
            }
            return false;
        }));
        return entries;
    }

    /** A mapping with text keys, each once, in the order written. */
    static Optional<Map<String, Node>> entries(Node node, String path, Problems problems) {
        if (isNull(node)) {
            return Optional.of(new LinkedHashMap<>());
        }
        if (!(node instanceof MappingNode mapping)) {
            problems.add(display(path), "it is " + kind(node) + ", not a mapping", "this field is a mapping of keys");
            return Optional.empty();
        }
        Map<String, Node> result = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key) || !key.getTag().equals(Tag.STR)) {
                problems.add(display(path), "it has a key that is " + kind(tuple.getKeyNode()), "keys are plain text");
            } else if (result.containsKey(key.getValue())) {
                String quoted = safeKey(key.getValue()).orElse("");
                problems.add(
                        join(path, quoted),
                        quoted.isEmpty() ? "a key is written twice" : "this key is written twice",
                        "each key appears once in a mapping");
            } else {
                result.put(key.getValue(), tuple.getValueNode());
            }
        }
        return Optional.of(result);
    }

    /** A list; YAML's empty value reads as an empty list. */
    static Optional<List<Node>> list(Node node, String path, Problems problems) {
        if (isNull(node)) {
            return Optional.of(List.of());
        }
        if (!(node instanceof SequenceNode sequence)) {
            problems.add(path, "it is " + kind(node) + ", not a list", "this field is a list");
            return Optional.empty();
        }
        return Optional.of(new ArrayList<>(sequence.getValue()));
    }

    /** A whole number from {@code min} to {@code max}. */
    static Optional<Integer> integer(Node node, String path, int min, int max, Problems problems) {
        String rule = path + " is a whole number from " + min + " to " + max;
        if (!(node instanceof ScalarNode scalar) || !scalar.getTag().equals(Tag.INT)) {
            problems.add(path, "it is " + kind(node) + ", not a whole number", rule);
            return Optional.empty();
        }
        long value;
        try {
            value = Long.parseLong(scalar.getValue().replace("+", ""));
        } catch (NumberFormatException e) {
            problems.add(path, "it is not a decimal whole number", rule);
            return Optional.empty();
        }
        if (value < min || value > max) {
            problems.add(path, "it is " + (Math.abs(value) > 1_000_000_000L ? "out of range" : value), rule);
            return Optional.empty();
        }
        return Optional.of((int) value);
    }

    /** Text, written as a string (quoted or plain, not a number or true/false). */
    static Optional<String> text(Node node, String path, Problems problems) {
        if (!(node instanceof ScalarNode scalar) || !scalar.getTag().equals(Tag.STR)) {
            problems.add(path, "it is " + kind(node) + ", not text", path + " is text");
            return Optional.empty();
        }
        return Optional.of(scalar.getValue());
    }

    /** A scalar as written, whether YAML reads it as text or a number: {@code 2}, {@code "2"}, {@code 0.5}. */
    static Optional<String> scalarText(Node node, String path, boolean booleansToo, Problems problems) {
        if (node instanceof ScalarNode scalar
                && (scalar.getTag().equals(Tag.STR)
                        || scalar.getTag().equals(Tag.INT)
                        || scalar.getTag().equals(Tag.FLOAT)
                        || (booleansToo && scalar.getTag().equals(Tag.BOOL)))) {
            return Optional.of(scalar.getValue());
        }
        problems.add(path, "it is " + kind(node) + ", not a single value", path + " is a single value");
        return Optional.empty();
    }

    /** {@code true} or {@code false}. */
    static Optional<Boolean> bool(Node node, String path, Problems problems) {
        if (!(node instanceof ScalarNode scalar) || !scalar.getTag().equals(Tag.BOOL)) {
            problems.add(path, "it is " + kind(node) + ", not true or false", path + " is true or false");
            return Optional.empty();
        }
        return Optional.of(Boolean.parseBoolean(scalar.getValue().toLowerCase(java.util.Locale.ROOT)));
    }

    /** One of {@code choices} by its word in the file. */
    static <E> Optional<E> choice(Node node, String path, Map<String, E> choices, Problems problems) {
        String rule = path + " is one of: " + String.join(", ", choices.keySet());
        if (!(node instanceof ScalarNode scalar) || !scalar.getTag().equals(Tag.STR)) {
            problems.add(path, "it is " + kind(node) + ", not a word", rule);
            return Optional.empty();
        }
        E value = choices.get(scalar.getValue());
        if (value == null) {
            problems.add(path, "it is not one of the accepted words", rule);
            return Optional.empty();
        }
        return Optional.of(value);
    }

    /** {@code parent.child}, or {@code child} at the top; the parent alone when {@code child} is empty. */
    static String join(String parent, String child) {
        if (child.isEmpty()) {
            return display(parent);
        }
        return parent.isEmpty() ? child : parent + "." + child;
    }

    /**
     * The key when it is short and plain enough to quote in a reply: letters, digits, '-' and '_', and nothing
     * that looks like a credential.
     */
    static Optional<String> safeKey(String key) {
        if (key.isEmpty()
                || key.length() > MAX_QUOTED_KEY
                || !SecretRedactor.redact(key).equals(key)) {
            return Optional.empty();
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean plain =
                    (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!plain) {
                return Optional.empty();
            }
        }
        return Optional.of(key);
    }

    private static String display(String path) {
        return path.isEmpty() ? RepoConfigs.PATH : path;
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL);
    }

    private static String kind(Node node) {
        return switch (node) {
            case MappingNode m -> "a mapping";
            case SequenceNode s -> "a list";
            case ScalarNode s when s.getTag().equals(Tag.STR) -> "text";
            case ScalarNode s when s.getTag().equals(Tag.INT) -> "a whole number";
            case ScalarNode s when s.getTag().equals(Tag.FLOAT) -> "a decimal number";
            case ScalarNode s when s.getTag().equals(Tag.BOOL) -> "true or false";
            case ScalarNode s when s.getTag().equals(Tag.NULL) -> "empty";
            default -> "a value of another type";
        };
    }
}
