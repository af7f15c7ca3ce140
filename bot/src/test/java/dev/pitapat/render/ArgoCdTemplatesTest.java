package dev.pitapat.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The operators' Argo CD files (DESIGN.md section 5): one Application and namespace {@code <app>-<env>} per {@code
 * apps/*}{@code /*} folder, synced with prune and self-heal, confined by an AppProject to the kinds pitapat renders.
 */
class ArgoCdTemplatesTest {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Path ARGOCD = Path.of("../gitops-templates/argocd");

    @Test
    void applicationSetMakesOneApplicationPerAppEnvironmentFolder() {
        JsonNode set = YAML.readTree(ARGOCD.resolve("applicationset.yaml").toFile());
        JsonNode git = set.path("spec").path("generators").get(0).path("git");
        JsonNode template = set.path("spec").path("template");

        assertThat(set.path("kind").asString()).isEqualTo("ApplicationSet");
        assertThat(git.path("directories").get(0).path("path").asString()).isEqualTo("apps/*/*");
        assertThat(template.path("metadata").path("name").asString()).isEqualTo("{{path[1]}}-{{path[2]}}");
        assertThat(template.path("spec").path("destination").path("namespace").asString())
                .isEqualTo("{{path[1]}}-{{path[2]}}");
        assertThat(template.path("spec").path("source").path("path").asString()).isEqualTo("{{path}}");
        JsonNode sync = template.path("spec").path("syncPolicy");
        assertThat(sync.path("automated").path("prune").asBoolean()).isTrue();
        assertThat(sync.path("automated").path("selfHeal").asBoolean()).isTrue();
        assertThat(texts(sync.path("syncOptions"))).contains("CreateNamespace=true");
        assertThat(template.path("spec").path("project").asString())
                .isEqualTo(project().path("metadata").path("name").asString());
    }

    @Test
    void appProjectAllowsOnlyTheGitOpsRepoAndTheRenderedKinds() {
        JsonNode project = project();
        JsonNode set = YAML.readTree(ARGOCD.resolve("applicationset.yaml").toFile());

        assertThat(texts(project.path("spec").path("sourceRepos")))
                .containsExactly(set.path("spec")
                        .path("template")
                        .path("spec")
                        .path("source")
                        .path("repoURL")
                        .asString());
        List<String> kinds = new ArrayList<>();
        project.path("spec")
                .path("namespaceResourceWhitelist")
                .forEach(kind -> kinds.add(kind.path("kind").asString()));
        assertThat(kinds).containsExactlyInAnyOrder("Rollout", "Service", "Ingress", "HorizontalPodAutoscaler");
        assertThat(project.path("spec").path("clusterResourceWhitelist"))
                .singleElement()
                .satisfies(kind -> assertThat(kind.path("kind").asString()).isEqualTo("Namespace"));
        List<String> namespaces = new ArrayList<>();
        project.path("spec")
                .path("destinations")
                .forEach(each -> namespaces.add(each.path("namespace").asString()));
        assertThat(namespaces).contains("*-*", "!kube-*", "!argocd");
    }

    private static JsonNode project() {
        return YAML.readTree(ARGOCD.resolve("appproject.yaml").toFile());
    }

    private static List<String> texts(Iterable<JsonNode> nodes) {
        List<String> texts = new ArrayList<>();
        nodes.forEach(node -> texts.add(node.asString()));
        return texts;
    }
}
