package dev.pitapat.render;

import dev.pitapat.config.Autoscaling;
import dev.pitapat.config.ConfigResult;
import dev.pitapat.config.Environment;
import dev.pitapat.config.Promotion;
import dev.pitapat.config.RepoConfig;
import dev.pitapat.config.RepoConfigs;
import dev.pitapat.config.Resources;
import dev.pitapat.model.Sha;
import dev.pitapat.model.Target;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
 * Renders one target's manifests from the templates (packaged, or an operator's directory): a blue-green Argo
 * Rollouts {@code Rollout}, its active and preview {@code Service}s, an {@code Ingress} for the public and the
 * preview host, and, when the config has {@code autoscaling}, a {@code HorizontalPodAutoscaler} scaling the
 * Rollout between {@code replicas} and {@code max-replicas}. The Rollout then leaves {@code spec.replicas} out,
 * so that Argo CD's self-heal does not undo the autoscaler's count on every sync. Values are set on the
 * templates' YAML trees, never pasted into text, and every name comes from a validated {@code model} value.
 *
 * <p>Deterministic: the templates fix the key order, {@code env} and {@code secret-refs} keep the order written
 * (Kubernetes expands {@code $(VAR)} in that order, and later {@code envFrom} sources win), the environments'
 * order does not matter, and nothing carries a time.
 */
public final class ManifestRenderer {

    private static final Sha PLACEHOLDER_SHA = new Sha("0000000");

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** An app that sets every optional value, for {@link #renderSamples}. */
    private static final String SAMPLE = """
            replicas: 2
            autoscaling: { max-replicas: 4, cpu-percent: 70 }
            resources: { cpu: 250m, memory: 256Mi }
            env: { LOG_LEVEL: info }
            secret-refs: [sample-db]
            environments: { production: { promotion: manual, host: sample.example.com } }
            """;

    private final YAMLMapper yaml;
    private final Templates templates;

    private ManifestRenderer(YAMLMapper yaml, Templates templates) {
        this.yaml = yaml;
        this.templates = templates;
    }

    /** A renderer over the templates packaged with the bot. */
    public static ManifestRenderer fromClasspath() {
        YAMLMapper yaml = mapper();
        return new ManifestRenderer(yaml, Templates.fromClasspath(yaml));
    }

    /**
     * A renderer over an operator's templates, laid out like {@code gitops-templates/app/}. Checked before it is
     * returned: every template is there and parses, and a sample app renders from them both with every optional
     * value set and with none, so a placeholder pitapat does not fill fails now rather than at a deploy.
     *
     * @throws TemplateException saying what is wrong, without naming {@code directory}
     */
    public static ManifestRenderer fromDirectory(Path directory) {
        YAMLMapper yaml = mapper();
        ManifestRenderer renderer = new ManifestRenderer(yaml, Templates.fromDirectory(yaml, directory));
        renderer.renderSamples();
        return renderer;
    }

    private static YAMLMapper mapper() {
        return YAMLMapper.builder()
                .disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
                .enable(YAMLWriteFeature.MINIMIZE_QUOTES)
                .enable(YAMLWriteFeature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
                .disable(YAMLWriteFeature.SPLIT_LINES)
                .build();
    }

    /** Renders {@link #SAMPLE} with every optional value and the defaults with none; both must fill every file. */
    private void renderSamples() {
        Sha sha = new Sha("0123456789abcdef0123456789abcdef01234567");
        RenderSettings wildcard = new RenderSettings("apps.localhost", "letsencrypt", Optional.of("apps-wildcard"));
        for (Optional<String> file : List.of(Optional.of(SAMPLE), Optional.<String>empty())) {
            RepoConfig config = switch (RepoConfigs.resolve("pitapat", "sample", file)) {
                case ConfigResult.Valid valid -> valid.config();
                case ConfigResult.Invalid invalid ->
                    throw new IllegalStateException("the sample config is invalid: " + invalid.problems());
            };
            Target target = new Target(config.app(), config.environmentNames().getFirst());
            RenderSettings settings = file.isPresent() ? RenderSettings.DEFAULT : wildcard;
            try {
                render(config, target, sha, settings);
            } catch (IllegalStateException e) {
                List<String> known = values(config, target, sha, settings).keySet().stream()
                        .sorted()
                        .toList();
                throw new TemplateException(
                        e.getMessage() + " (the placeholders pitapat fills: " + String.join(", ", known) + ")");
            }
        }
    }

    /**
     * The files of {@code apps/<app>/<env>} for deploying {@code sha}. An environment the config does not list (a
     * pull request preview such as {@code pr-42}) renders with {@link Environment#DEFAULT}.
     */
    public Manifests render(RepoConfig config, Target target, Sha sha, RenderSettings settings) {
        Map<String, Optional<JsonNode>> values = values(config, target, sha, settings);
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (String file : Templates.FILES) {
            if (file.equals(Templates.HPA) && config.autoscaling().isEmpty()) {
                continue;
            }
            ObjectNode tree = templates.copyOf(file);
            try {
                Templates.fill(tree, values);
            } catch (IllegalStateException e) {
                throw new IllegalStateException(file + ": " + e.getMessage(), e);
            }
            dropEmptyAnnotations(tree);
            files.put(file, yaml.writeValueAsString(tree).getBytes(StandardCharsets.UTF_8));
        }
        return new Manifests(files);
    }

    /** Where the environment is reached: its {@code host}, or {@code <app>-<env>.<base-domain>}. */
    public static String hostOf(RepoConfig config, Target target, RenderSettings settings) {
        return config.environments()
                .getOrDefault(target.env(), Environment.DEFAULT)
                .host()
                .orElseGet(() -> target.label() + "." + settings.baseDomain());
    }

    /** Where the environment's blue-green preview (the new version before promotion) is reached. */
    public static String previewHostOf(Target target, RenderSettings settings) {
        return new Names(target, PLACEHOLDER_SHA).previewHost(settings);
    }

    /** The value of every placeholder; an empty value drops its key. */
    private static Map<String, Optional<JsonNode>> values(
            RepoConfig config, Target target, Sha sha, RenderSettings settings) {
        Environment environment = config.environments().getOrDefault(target.env(), Environment.DEFAULT);
        Names names = new Names(target, sha);
        String host = hostOf(config, target, settings);
        String previewHost = names.previewHost(settings);
        boolean wildcard = settings.wildcardCovers(host) && settings.wildcardCovers(previewHost);

        Map<String, Optional<JsonNode>> values = new HashMap<>();
        values.put("app", text(names.app()));
        values.put("labels", Optional.of(strings(names.labels())));
        values.put("selector", Optional.of(strings(names.selector())));
        Optional<Autoscaling> autoscaling = config.autoscaling();
        values.put(
                "replicas",
                autoscaling.isPresent() ? Optional.empty() : Optional.of(NODES.numberNode(config.replicas())));
        values.put("min-replicas", autoscaling.map(a -> NODES.numberNode(config.replicas())));
        values.put("max-replicas", autoscaling.map(a -> NODES.numberNode(a.maxReplicas())));
        values.put("cpu-percent", autoscaling.map(a -> NODES.numberNode(a.cpuPercent())));
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
        return values;
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
