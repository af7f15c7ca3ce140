package dev.pitapat.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.testing.KubernetesModels;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The custom resources pitapat writes match their CRDs' real schemas ({@code src/test/resources/schemas/}): every
 * rendered Argo Rollout against Argo Rollouts' {@code Rollout} schema, and the platform wildcard certificate
 * ({@code gitops-templates/platform/}) against cert-manager's {@code Certificate} schema. Each schema is shown to
 * refuse a broken document, so the check can fail.
 */
class CrdSchemaTest {

    private static final YAMLMapper YAML = new YAMLMapper();
    static final List<RenderCase> CASES = RenderCase.ALL;
    static final Path WILDCARD_CERTIFICATE = Path.of("../gitops-templates/platform/wildcard-certificate.yaml");

    @ParameterizedTest
    @FieldSource("CASES")
    void everyRenderedRolloutMatchesTheArgoRolloutsSchema(RenderCase renderCase) {
        JsonNode rollout = YAML.readTree(renderCase.render().files().get("rollout.yaml"));

        assertThat(CrdSchema.ROLLOUT.problems(rollout))
                .as("%s/rollout.yaml", renderCase)
                .isEmpty();
        ObjectMeta metadata = YAML.treeToValue(rollout.path("metadata"), ObjectMeta.class);
        KubernetesModels.assertNoUnknownFields(metadata, "metadata");
    }

    static Stream<Arguments> brokenRollouts() {
        return Stream.of(
                broken(
                        "autoPromotionEnabled as text",
                        r -> blueGreen(r).put("autoPromotionEnabled", "yes"),
                        "/spec/strategy/blueGreen/autoPromotionEnabled: type [string, boolean]"),
                broken(
                        "no activeService",
                        r -> blueGreen(r).remove("activeService"),
                        "/spec/strategy/blueGreen: required [activeService]"),
                broken(
                        "a misspelt blue-green field",
                        r -> blueGreen(r).put("previewServce", "hello-preview"),
                        "/spec/strategy/blueGreen: additionalProperties [previewServce]"),
                broken("no spec", r -> r.remove("spec"), ": required [spec]"),
                broken("another kind", r -> r.put("kind", "Deployment"), "/kind: enum"),
                broken(
                        "replicas as text",
                        r -> ((ObjectNode) r.path("spec")).put("replicas", "two"),
                        "/spec/replicas: type [string, integer]"),
                broken(
                        "a container port by name",
                        r -> ((ObjectNode) r.path("spec")
                                        .path("template")
                                        .path("spec")
                                        .path("containers")
                                        .path(0)
                                        .path("ports")
                                        .path(0))
                                .put("containerPort", "http"),
                        "/spec/template/spec/containers/0/ports/0/containerPort: type [string, integer]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenRollouts")
    void theRolloutSchemaRefusesABrokenRollout(String name, Consumer<ObjectNode> breakIt, String where) {
        ObjectNode rollout = (ObjectNode)
                YAML.readTree(RenderCase.named("full-staging").render().files().get("rollout.yaml"));
        assertThat(CrdSchema.ROLLOUT.problems(rollout)).isEmpty();

        breakIt.accept(rollout);

        assertThat(CrdSchema.ROLLOUT.problems(rollout))
                .anySatisfy(problem -> assertThat(problem).contains(where));
    }

    @Test
    void thePlatformWildcardCertificateMatchesCertManagersSchema() throws IOException {
        JsonNode certificate = wildcardCertificate("apps.example.com", "apps-example-com-wildcard");

        assertThat(CrdSchema.CERTIFICATE.problems(certificate)).isEmpty();
        ObjectMeta metadata = YAML.treeToValue(certificate.path("metadata"), ObjectMeta.class);
        KubernetesModels.assertNoUnknownFields(metadata, "metadata");
    }

    @Test
    void theWildcardCertificateServesTheHostsOfAnIngressThatSharesIt() throws IOException {
        RenderCase shared = RenderCase.named("wildcard-tls");
        JsonNode certificate = wildcardCertificate(
                shared.settings().baseDomain(),
                shared.settings().wildcardSecret().orElseThrow());
        JsonNode ingress = YAML.readTree(shared.render().files().get("ingress.yaml"));

        JsonNode tls = ingress.path("spec").path("tls");
        assertThat(tls.size()).isOne();
        assertThat(tls.path(0).path("secretName").asString())
                .isEqualTo(certificate.path("spec").path("secretName").asString());
        List<String> dnsNames = certificate
                .path("spec")
                .path("dnsNames")
                .valueStream()
                .map(JsonNode::asString)
                .toList();
        tls.path(0)
                .path("hosts")
                .forEach(host -> assertThat(dnsNames)
                        .as("a name covering %s", host.asString())
                        .contains(
                                "*" + host.asString().substring(host.asString().indexOf('.'))));
    }

    static Stream<Arguments> brokenCertificates() {
        return Stream.of(
                broken("no issuerRef", c -> spec(c).remove("issuerRef"), "/spec: required [issuerRef]"),
                broken(
                        "dnsNames as text",
                        c -> spec(c).put("dnsNames", "*.apps.example.com"),
                        "/spec/dnsNames: type [string, array]"),
                broken(
                        "an unknown key algorithm",
                        c -> ((ObjectNode) spec(c).path("privateKey")).put("algorithm", "DSA"),
                        "/spec/privateKey/algorithm: enum"),
                broken(
                        "a misspelt field",
                        c -> spec(c).put("secretNmae", "x"),
                        "/spec: additionalProperties [secretNmae]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenCertificates")
    void theCertificateSchemaRefusesABrokenCertificate(String name, Consumer<ObjectNode> breakIt, String where)
            throws IOException {
        ObjectNode certificate = (ObjectNode) wildcardCertificate("apps.example.com", "apps-wildcard");

        breakIt.accept(certificate);

        assertThat(CrdSchema.CERTIFICATE.problems(certificate))
                .anySatisfy(problem -> assertThat(problem).contains(where));
    }

    /** The platform template with its placeholders replaced as its comment says. */
    private static JsonNode wildcardCertificate(String baseDomain, String secret) throws IOException {
        String text = Files.readString(WILDCARD_CERTIFICATE, StandardCharsets.UTF_8);
        for (Map.Entry<String, String> value : Map.of(
                        "BASE_DOMAIN",
                        baseDomain,
                        "WILDCARD_SECRET",
                        secret,
                        "CLUSTER_ISSUER",
                        "letsencrypt-dns",
                        "APP_NAMESPACES",
                        "shop-.*")
                .entrySet()) {
            assertThat(text).contains(value.getKey());
            text = text.replace(value.getKey(), value.getValue());
        }
        return YAML.readTree(text);
    }

    private static Arguments broken(String name, Consumer<ObjectNode> breakIt, String where) {
        return Arguments.of(name, breakIt, where);
    }

    private static ObjectNode blueGreen(ObjectNode rollout) {
        return (ObjectNode) rollout.path("spec").path("strategy").path("blueGreen");
    }

    private static ObjectNode spec(ObjectNode document) {
        return (ObjectNode) document.path("spec");
    }
}
