package dev.pitapat.kube;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
        Path dir = Path.of(System.getProperty("argo.workflows.schema", "target/argo-workflows"));
        if (!Files.isDirectory(dir.resolve("node_modules/@kubernetes-models/argo-workflows"))) {
            throw new IllegalStateException(dir + " has no @kubernetes-models/argo-workflows: the build installs it"
                    + " with npm (generate-test-resources), which needs Node.js and npm");
        }
        try {
            Process node = new ProcessBuilder("node", "validate.mjs")
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
            try (OutputStream in = node.getOutputStream()) {
                in.write(JsonMapper.shared().writeValueAsBytes(document));
            }
            String out = new String(node.getInputStream().readAllBytes(), UTF_8).strip();
            if (!node.waitFor(60, TimeUnit.SECONDS)) {
                node.destroyForcibly();
                throw new IllegalStateException("node validate.mjs did not finish");
            }
            if (node.exitValue() == 0 && out.equals("valid")) {
                return List.of();
            }
            if (node.exitValue() != 1) {
                throw new IllegalStateException("node validate.mjs failed: " + out);
            }
            return out.lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
