package dev.pitapat.render;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.MappingIterator;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The manifest templates of {@code gitops-templates/app/}, parsed once into YAML trees: the ones packaged under
 * {@code pitapat-templates/app/}, or an operator's directory laid out the same way. A placeholder is a string
 * value written {@code "{{ name }}"}; {@link #fill} replaces it with a tree or drops its key, and refuses a
 * template whose placeholder it was not given a value for.
 */
final class Templates {

    static final String LOCATION = "pitapat-templates/app/";
    static final String HPA = "hpa.yaml";
    /** Every template, in the order the files are rendered; {@link #HPA} only for an app with autoscaling. */
    static final List<String> FILES =
            List.of("rollout.yaml", "service-active.yaml", "service-preview.yaml", "ingress.yaml", HPA);

    private static final long MAX_FILE = 256 * 1024;

    private final Map<String, ObjectNode> trees;

    private Templates(Map<String, ObjectNode> trees) {
        this.trees = Map.copyOf(trees);
    }

    /** Reads the templates packaged with the bot. */
    static Templates fromClasspath(YAMLMapper yaml) {
        ClassLoader loader = Templates.class.getClassLoader();
        Map<String, ObjectNode> trees = new HashMap<>();
        for (String file : FILES) {
            try (InputStream in = loader.getResourceAsStream(LOCATION + file)) {
                if (in == null) {
                    throw new IllegalStateException(
                            "manifest template " + LOCATION + file + " is not on the classpath");
                }
                trees.put(file, parse(yaml, file, in));
            } catch (IOException e) {
                throw new UncheckedIOException("reading manifest template " + file, e);
            } catch (TemplateException e) {
                throw new IllegalStateException("packaged manifest template: " + e.getMessage(), e);
            }
        }
        return new Templates(trees);
    }

    /**
     * Reads an operator's templates: every file of {@link #FILES}, each one YAML mapping with an {@code apiVersion}
     * and a {@code kind}, and no other {@code .yaml} or {@code .yml} file (pitapat would not render it).
     *
     * @throws TemplateException saying what is missing or broken
     */
    static Templates fromDirectory(YAMLMapper yaml, Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new TemplateException(
                    "is not a directory; it must hold " + String.join(", ", FILES) + " as gitops-templates/app/ does");
        }
        for (String name : yamlFilesIn(directory)) {
            if (!FILES.contains(name)) {
                throw new TemplateException("holds " + name + ", which pitapat does not render (it renders "
                        + String.join(", ", FILES) + "); remove it or move it elsewhere");
            }
        }
        Map<String, ObjectNode> trees = new HashMap<>();
        for (String file : FILES) {
            Path path = directory.resolve(file);
            if (!Files.isRegularFile(path)) {
                throw new TemplateException("has no " + file + "; copy it from gitops-templates/app/ (every one of "
                        + String.join(", ", FILES) + " is needed)");
            }
            try {
                if (Files.size(path) > MAX_FILE) {
                    throw new TemplateException(file + " is larger than " + MAX_FILE / 1024 + " KiB");
                }
                try (InputStream in = Files.newInputStream(path)) {
                    trees.put(file, parse(yaml, file, in));
                }
            } catch (IOException e) {
                throw new TemplateException(
                        file + " cannot be read (" + e.getClass().getSimpleName() + ")");
            }
        }
        return new Templates(trees);
    }

    private static List<String> yamlFilesIn(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".yaml") || name.endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new TemplateException("cannot be listed (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** One YAML document that is a mapping with a text {@code apiVersion} and {@code kind}. */
    private static ObjectNode parse(YAMLMapper yaml, String file, InputStream in) {
        List<JsonNode> documents;
        try (MappingIterator<JsonNode> read = yaml.readValues(yaml.createParser(in), JsonNode.class)) {
            documents = read.readAll();
        } catch (JacksonException e) {
            throw new TemplateException(file + " is not valid YAML" + where(e.getLocation()));
        }
        if (documents.size() != 1) {
            throw new TemplateException(
                    file + " holds " + documents.size() + " YAML documents; a template is exactly one");
        }
        if (!(documents.getFirst() instanceof ObjectNode tree)) {
            throw new TemplateException(file + " is not a YAML mapping; a template is one Kubernetes object");
        }
        for (String field : List.of("apiVersion", "kind")) {
            if (!tree.path(field).isString()) {
                throw new TemplateException(file + " has no " + field + "; a template is one Kubernetes object");
            }
        }
        return tree;
    }

    private static String where(TokenStreamLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
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
                                    "placeholder {{ " + name.get() + " }} inside a list cannot be left out"));
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
