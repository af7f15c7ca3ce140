package dev.pitapat.render;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

class RenderCommandTest {

    private static final String SHA = RenderCase.SHA;
    private static final Path FULL = RenderCase.ROOT.resolve("full-staging/pitapat.yml");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void printsTheFilesADeployWouldCommitAsOneYamlStream() throws IOException {
        int code = run(
                "--config",
                FULL.toString(),
                "--repo",
                "acme/hello",
                "--env",
                "staging",
                "--sha",
                SHA,
                "--base-domain",
                "apps.example.com",
                "--cluster-issuer",
                "letsencrypt-prod");

        assertThat(code).isZero();
        assertThat(err()).isEmpty();
        assertThat(out())
                .containsSubsequence(
                        "# apps/hello/staging/rollout.yaml",
                        "# apps/hello/staging/service-active.yaml",
                        "# apps/hello/staging/service-preview.yaml",
                        "# apps/hello/staging/ingress.yaml");
        List<JsonNode> documents = new ArrayList<>();
        try (var parser = new YAMLMapper().readValues(new YAMLMapper().createParser(out()), JsonNode.class)) {
            parser.forEachRemaining(documents::add);
        }
        Path expected = RenderCase.ROOT.resolve("full-staging/expected");
        List<String> files = List.of("rollout.yaml", "service-active.yaml", "service-preview.yaml", "ingress.yaml");
        assertThat(documents).hasSize(files.size());
        for (int i = 0; i < files.size(); i++) {
            assertThat(documents.get(i))
                    .isEqualTo(new YAMLMapper()
                            .readTree(expected.resolve(files.get(i)).toFile()));
        }
    }

    @Test
    void aWildcardSecretFlagSharesOneCertificate() {
        int code = run(
                "--config",
                FULL.toString(),
                "--repo",
                "acme/hello",
                "--env",
                "staging",
                "--sha",
                SHA,
                "--wildcard-secret",
                "apps-wildcard");

        assertThat(code).isZero();
        assertThat(out()).contains("secretName: apps-wildcard").doesNotContain("cert-manager.io/cluster-issuer");
    }

    @Test
    void aPreviewEnvironmentRendersWhenPreviewsAreOn() {
        int code = run("--config", FULL.toString(), "--repo", "acme/hello", "--env", "pr-42", "--sha", SHA);

        assertThat(code).isZero();
        assertThat(out()).contains("# apps/hello/pr-42/ingress.yaml", "host: hello-pr-42.apps.localhost");
    }

    @Test
    void anInvalidConfigPrintsEachProblemWithItsRuleAndExitsOne(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("pitapat.yml");
        Files.writeString(file, "replicas: 10000\nport: http\nsurprise: 1\n");

        int code = run("--config", file.toString(), "--repo", "acme/hello", "--env", "staging", "--sha", SHA);

        assertThat(code).isEqualTo(1);
        assertThat(out()).isEmpty();
        List<String> lines = err().lines().toList();
        assertThat(lines).hasSizeGreaterThanOrEqualTo(3);
        assertThat(lines)
                .anySatisfy(line -> assertThat(line).startsWith("replicas: ").contains("limits.replicas"));
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("port: "));
        assertThat(lines).anySatisfy(line -> assertThat(line).contains("surprise"));
        assertThat(lines).allSatisfy(line -> assertThat(line).matches("[^:]+: .+\\. .+"));
    }

    @Test
    void anEnvironmentTheConfigDoesNotListIsRefusedWithExitOne() {
        int code = run("--config", FULL.toString(), "--repo", "acme/hello", "--env", "qa", "--sha", SHA);

        assertThat(code).isEqualTo(1);
        assertThat(out()).isEmpty();
        assertThat(err()).contains("qa", "staging, production");
    }

    @Test
    void anUnreadableFileExitsOne(@TempDir Path dir) {
        int code = run(
                "--config",
                dir.resolve("missing.yml").toString(),
                "--repo",
                "acme/hello",
                "--env",
                "staging",
                "--sha",
                SHA);

        assertThat(code).isEqualTo(1);
        assertThat(err()).contains("missing.yml").contains("cannot be read");
    }

    @Test
    void rendersFromATemplatesDirectoryWhenGivenOne(@TempDir Path dir) throws IOException {
        Path templates = dir.resolve("templates");
        TemplateDirectoryTest.copyPackaged(templates);
        Path service = templates.resolve("service-active.yaml");
        Files.writeString(
                service,
                Files.readString(service).replace("type: ClusterIP", "type: NodePort"),
                StandardCharsets.UTF_8);

        int code = run(
                "--config",
                FULL.toString(),
                "--repo",
                "acme/hello",
                "--env",
                "staging",
                "--sha",
                SHA,
                "--templates",
                templates.toString());

        assertThat(code).isZero();
        assertThat(out()).containsOnlyOnce("type: NodePort").containsOnlyOnce("type: ClusterIP");
    }

    @Test
    void aTemplatesDirectoryItCannotRenderFromExitsOne(@TempDir Path dir) throws IOException {
        Path templates = dir.resolve("templates");
        TemplateDirectoryTest.copyPackaged(templates);
        Files.delete(templates.resolve("ingress.yaml"));

        int code = run(
                "--config",
                FULL.toString(),
                "--repo",
                "acme/hello",
                "--env",
                "staging",
                "--sha",
                SHA,
                "--templates",
                templates.toString());

        assertThat(code).isEqualTo(1);
        assertThat(out()).isEmpty();
        assertThat(err().lines())
                .singleElement()
                .satisfies(line -> assertThat(line).startsWith("--templates " + templates + ": has no ingress.yaml"));
    }

    static Stream<Arguments> badArguments() {
        return Stream.of(
                Arguments.of(List.of()),
                Arguments.of(List.of("--config", "x.yml", "--repo", "acme/hello", "--env", "staging")),
                Arguments.of(List.of("--config", "x.yml", "--repo", "acme/hello", "--env", "staging", "--sha")),
                Arguments.of(List.of("--config", "x.yml", "--repo", "acme", "--env", "staging", "--sha", SHA)),
                Arguments.of(List.of("--config", "x.yml", "--repo", "acme/hello", "--env", "Staging", "--sha", SHA)),
                Arguments.of(List.of("--config", "x.yml", "--repo", "acme/hello", "--env", "staging", "--sha", "xyz")),
                Arguments.of(List.of("--config", "x.yml", "--repo", "a/b", "--env", "s", "--sha", SHA, "--sha", SHA)),
                Arguments.of(List.of("--config", "x.yml", "--repo", "a/b", "--env", "s", "--sha", SHA, "--force", "y")),
                Arguments.of(List.of(
                        "--config", "x.yml", "--repo", "a/b", "--env", "s", "--sha", SHA, "--base-domain", "A..b")),
                Arguments.of(List.of("--config", "x.yml", "--repo", "a/b", "--env", "s", "--sha", SHA, "--templates")));
    }

    @ParameterizedTest
    @MethodSource("badArguments")
    void badArgumentsPrintOneUsageLineAndExitTwo(List<String> args) {
        int code = RenderCommand.run(args, print(out), print(err));

        assertThat(code).isEqualTo(2);
        assertThat(out()).isEmpty();
        assertThat(err().lines())
                .singleElement()
                .satisfies(line -> assertThat(line).contains("usage: pitapat render"));
    }

    private int run(String... args) {
        return RenderCommand.run(List.of(args), print(out), print(err));
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
