package dev.pitapat.deploy;

import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code pitapat.templates-dir}: a directory laid out like {@code gitops-templates/app/} whose templates replace
 * the ones packaged in the jar; unset or blank means the packaged ones.
 */
@ConfigurationProperties("pitapat")
record TemplatesProperties(Optional<String> templatesDir) {

    static final String PROPERTY = "pitapat.templates-dir";

    TemplatesProperties {
        templatesDir = templatesDir == null ? Optional.empty() : templatesDir.filter(dir -> !dir.isBlank());
    }
}
