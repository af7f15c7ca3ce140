package dev.pitapat.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The {@code autoscaling} key adds {@code hpa.yaml} and takes {@code spec.replicas} out of the Rollout, and
 * changes nothing else; without it there is no {@code hpa.yaml} at all, so a deploy that drops the key removes
 * the file (a commit holds exactly the rendered files).
 */
class AutoscalingRenderTest {

    private static final YAMLMapper YAML = new YAMLMapper();

    private final RenderCase with = RenderCase.named("autoscaling-production");
    private final RenderCase without = RenderCase.named("full-production");

    @Test
    void theTwoCasesDifferOnlyInTheAutoscalingKey() {
        assertThat(with.config().autoscaling()).isPresent();
        assertThat(without.config().autoscaling()).isEmpty();
        assertThat(with.config())
                .usingRecursiveComparison()
                .ignoringFields("autoscaling")
                .isEqualTo(without.config());
        assertThat(with.target()).isEqualTo(without.target());
        assertThat(with.settings()).isEqualTo(without.settings());
    }

    @Test
    void autoscalingAddsTheAutoscalerAndLeavesTheCountToIt() {
        Map<String, byte[]> scaled = with.render().files();
        Map<String, byte[]> fixed = without.render().files();

        assertThat(fixed).doesNotContainKey("hpa.yaml");
        assertThat(scaled.keySet())
                .containsExactly(
                        "rollout.yaml", "service-active.yaml", "service-preview.yaml", "ingress.yaml", "hpa.yaml");
        for (String file : fixed.keySet()) {
            if (!file.equals("rollout.yaml")) {
                assertThat(scaled.get(file)).as(file).isEqualTo(fixed.get(file));
            }
        }
        JsonNode scaledRollout = YAML.readTree(scaled.get("rollout.yaml"));
        ObjectNode fixedRollout = (ObjectNode) YAML.readTree(fixed.get("rollout.yaml"));
        assertThat(fixedRollout.path("spec").path("replicas").asInt()).isEqualTo(2);
        assertThat(scaledRollout.path("spec").has("replicas")).isFalse();
        ((ObjectNode) fixedRollout.path("spec")).remove("replicas");
        assertThat(scaledRollout).isEqualTo(fixedRollout);
    }
}
