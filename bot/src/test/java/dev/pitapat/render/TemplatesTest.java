package dev.pitapat.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;

class TemplatesTest {

    private static final YAMLMapper YAML = new YAMLMapper();

    @Test
    void fillsPlaceholdersWithTreesNotText() {
        JsonNode tree = YAML.readTree("a: '{{ x }}'\nlist: ['{{ x }}', keep]\n");

        Templates.fill(tree, Map.of("x", Optional.of(YAML.readTree("{k: 'v: {{ y }}'}"))));

        assertThat(tree.path("a").path("k").asString()).isEqualTo("v: {{ y }}");
        assertThat(tree.path("list").get(0).path("k").isString()).isTrue();
        assertThat(tree.path("list").get(1).asString()).isEqualTo("keep");
    }

    @Test
    void anEmptyValueRemovesItsKey() {
        JsonNode tree = YAML.readTree("a: '{{ x }}'\nb: 1\n");

        Templates.fill(tree, Map.of("x", Optional.empty()));

        assertThat(tree.propertyNames()).containsExactly("b");
    }

    @Test
    void aPlaceholderWithoutAValueIsABugNotOutput() {
        JsonNode tree = YAML.readTree("a: '{{ missing }}'\n");

        assertThatThrownBy(() -> Templates.fill(tree, Map.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("missing");
    }

    @Test
    void aValueWithPlaceholderSyntaxIsNotFilledAgain() {
        JsonNode tree = YAML.readTree("a: '{{ x }}'\n");

        Templates.fill(tree, Map.of("x", Optional.of(JsonNodeFactory.instance.stringNode("{{ x }}"))));

        assertThat(tree.path("a").asString()).isEqualTo("{{ x }}");
    }

    @Test
    void thePackagedTemplatesAreTheGitopsTemplatesFiles() throws Exception {
        Templates packaged = Templates.fromClasspath(YAML);
        for (String file : Templates.FILES) {
            JsonNode source = YAML.readTree(java.nio.file.Path.of("../gitops-templates/app")
                    .resolve(file)
                    .toFile());
            assertThat(packaged.copyOf(file)).as(file).isEqualTo(source);
        }
    }
}
