package dev.pitapat.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Golden manifests (STYLE.md section 7): each case's {@code render/<case>/pitapat.yml} renders to exactly the
 * files of {@code render/<case>/expected/}, compared as parsed YAML.
 *
 * <p>To regenerate after an intended change, run with {@code -Dgolden.update=true}: the test then writes the
 * rendered files into {@code src/test/resources/render/<case>/expected/} (removing stale ones) and still
 * compares; review the diff before committing.
 */
class GoldenManifestsTest {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final boolean UPDATE = Boolean.getBoolean("golden.update");
    static final List<RenderCase> CASES = RenderCase.ALL;

    @ParameterizedTest
    @FieldSource("CASES")
    void rendersTheExpectedManifests(RenderCase renderCase) throws IOException {
        Manifests manifests = renderCase.render();
        Path expected = renderCase.directory().resolve("expected");
        if (UPDATE) {
            write(manifests, expected);
        }

        assertThat(manifests.files().keySet()).containsExactlyElementsOf(renderCase.expectedFiles());
        assertThat(expectedFiles(expected))
                .containsExactlyInAnyOrderElementsOf(manifests.files().keySet());
        for (String file : manifests.files().keySet()) {
            JsonNode actual = YAML.readTree(manifests.files().get(file));
            JsonNode wanted = YAML.readTree(expected.resolve(file).toFile());
            assertThat(actual)
                    .as("%s/%s (regenerate with -Dgolden.update=true)", renderCase, file)
                    .isEqualTo(wanted);
        }
    }

    private static List<String> expectedFiles(Path expected) throws IOException {
        try (Stream<Path> files = Files.list(expected)) {
            return files.map(path -> path.getFileName().toString()).sorted().toList();
        }
    }

    private static void write(Manifests manifests, Path expected) throws IOException {
        Files.createDirectories(expected);
        for (String stale : expectedFiles(expected)) {
            if (!manifests.files().containsKey(stale)) {
                Files.delete(expected.resolve(stale));
            }
        }
        for (var file : manifests.files().entrySet()) {
            Files.write(expected.resolve(file.getKey()), file.getValue());
        }
    }
}
