package dev.pitapat.github.local;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code pitapat.local-github.dir}: where the local stand-in for GitHub keeps the example repository and the
 * conversation on its pull request; a relative path is resolved against the working directory at start-up.
 */
@ConfigurationProperties("pitapat.local-github")
public record LocalGitHubProperties(
        @DefaultValue("./data/local-github") Path dir) {

    public LocalGitHubProperties {
        dir = Path.of("").toAbsolutePath().resolve(dir).normalize();
    }
}
