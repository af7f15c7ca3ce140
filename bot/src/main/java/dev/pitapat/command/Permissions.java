package dev.pitapat.command;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pitapat.github.GitHubGateway;
import dev.pitapat.model.Permission;
import dev.pitapat.model.RepoRef;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * A commenter's permission on a repository, asked of GitHub (never taken from the payload) and kept for a
 * few seconds, so a comment with five commands asks once but a removed collaborator is refused soon after.
 * A failure to ask is not cached and propagates: the caller refuses (fail closed).
 */
@Component
class Permissions {

    static final Duration KEPT_FOR = Duration.ofSeconds(10);

    private final GitHubGateway github;
    private final Cache<String, Permission> cache =
            Caffeine.newBuilder().expireAfterWrite(KEPT_FOR).maximumSize(10_000).build();

    Permissions(GitHubGateway github) {
        this.github = github;
    }

    Permission of(long installationId, RepoRef repo, String login) {
        return cache.get(key(installationId, repo, login), key -> github.permissionOf(installationId, repo, login));
    }

    private static String key(long installationId, RepoRef repo, String login) {
        return installationId + "/" + repo.fullName().toLowerCase(java.util.Locale.ROOT) + "/" + login;
    }
}
