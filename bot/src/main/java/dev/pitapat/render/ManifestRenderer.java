package dev.pitapat.render;

import dev.pitapat.config.Environment;
import dev.pitapat.config.Promotion;
import dev.pitapat.config.RepoConfig;
import dev.pitapat.config.Resources;
import dev.pitapat.model.Sha;
import dev.pitapat.model.Target;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

/**
 * Renders one target's manifests from the packaged templates: a blue-green Argo Rollouts {@code Rollout}, its
 * active and preview {@code Service}s and an {@code Ingress} for the public and the preview host. Values are set
 * on the templates' YAML trees, never pasted into text, and every name comes from a validated {@code model}
 * value. No HorizontalPodAutoscaler: the config has no autoscaling key yet, so {@code replicas} is the count.
 *
 * <p>Deterministic: the templates fix the key order, {@code env} and {@code secret-refs} keep the order written
 * (Kubernetes expands {@code $(VAR)} in that order, and later {@code envFrom} sources win), the environments'
 * order does not matter, and nothing carries a time.
 */
public final class ManifestRenderer {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final YAMLMapper yaml;
    private final Templates templates;

    private ManifestRenderer(YAMLMapper yaml, Templates templates) {
        this.yaml = yaml;
        this.templates = templates;
    }

    /** A renderer over the templates packaged with the bot. */
    public static ManifestRenderer fromClasspath() {
        YAMLMapper yaml = YAMLMapper.builder()
                .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
                .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
                .enable(YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .disable(YAMLWriteFeature.SPLIT_LINES)
                .build();
        return new ManifestRenderer(yaml, Templates.fromClasspath(yaml));
    }

    /**
     * The files of {@code apps/<app>/<env>} for deploying {@code sha}. An environment the config does not list (a
     * pull request preview such as {@code pr-42}) renders with {@link Environment#DEFAULT}.
     */
    public Manifests render(RepoConfig config, Target target, Sha sha, RenderSettings settings) {
        Environment environment = config.environments().getOrDefault(target.env(), Environment.DEFAULT);
        Names names = new Names(target, sha);
        String host = environment.host().orElseGet(() -> names.defaultHost(settings));
        String previewHost = names.previewHost(settings);
        boolean wildcard = settings.wildcardCovers(host) && settings.wildcardCovers(previewHost);

        Map<String, Optional<JsonNode>> values = new HashMap<>();
        values.put("app", text(names.app()));
        values.put("labels", Optional.of(strings(names.labels())));
        values.put("selector", Optional.of(strings(names.selector())));
        values.put("replicas", Optional.of(NODES.numberNode(config.replicas())));
        values.put("active-service", text(names.activeService()));
        values.put("preview-service", text(names.previewService()));
        values.put("auto-promotion", Optional.of(NODES.booleanNode(environment.promotion() == Promotion.AUTO)));
        values.put("image", text(config.image() + ":" + sha.value()));
        values.put("port", Optional.of(NODES.numberNode(config.port())));
        values.put("health-path", text(config.healthPath()));
        values.put("resources", resources(config.resources()));
        values.put("env", env(config.env()));
        values.put("env-from", envFrom(config.secretRefs()));
        values.put("host", text(host));
        values.put("preview-host", text(previewHost));
        values.put("cluster-issuer", wildcard ? Optional.empty() : text(settings.clusterIssuer()));
        values.put("tls", Optional.of(tls(host, previewHost, wildcard, settings)));

        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String file : Templates.FILES) {
            ObjectNode tree = templates.copyOf(file);
            Templates.fill(tree, values);
            dropEmptyAnnotations(tree);
            files.put(file, yaml.writeValueAsString(tree).getBytes(StandardCharsets.UTF_8));
        }
        return new Manifests(files);
    }

    private static Optional<JsonNode> resources(Resources resources) {
        if (resources.cpu().isEmpty() && resources.memory().isEmpty()) {
            return Optional.empty();
        }
        ObjectNode amounts = NODES.objectNode();
        resources.cpu().ifPresent(cpu -> amounts.put("cpu", cpu.text()));
        resources.memory().ifPresent(memory -> amounts.put("memory", memory.text()));
        ObjectNode node = NODES.objectNode();
        node.set("requests", amounts);
        node.set("limits", amounts.deepCopy());
        return Optional.of(node);
    }

    private static Optional<JsonNode> env(Map<String, String> env) {
        if (env.isEmpty()) {
            return Optional.empty();
        }
        ArrayNode list = NODES.arrayNode();
        env.forEach((name, value) -> list.addObject().put("name", name).put("value", value));
        return Optional.of(list);
    }

    private static Optional<JsonNode> envFrom(List<String> secretRefs) {
        if (secretRefs.isEmpty()) {
            return Optional.empty();
        }
        ArrayNode list = NODES.arrayNode();
        secretRefs.forEach(secret -> list.addObject().putObject("secretRef").put("name", secret));
        return Optional.of(list);
    }

    /**
     * One shared wildcard certificate when it covers both hosts; otherwise one cert-manager certificate per host
     * (a custom host outside the base domain needs its own, and cert-manager, once asked, would claim every TLS
     * entry of the Ingress).
     */
    private static JsonNode tls(String host, String previewHost, boolean wildcard, RenderSettings settings) {
        ArrayNode tls = NODES.arrayNode();
        if (wildcard) {
            ObjectNode shared = tls.addObject();
            shared.putArray("hosts").add(host).add(previewHost);
            shared.put("secretName", settings.wildcardSecret().orElseThrow());
        } else {
            for (String each : List.of(host, previewHost)) {
                ObjectNode entry = tls.addObject();
                entry.putArray("hosts").add(each);
                entry.put("secretName", each + "-tls");
            }
        }
        return tls;
    }

    private static void dropEmptyAnnotations(ObjectNode tree) {
        if (tree.get("metadata") instanceof ObjectNode metadata
                && metadata.get("annotations") instanceof ObjectNode annotations
                && annotations.isEmpty()) {
            metadata.remove("annotations");
        }
    }

    private static ObjectNode strings(Map<String, String> map) {
        ObjectNode node = NODES.objectNode();
        map.forEach(node::put);
        return node;
    }

    private static Optional<JsonNode> text(String value) {
        return Optional.of(NODES.stringNode(value));
    }
}
