package dev.pitapat.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pitapat.model.Sha;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * An operator's templates directory ({@code pitapat.templates-dir}, {@code render --templates}) replaces the
 * packaged templates, and one that pitapat could not render from is refused when it is loaded, saying what is
 * wrong without repeating the directory.
 */
class TemplateDirectoryTest {

    private static final YAMLMapper YAML = new YAMLMapper();
    static final Path PACKAGED_SOURCE = Path.of("../gitops-templates/app");

    @TempDir
    Path templates;

    /** {@code templates} as a copy of {@code gitops-templates/app/}. */
    static void copyPackaged(Path into) throws IOException {
        Files.createDirectories(into);
        for (String file : Templates.FILES) {
            Files.copy(PACKAGED_SOURCE.resolve(file), into.resolve(file));
        }
    }

    private Manifests render(ManifestRenderer renderer, RenderCase renderCase) {
        return renderer.render(
                renderCase.config(), renderCase.target(), new Sha(renderCase.sha()), renderCase.settings());
    }

    @Test
    void aCopyOfThePackagedTemplatesRendersTheSameBytes() throws IOException {
        copyPackaged(templates);
        ManifestRenderer copy = ManifestRenderer.fromDirectory(templates);

        for (RenderCase renderCase : RenderCase.ALL) {
            Manifests packaged = renderCase.render();
            Manifests fromCopy = render(copy, renderCase);
            assertThat(fromCopy.files().keySet())
                    .containsExactlyElementsOf(packaged.files().keySet());
            packaged.files()
                    .forEach((file, bytes) -> assertThat(fromCopy.files().get(file))
                            .as("%s/%s", renderCase, file)
                            .isEqualTo(bytes));
        }
    }

    @Test
    void aChangedTemplateChangesWhatIsRendered() throws IOException {
        copyPackaged(templates);
        replace("rollout.yaml", "revisionHistoryLimit: 3", "revisionHistoryLimit: 10");
        replace(
                "ingress.yaml",
                "    cert-manager.io/cluster-issuer: \"{{ cluster-issuer }}\"",
                "    cert-manager.io/cluster-issuer: \"{{ cluster-issuer }}\"\n"
                        + "    nginx.ingress.kubernetes.io/proxy-body-size: 8m");
        RenderCase renderCase = RenderCase.named("full-staging");

        Map<String, byte[]> changed =
                render(ManifestRenderer.fromDirectory(templates), renderCase).files();
        Map<String, byte[]> packaged = renderCase.render().files();

        JsonNode rollout = YAML.readTree(changed.get("rollout.yaml"));
        JsonNode ingress = YAML.readTree(changed.get("ingress.yaml"));
        assertThat(rollout.path("spec").path("revisionHistoryLimit").asInt()).isEqualTo(10);
        assertThat(ingress.path("metadata")
                        .path("annotations")
                        .path("nginx.ingress.kubernetes.io/proxy-body-size")
                        .asString())
                .isEqualTo("8m");
        ObjectNode packagedRollout = (ObjectNode) YAML.readTree(packaged.get("rollout.yaml"));
        ((ObjectNode) packagedRollout.path("spec")).put("revisionHistoryLimit", 10);
        assertThat(rollout).as("only the changed value differs").isEqualTo(packagedRollout);
        assertThat(changed.get("service-active.yaml")).isEqualTo(packaged.get("service-active.yaml"));
    }

    static Stream<Arguments> brokenDirectories() {
        return Stream.of(
                Arguments.of("no such directory", "missing", "", "", "is not a directory"),
                Arguments.of("a template is missing", "hpa.yaml", "", "", "has no hpa.yaml"),
                Arguments.of(
                        "not YAML",
                        "rollout.yaml",
                        "kind: Rollout\nspec: [unclosed\n",
                        "",
                        "rollout.yaml is not valid YAML (line"),
                Arguments.of(
                        "two documents",
                        "service-active.yaml",
                        "kind: Service\napiVersion: v1\n---\nkind: Service\n",
                        "",
                        "holds 2 YAML documents"),
                Arguments.of("empty", "ingress.yaml", "# nothing\n", "", "holds 0 YAML documents"),
                Arguments.of("a list", "ingress.yaml", "- kind: Ingress\n", "", "ingress.yaml is not a YAML mapping"),
                Arguments.of(
                        "no kind",
                        "hpa.yaml",
                        "apiVersion: autoscaling/v2\nmetadata: {}\n",
                        "",
                        "hpa.yaml has no kind"),
                Arguments.of(
                        "a placeholder pitapat does not fill",
                        "rollout.yaml",
                        "",
                        "revisionHistoryLimit: \"{{ history }}\"",
                        "rollout.yaml: template placeholder {{ history }} has no value (the placeholders pitapat fills: "),
                Arguments.of(
                        "an optional value inside a list",
                        "rollout.yaml",
                        "",
                        "volumeMounts:\n            - \"{{ resources }}\"",
                        "rollout.yaml: placeholder {{ resources }} inside a list cannot be left out"),
                Arguments.of(
                        "a file pitapat would not render",
                        "pdb.yaml",
                        "kind: PodDisruptionBudget\n",
                        "",
                        "holds pdb.yaml, which pitapat does not render"));
    }

    /**
     * @param file the file to break: removed when {@code content} and {@code edit} are empty, replaced by {@code
     *     content}, or, for {@code edit}, the packaged file with {@code edit} put in place of its line of the same
     *     key
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenDirectories")
    void refusesDirectoriesItCouldNotRenderFrom(String name, String file, String content, String edit, String message)
            throws IOException {
        Path directory = templates.resolve("templates");
        if (!file.equals("missing")) {
            copyPackaged(directory);
            Path path = directory.resolve(file);
            if (!edit.isEmpty()) {
                String key = edit.substring(0, edit.indexOf(':') + 1);
                String text = Files.readString(path, StandardCharsets.UTF_8);
                String line = text.lines()
                        .filter(l -> l.strip().startsWith(key))
                        .findFirst()
                        .orElseThrow();
                Files.writeString(
                        path, text.replace(line, line.substring(0, line.indexOf(key)) + edit), StandardCharsets.UTF_8);
            } else if (content.isEmpty()) {
                Files.delete(path);
            } else {
                Files.writeString(path, content, StandardCharsets.UTF_8);
            }
        }

        assertThatThrownBy(() -> ManifestRenderer.fromDirectory(directory))
                .isInstanceOf(TemplateException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(templates.toString()));
    }

    private void replace(String file, String from, String to) throws IOException {
        Path path = templates.resolve(file);
        String text = Files.readString(path, StandardCharsets.UTF_8);
        assertThat(text).contains(from);
        Files.writeString(path, text.replace(from, to), StandardCharsets.UTF_8);
    }
}
