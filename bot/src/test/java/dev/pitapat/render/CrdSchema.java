package dev.pitapat.render;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code openAPIV3Schema} of a custom resource, from {@code src/test/resources/schemas/} (see the README
 * there), as a JSON schema validator (OpenAPI 3.0 dialect, so {@code nullable} counts) with two changes: {@code
 * metadata} is a plain object, since the schema only refers to Kubernetes' {@code ObjectMeta} by name (tests read
 * it into fabric8's {@code ObjectMeta} instead), and every object that lists its properties refuses others, as an
 * API server with strict field validation does ({@code kubectl apply --validate=strict}, and the CRD's pruning
 * would otherwise drop a misspelt field without a word).
 */
final class CrdSchema {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi30());

    static final CrdSchema ROLLOUT = new CrdSchema("argoproj.io_v1alpha1_rollout.json");
    static final CrdSchema CERTIFICATE = new CrdSchema("cert-manager.io_v1_certificate.json");

    private final Schema schema;

    private CrdSchema(String file) {
        ObjectNode tree;
        try (InputStream in = CrdSchema.class.getResourceAsStream("/schemas/" + file)) {
            if (in == null) {
                throw new IllegalStateException("schemas/" + file + " is not on the test classpath");
            }
            tree = (ObjectNode) JsonMapper.shared().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ((ObjectNode) tree.get("properties")).putObject("metadata").put("type", "object");
        closeObjects(tree);
        this.schema = REGISTRY.getSchema(tree);
    }

    /**
     * Every way {@code document} breaks the schema, as {@code /instance/path: keyword [arguments]}, e.g. {@code
     * /spec/replicas: type [string, integer]}; empty when it is valid.
     */
    List<String> problems(JsonNode document) {
        return schema.validate(document).stream().map(CrdSchema::describe).toList();
    }

    private static String describe(Error error) {
        return error.getInstanceLocation() + ": " + error.getKeyword() + " " + Arrays.toString(error.getArguments());
    }

    /** Adds {@code additionalProperties: false} wherever a schema lists properties and says nothing of others. */
    private static void closeObjects(JsonNode node) {
        if (!(node instanceof ObjectNode schema)) {
            return;
        }
        if (schema.get("properties") instanceof ObjectNode properties) {
            if (!properties.isEmpty() && !schema.has("additionalProperties")) {
                schema.put("additionalProperties", false);
            }
            for (Map.Entry<String, JsonNode> property : properties.properties()) {
                closeObjects(property.getValue());
            }
        }
        closeObjects(schema.path("items"));
        closeObjects(schema.path("additionalProperties"));
        for (String combinator : List.of("allOf", "anyOf", "oneOf")) {
            if (schema.get(combinator) instanceof ArrayNode choices) {
                choices.forEach(CrdSchema::closeObjects);
            }
        }
    }
}
