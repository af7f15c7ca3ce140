package dev.pitapat.kube;

import dev.pitapat.testing.NodeValidator;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Argo Workflows' API schema for {@code Workflow} and {@code WorkflowTemplate}, as kubernetes-models-ts generated it
 * from Argo Workflows' Go types ({@code @kubernetes-models/argo-workflows}, installed by the build into {@code
 * target/argo-workflows}, see {@code src/test/argo-workflows}), run by Node.js ({@code validate.mjs} there): types,
 * required fields and enumerations of every field, the pod and container parts included.
 */
final class ArgoWorkflowsSchema {

    private ArgoWorkflowsSchema() {}

    /** Every way {@code document} breaks the schema, as {@code <path> <keyword> <details>}; empty when valid. */
    static List<String> problems(JsonNode document) {
        return NodeValidator.problems(
                Path.of(System.getProperty("argo.workflows.schema", "target/argo-workflows")),
                "@kubernetes-models/argo-workflows",
                document);
    }
}
