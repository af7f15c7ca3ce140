package dev.pitapat.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pitapat.config.ConfigResult;
import dev.pitapat.config.RepoConfig;
import dev.pitapat.config.RepoConfigs;
import dev.pitapat.model.InvalidSettingException;
import dev.pitapat.model.Sha;
import dev.pitapat.model.Target;
import dev.pitapat.render.ManifestRenderer;
import dev.pitapat.render.Manifests;
import dev.pitapat.render.RenderSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/** {@code pitapat.templates-dir} decides which templates the deploy pipeline's renderer uses. */
class RendererConfigurationTest {

    private static final Path PACKAGED = Path.of("../gitops-templates/app");

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(TemplatesProperties.class)
    static class Properties {}

    private final ApplicationContextRunner context =
            new ApplicationContextRunner().withUserConfiguration(Properties.class, RendererConfiguration.class);

    @TempDir
    Path tmp;

    @Test
    void rendersWithThePackagedTemplatesByDefault() {
        context.withPropertyValues("pitapat.templates-dir=  ")
                .run(beans -> assertThat(text(beans.getBean(ManifestRenderer.class)))
                        .isEqualTo(text(ManifestRenderer.fromClasspath())));
    }

    @Test
    void rendersWithTheTemplatesOfTheConfiguredDirectory() throws Exception {
        Path templates = copyOfPackaged();
        Path rollout = templates.resolve("rollout.yaml");
        Files.writeString(
                rollout,
                Files.readString(rollout).replace("revisionHistoryLimit: 3", "revisionHistoryLimit: 7"),
                StandardCharsets.UTF_8);

        context.withPropertyValues("pitapat.templates-dir=" + templates).run(beans -> {
            String rendered = text(beans.getBean(ManifestRenderer.class));
            assertThat(rendered).contains("revisionHistoryLimit: 7").doesNotContain("revisionHistoryLimit: 3");
        });
    }

    @Test
    void aDirectoryItCannotRenderFromStopsStartUpNamingTheSetting() throws Exception {
        Path templates = copyOfPackaged();
        Files.delete(templates.resolve("hpa.yaml"));

        context.withPropertyValues("pitapat.templates-dir=" + templates).run(beans -> {
            assertThat(beans).hasFailed();
            Throwable root = beans.getStartupFailure();
            while (root.getCause() != null) {
                root = root.getCause();
            }
            assertThat(root)
                    .isInstanceOf(InvalidSettingException.class)
                    .hasMessageStartingWith("pitapat.templates-dir: has no hpa.yaml")
                    .hasMessageNotContaining(templates.toString());
        });
    }

    private Path copyOfPackaged() throws Exception {
        Path templates = tmp.resolve("templates");
        Files.createDirectories(templates);
        try (var files = Files.list(PACKAGED)) {
            for (Path file : files.toList()) {
                Files.copy(file, templates.resolve(file.getFileName()));
            }
        }
        return templates;
    }

    private static String text(ManifestRenderer renderer) {
        RepoConfig config = ((ConfigResult.Valid) RepoConfigs.resolve("acme", "hello", Optional.empty())).config();
        Manifests manifests = renderer.render(
                config,
                new Target(config.app(), config.environmentNames().getFirst()),
                new Sha("6dcb09b5b57875f334f61aebed695e2e4193db5e"),
                RenderSettings.DEFAULT);
        return manifests.text("rollout.yaml");
    }
}
