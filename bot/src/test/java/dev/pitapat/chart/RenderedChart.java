package dev.pitapat.chart;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The chart {@code charts/pitapat} as {@code helm template} renders it (Helm itself, embedded by helm-java), one
 * document at a time: its text as Helm wrote it and its parsed tree.
 */
record RenderedChart(List<RenderedChart.Document> documents) {

    static final Path CHART = Path.of("../charts/pitapat");
    static final Path APP_TEMPLATES = Path.of("../gitops-templates/app");
    static final List<String> TEMPLATE_FILES =
            List.of("rollout.yaml", "service-active.yaml", "service-preview.yaml", "ingress.yaml", "hpa.yaml");
    static final String RELEASE = "pitapat";
    static final String NAMESPACE = "bots";

    private static final YAMLMapper YAML = new YAMLMapper();
    static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();

    /** One rendered object: its text, and its tree. */
    record Document(String text, JsonNode tree) {

        String kind() {
            return tree.path("kind").asString();
        }

        String name() {
            return tree.path("metadata").path("name").asString();
        }

        String namespace() {
            return tree.path("metadata").path("namespace").asString();
        }

        <T> T as(Class<T> type) {
            return KUBERNETES.unmarshal(tree.toString(), type);
        }
    }

    /** {@code helm template} with the values {@code values} adds to the chart's defaults. */
    static RenderedChart template(UnaryOperator<TemplateCommand> values) {
        TemplateCommand command = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE);
        return of(values.apply(command).call());
    }

    /** The replacement templates from {@code gitops-templates/app/}, as {@code --set-file templates.<file>=...}. */
    static TemplateCommand withAppTemplates(TemplateCommand command) {
        for (String file : TEMPLATE_FILES) {
            command = command.setFile("templates." + file.replace(".", "\\."), APP_TEMPLATES.resolve(file));
        }
        return command;
    }

    static RenderedChart of(String output) {
        return new RenderedChart(Arrays.stream(output.split("(?m)^---\\s*$"))
                .filter(text -> !text.isBlank())
                .map(text -> new Document(text, YAML.readTree(text)))
                .filter(document -> document.tree().isObject())
                .toList());
    }

    List<Document> all(String kind) {
        return documents.stream().filter(d -> d.kind().equals(kind)).toList();
    }

    Document one(String kind) {
        List<Document> found = all(kind);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + kind + ", found " + found.size());
        }
        return found.getFirst();
    }

    Document named(String kind, String name) {
        return all(kind).stream()
                .filter(d -> d.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    /** {@code Kind namespace/name} of every object, namespace-less ones as {@code Kind name}. */
    List<String> objects() {
        return documents.stream()
                .map(d -> d.kind() + " " + (d.namespace().isEmpty() ? "" : d.namespace() + "/") + d.name())
                .sorted()
                .toList();
    }

    Deployment deployment() {
        return one("Deployment").as(Deployment.class);
    }

    /** The bot container's environment, by name. */
    Map<String, EnvVar> env() {
        return deployment().getSpec().getTemplate().getSpec().getContainers().getFirst().getEnv().stream()
                .collect(Collectors.toMap(EnvVar::getName, e -> e, (a, b) -> {
                    throw new AssertionError("environment variable " + a.getName() + " is set twice");
                }));
    }
}
