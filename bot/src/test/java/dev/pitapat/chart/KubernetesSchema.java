package dev.pitapat.chart;

import dev.pitapat.testing.NodeValidator;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Kubernetes' API schema for its own kinds, as kubernetes-models-ts generated it from Kubernetes' OpenAPI ({@code
 * kubernetes-models}), and the Prometheus Operator's {@code ServiceMonitor} schema, generated from its CRD ({@code
 * @kubernetes-models/prometheus-operator}); installed by the build into {@code target/kubernetes-schema} (see {@code
 * src/test/kubernetes-schema}) and run by Node.js ({@code validate.mjs} there): the type, format, enumeration and
 * required fields of every field. Like Kubernetes' OpenAPI, it lets unknown fields pass; {@link
 * dev.pitapat.testing.KubernetesModels} catches those.
 */
final class KubernetesSchema {

    private KubernetesSchema() {}

    /**
     * Every way {@code documents} break their schema, as {@code <index> <kind> <path> <keyword> <details>}; empty when
     * all are valid. A kind without a schema is a problem too.
     */
    static List<String> problems(List<JsonNode> documents) {
        return NodeValidator.problems(
                Path.of(System.getProperty("kubernetes.schema", "target/kubernetes-schema")),
                "kubernetes-models",
                documents);
    }
}
