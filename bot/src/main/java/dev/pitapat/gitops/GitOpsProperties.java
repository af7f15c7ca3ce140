package dev.pitapat.gitops;

import dev.pitapat.model.InvalidSettingException;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the GitOps repository is ({@code pitapat.gitops.*}).
 *
 * @param repo a URL ({@code https://…}, {@code ssh://…}, {@code file://…}) or a local path; a missing local
 *     bare repository is created
 * @param branch the branch Argo CD watches
 * @param workdir the bot's persistent working clone
 */
@ConfigurationProperties("pitapat.gitops")
public record GitOpsProperties(
        @DefaultValue("./data/gitops.git") String repo,
        @DefaultValue("main") String branch,
        @DefaultValue("./data/gitops-work") Path workdir) {

    public GitOpsProperties {
        if (repo.isBlank()) {
            throw new InvalidSettingException("pitapat.gitops.repo", "must be a repository URL or a local path");
        }
        if (!branch.matches("[A-Za-z0-9._/-]{1,200}") || branch.contains("..") || branch.startsWith("/")) {
            throw new InvalidSettingException("pitapat.gitops.branch", "must be a plain branch name such as main");
        }
    }

    /** Whether {@link #repo} is a path on this machine rather than a remote URL. */
    public boolean local() {
        return !repo.contains("://") && !repo.matches("[^/]+@[^:]+:.*");
    }
}
