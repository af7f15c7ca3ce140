package dev.pitapat.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.config.Environment;
import dev.pitapat.config.RepoConfig;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.Sha;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The same input renders byte-identical files, so an unchanged deploy makes no GitOps commit. */
class DeterminismTest {

    static final List<RenderCase> CASES = RenderCase.ALL;

    @ParameterizedTest
    @FieldSource("CASES")
    void renderingTwiceGivesIdenticalBytes(RenderCase renderCase) {
        Manifests first = renderCase.render();
        Manifests second = ManifestRenderer.fromClasspath()
                .render(renderCase.config(), renderCase.target(), new Sha(renderCase.sha()), renderCase.settings());

        assertThat(second.files().keySet())
                .containsExactlyElementsOf(first.files().keySet());
        first.files()
                .forEach((file, bytes) ->
                        assertThat(second.files().get(file)).as(file).isEqualTo(bytes));
    }

    @Test
    void theOrderEnvironmentsAreWrittenInDoesNotChangeTheFiles() {
        RenderCase production = RenderCase.ALL.stream()
                .filter(c -> c.name().equals("full-production"))
                .findFirst()
                .orElseThrow();
        RepoConfig config = production.config();
        List<Map.Entry<EnvName, Environment>> reversed =
                new ArrayList<>(config.environments().entrySet());
        java.util.Collections.reverse(reversed);
        Map<EnvName, Environment> environments = new LinkedHashMap<>();
        reversed.forEach(entry -> environments.put(entry.getKey(), entry.getValue()));
        RepoConfig reordered = new RepoConfig(
                config.app(),
                config.image(),
                config.build(),
                config.port(),
                config.healthPath(),
                config.replicas(),
                config.autoscaling(),
                config.resources(),
                config.env(),
                config.secretRefs(),
                config.previews(),
                config.limits(),
                environments);
        assertThat(reordered.environmentNames()).isNotEqualTo(config.environmentNames());

        Manifests written = production.render();
        Manifests other = ManifestRenderer.fromClasspath()
                .render(reordered, production.target(), new Sha(production.sha()), production.settings());

        written.files()
                .forEach((file, bytes) ->
                        assertThat(other.files().get(file)).as(file).isEqualTo(bytes));
    }

    @Test
    void envKeepsTheOrderWrittenBecauseKubernetesExpandsVariablesInThatOrder() {
        RenderCase renderCase = RenderCase.ALL.stream()
                .filter(c -> c.name().equals("secrets-env-resources"))
                .findFirst()
                .orElseThrow();
        String rollout = renderCase.render().text("rollout.yaml");

        assertThat(rollout)
                .containsSubsequence("name: ZONE", "name: LOG_LEVEL", "name: DATABASE_URL", "name: FEATURE_FLAGS")
                .containsSubsequence("name: billing-db", "name: billing-stripe");
    }
}
