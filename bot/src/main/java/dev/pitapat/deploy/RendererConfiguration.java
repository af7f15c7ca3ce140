package dev.pitapat.deploy;

import dev.pitapat.model.InvalidSettingException;
import dev.pitapat.render.ManifestRenderer;
import dev.pitapat.render.TemplateException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The {@link ManifestRenderer} deploys render with: the packaged templates, or those of {@code
 * pitapat.templates-dir}, checked at start-up so that a missing directory, a missing template or one that does
 * not parse or render stops the bot with one line naming the setting.
 */
@Configuration(proxyBeanMethods = false)
class RendererConfiguration {

    private static final Logger log = LoggerFactory.getLogger(RendererConfiguration.class);

    @Bean
    ManifestRenderer manifestRenderer(TemplatesProperties properties) {
        if (properties.templatesDir().isEmpty()) {
            return ManifestRenderer.fromClasspath();
        }
        Path directory;
        try {
            directory = Path.of(properties.templatesDir().get()).toAbsolutePath();
        } catch (InvalidPathException e) {
            throw new InvalidSettingException(TemplatesProperties.PROPERTY, "is not a directory path");
        }
        try {
            ManifestRenderer renderer = ManifestRenderer.fromDirectory(directory);
            log.info("rendering manifests from the templates of {}", directory);
            return renderer;
        } catch (TemplateException e) {
            throw new InvalidSettingException(TemplatesProperties.PROPERTY, e.getMessage());
        }
    }
}
