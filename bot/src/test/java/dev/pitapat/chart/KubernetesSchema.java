package dev.pitapat.chart;

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
        Path dir = Path.of(System.getProperty("kubernetes.schema", "target/kubernetes-schema"));
        if (!Files.isDirectory(dir.resolve("node_modules/kubernetes-models"))) {
            throw new IllegalStateException(dir + " has no kubernetes-models: the build installs it with npm"
                    + " (generate-test-resources), which needs Node.js and npm");
        }
        try {
            Process node = new ProcessBuilder("node", "validate.mjs")
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
            try (OutputStream in = node.getOutputStream()) {
                in.write(JsonMapper.shared().writeValueAsBytes(documents));
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
