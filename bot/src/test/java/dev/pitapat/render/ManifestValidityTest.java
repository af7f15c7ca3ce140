package dev.pitapat.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitapat.config.Autoscaling;
import dev.pitapat.testing.KubernetesModels;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.autoscaling.v2.CrossVersionObjectReference;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Every rendered document is a valid object of its kind and fits the others: the Services, the Ingress and the
 * HorizontalPodAutoscaler are read into fabric8's typed Kubernetes models (every field known, required fields
 * set), and so are the Rollout's pod template and selector, which are Kubernetes' own {@code PodTemplateSpec} and
 * {@code LabelSelector}. The Rollout as a whole is validated against the Argo Rollouts CRD schema in {@link
 * CrdSchemaTest}; here its blue-green fields are checked against what pitapat means them to say.
 */
class ManifestValidityTest {

    private static final YAMLMapper YAML = new YAMLMapper();
    static final List<RenderCase> CASES = RenderCase.ALL;
    static final List<RenderCase> AUTOSCALING_CASES =
            CASES.stream().filter(c -> c.config().autoscaling().isPresent()).toList();

    @ParameterizedTest
    @FieldSource("CASES")
    void servicesAreValidAndSelectTheRolloutsPods(RenderCase renderCase) {
        Manifests manifests = renderCase.render();
        Map<String, String> podLabels = podTemplate(manifests).getMetadata().getLabels();
        for (String file : List.of("service-active.yaml", "service-preview.yaml")) {
            Service service = YAML.readValue(manifests.files().get(file), Service.class);
            KubernetesModels.assertNoUnknownFields(service, file);
            assertThat(service.getApiVersion()).isEqualTo("v1");
            assertThat(service.getKind()).isEqualTo("Service");
            assertLabel(service.getMetadata().getName());
            assertThat(service.getMetadata().getNamespace())
                    .as("Argo CD sets the namespace")
                    .isNull();
            assertThat(service.getSpec().getSelector()).isNotEmpty();
            assertThat(podLabels).containsAllEntriesOf(service.getSpec().getSelector());
            assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> {
                assertThat(port.getPort()).isEqualTo(80);
                assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
            });
        }
    }

    @ParameterizedTest
    @FieldSource("CASES")
    void ingressIsValidAndRoutesBothHostsWithTls(RenderCase renderCase) {
        Manifests manifests = renderCase.render();
        Ingress ingress = YAML.readValue(manifests.files().get("ingress.yaml"), Ingress.class);
        KubernetesModels.assertNoUnknownFields(ingress, "ingress.yaml");
        assertThat(ingress.getApiVersion()).isEqualTo("networking.k8s.io/v1");
        assertThat(ingress.getSpec().getIngressClassName()).isEqualTo("nginx");
        Set<String> services =
                Set.of(serviceName(manifests, "service-active.yaml"), serviceName(manifests, "service-preview.yaml"));
        List<IngressRule> rules = ingress.getSpec().getRules();
        assertThat(rules).hasSize(2);
        for (IngressRule rule : rules) {
            assertThat(RenderSettings.isDnsName(rule.getHost(), 253))
                    .as(rule.getHost())
                    .isTrue();
            assertThat(rule.getHost().split("\\.")).allSatisfy(ManifestValidityTest::assertLabel);
            assertThat(rule.getHttp().getPaths()).singleElement().satisfies(path -> {
                assertThat(path.getPathType()).isEqualTo("Prefix");
                assertThat(services).contains(path.getBackend().getService().getName());
                assertThat(path.getBackend().getService().getPort().getName()).isEqualTo("http");
            });
        }
        List<String> tlsHosts = ingress.getSpec().getTls().stream()
                .flatMap(tls -> tls.getHosts().stream())
                .toList();
        assertThat(tlsHosts)
                .containsExactlyElementsOf(
                        rules.stream().map(IngressRule::getHost).toList());
        assertThat(ingress.getSpec().getTls())
                .extracting(IngressTLS::getSecretName)
                .allSatisfy(secret ->
                        assertThat(RenderSettings.isDnsName(secret, 253)).isTrue());
        Map<String, String> annotations = ingress.getMetadata().getAnnotations();
        if (renderCase.settings().wildcardSecret().isPresent()) {
            assertThat(ingress.getSpec().getTls())
                    .singleElement()
                    .satisfies(tls -> assertThat(tls.getSecretName())
                            .isEqualTo(renderCase.settings().wildcardSecret().get()));
            assertThat(annotations).isNullOrEmpty();
        } else {
            assertThat(annotations)
                    .containsEntry(
                            "cert-manager.io/cluster-issuer",
                            renderCase.settings().clusterIssuer());
        }
    }

    @ParameterizedTest
    @FieldSource("CASES")
    void rolloutHasTheFieldsArgoRolloutsRequires(RenderCase renderCase) {
        Manifests manifests = renderCase.render();
        JsonNode rollout = YAML.readTree(manifests.files().get("rollout.yaml"));
        assertThat(rollout.path("apiVersion").asString()).isEqualTo("argoproj.io/v1alpha1");
        assertThat(rollout.path("kind").asString()).isEqualTo("Rollout");
        assertLabel(rollout.path("metadata").path("name").asString());
        JsonNode spec = rollout.path("spec");
        if (renderCase.config().autoscaling().isPresent()) {
            assertThat(spec.has("replicas"))
                    .as("the autoscaler sets the count; Argo CD must not reset it")
                    .isFalse();
        } else {
            assertThat(spec.path("replicas").isInt()).isTrue();
            assertThat(spec.path("replicas").asInt())
                    .isEqualTo(renderCase.config().replicas());
        }

        LabelSelector selector = YAML.treeToValue(spec.path("selector"), LabelSelector.class);
        KubernetesModels.assertNoUnknownFields(selector, "spec.selector");
        PodTemplateSpec template = podTemplate(manifests);
        assertThat(selector.getMatchLabels()).isNotEmpty();
        assertThat(template.getMetadata().getLabels()).containsAllEntriesOf(selector.getMatchLabels());

        JsonNode blueGreen = spec.path("strategy").path("blueGreen");
        assertThat(spec.path("strategy").propertyNames()).containsExactly("blueGreen");
        assertThat(blueGreen.path("activeService").asString()).isEqualTo(serviceName(manifests, "service-active.yaml"));
        assertThat(blueGreen.path("previewService").asString())
                .isEqualTo(serviceName(manifests, "service-preview.yaml"));
        assertThat(blueGreen.path("autoPromotionEnabled").isBoolean()).isTrue();
        assertThat(blueGreen.path("scaleDownDelaySeconds").asInt()).isEqualTo(30);

        Container container = template.getSpec().getContainers().getFirst();
        assertThat(template.getSpec().getContainers()).hasSize(1);
        assertThat(container.getImage()).isEqualTo(renderCase.config().image() + ":" + renderCase.sha());
        assertThat(container.getPorts()).singleElement().satisfies(port -> {
            assertThat(port.getName()).isEqualTo("http");
            assertThat(port.getContainerPort()).isEqualTo(renderCase.config().port());
        });
        assertThat(container.getReadinessProbe().getHttpGet().getPath())
                .isEqualTo(renderCase.config().healthPath());
        assertThat(container.getLivenessProbe().getHttpGet().getPath())
                .isEqualTo(renderCase.config().healthPath());
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(container.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(container.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(template.getSpec().getSecurityContext().getSeccompProfile().getType())
                .isEqualTo("RuntimeDefault");
        assertThat(container.getVolumeMounts())
                .anySatisfy(mount -> assertThat(mount.getMountPath()).isEqualTo("/tmp"));
    }

    @ParameterizedTest
    @FieldSource("AUTOSCALING_CASES")
    void autoscalerIsValidAndScalesTheRolloutOnCpu(RenderCase renderCase) {
        Manifests manifests = renderCase.render();
        Autoscaling autoscaling = renderCase.config().autoscaling().orElseThrow();
        JsonNode rollout = YAML.readTree(manifests.files().get("rollout.yaml"));

        HorizontalPodAutoscaler hpa = YAML.readValue(manifests.files().get("hpa.yaml"), HorizontalPodAutoscaler.class);

        KubernetesModels.assertNoUnknownFields(hpa, "hpa.yaml");
        assertThat(hpa.getApiVersion()).isEqualTo("autoscaling/v2");
        assertThat(hpa.getKind()).isEqualTo("HorizontalPodAutoscaler");
        assertThat(hpa.getMetadata().getName())
                .isEqualTo(rollout.path("metadata").path("name").asString());
        assertThat(hpa.getMetadata().getLabels())
                .isEqualTo(YAML.treeToValue(rollout.path("metadata").path("labels"), Map.class));
        CrossVersionObjectReference target = hpa.getSpec().getScaleTargetRef();
        assertThat(target.getApiVersion()).isEqualTo(rollout.path("apiVersion").asString());
        assertThat(target.getKind()).isEqualTo("Rollout");
        assertThat(target.getName())
                .isEqualTo(rollout.path("metadata").path("name").asString());
        assertThat(hpa.getSpec().getMinReplicas()).isEqualTo(renderCase.config().replicas());
        assertThat(hpa.getSpec().getMaxReplicas()).isEqualTo(autoscaling.maxReplicas());
        assertThat(hpa.getSpec().getMaxReplicas()).isGreaterThan(hpa.getSpec().getMinReplicas());
        assertThat(hpa.getSpec().getMetrics()).singleElement().satisfies(metric -> {
            assertThat(metric.getType()).isEqualTo("Resource");
            assertThat(metric.getResource().getName()).isEqualTo("cpu");
            assertThat(metric.getResource().getTarget().getType()).isEqualTo("Utilization");
            assertThat(metric.getResource().getTarget().getAverageUtilization()).isEqualTo(autoscaling.cpuPercent());
        });
        assertThat(podTemplate(manifests)
                        .getSpec()
                        .getContainers()
                        .getFirst()
                        .getResources()
                        .getRequests())
                .as("utilization is measured against the CPU request")
                .containsKey("cpu");
    }

    @ParameterizedTest
    @FieldSource("CASES")
    void labelValuesAreStringsAndNoPlaceholderIsLeft(RenderCase renderCase) {
        for (var file : renderCase.render().files().entrySet()) {
            JsonNode tree = YAML.readTree(file.getValue());
            JsonNode labels = tree.path("metadata").path("labels");
            assertThat(labels.size()).isEqualTo(5);
            labels.properties()
                    .forEach(label -> assertThat(label.getValue().isString())
                            .as("%s label %s", file.getKey(), label.getKey())
                            .isTrue());
            assertThat(labels.path("app.kubernetes.io/version").asString())
                    .isEqualTo(renderCase.sha().substring(0, 7));
            assertThat(new String(file.getValue(), java.nio.charset.StandardCharsets.UTF_8))
                    .doesNotContain("{{");
        }
    }

    @Test
    void unknownFieldCheckCatchesAMisspeltNestedField() {
        PodTemplateSpec template = YAML.readValue(
                "spec: {containers: [{name: web, image: x, readinesProbe: {httpGet: {path: /}}}]}",
                PodTemplateSpec.class);

        assertThatThrownBy(() -> KubernetesModels.assertNoUnknownFields(template, "template"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("readinesProbe");
    }

    private static PodTemplateSpec podTemplate(Manifests manifests) {
        ObjectNode rollout = (ObjectNode) YAML.readTree(manifests.files().get("rollout.yaml"));
        PodTemplateSpec template = YAML.treeToValue(rollout.path("spec").path("template"), PodTemplateSpec.class);
        KubernetesModels.assertNoUnknownFields(template, "spec.template");
        assertThat(template.getSpec().getContainers()).allSatisfy(container -> {
            assertLabel(container.getName());
            assertThat(container.getImage()).isNotBlank();
        });
        return template;
    }

    private static String serviceName(Manifests manifests, String file) {
        return YAML.readValue(manifests.files().get(file), Service.class)
                .getMetadata()
                .getName();
    }

    private static void assertLabel(String name) {
        assertThat(Names.isLabel(name)).as("%s is a DNS-1123 label", name).isTrue();
    }
}
