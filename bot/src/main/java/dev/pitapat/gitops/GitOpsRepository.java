package dev.pitapat.gitops;

import dev.pitapat.model.SecretRedactor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/**
 * The GitOps repository. A local bare repository is created when missing, with {@code HEAD} on the
 * configured branch, so the bot starts with no setting at all. Its health says whether the repository can
 * be read (remote ones are asked at most every 30 seconds, with the bot's credentials) and is DOWN, naming
 * the setting to fix, while the repository refuses the bot's reads or pushes, and while the bot's working clone
 * can neither be used nor made again.
 */
@Component("gitopsHealthIndicator")
public class GitOpsRepository implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(GitOpsRepository.class);
    private static final Duration REMOTE_CHECK_EVERY = Duration.ofSeconds(30);

    private final GitOpsProperties properties;
    private final GitRemote remote;
    private final Clock clock;
    private volatile Health remoteHealth;
    private volatile Instant remoteCheckedAt = Instant.MIN;

    GitOpsRepository(GitOpsProperties properties, GitRemote remote, Clock clock) throws IOException {
        this.properties = properties;
        this.remote = remote;
        this.clock = clock;
        if (properties.local()) {
            createBareIfMissing(Path.of(properties.repo()));
        }
    }

    private void createBareIfMissing(Path path) throws IOException {
        if (Files.exists(path.resolve("HEAD")) || Files.exists(path.resolve(".git"))) {
            return;
        }
        try (Git git = Git.init()
                .setBare(true)
                .setDirectory(path.toFile())
                .setInitialBranch(properties.branch())
                .call()) {
            log.info(
                    "Created the local GitOps repository {} (branch {})",
                    path.toAbsolutePath().normalize(),
                    properties.branch());
        } catch (GitAPIException e) {
            throw new IOException("creating the local GitOps repository " + path, e);
        }
    }

    @Override
    public Health health() {
        Health health = properties.local() ? localHealth() : remoteHealth();
        Optional<String> refusal = remote.refusal().or(remote::cloneProblem);
        if (refusal.isEmpty() || !health.getStatus().equals(Status.UP)) {
            return health;
        }
        // Reading may work (a public repository) while pushes are refused.
        return Health.down()
                .withDetails(health.getDetails())
                .withDetail("error", refusal.get())
                .build();
    }

    private Health localHealth() {
        Path path = Path.of(properties.repo());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("repository", path.toAbsolutePath().normalize().toString());
        details.put("branch", properties.branch());
        try (Repository repository = new FileRepositoryBuilder()
                .setGitDir(path.toFile())
                .setMustExist(true)
                .build()) {
            var head = repository.exactRef(Constants.R_HEADS + properties.branch());
            details.put(
                    "head", head == null ? "no commits yet" : head.getObjectId().name());
            return Health.up().withDetails(details).build();
        } catch (IOException e) {
            details.put("error", "cannot read the repository: " + e.getMessage());
            return Health.down().withDetails(details).build();
        }
    }

    private Health remoteHealth() {
        Instant now = clock.instant();
        Health cached = remoteHealth;
        if (cached != null && now.isBefore(remoteCheckedAt.plus(REMOTE_CHECK_EVERY))) {
            return cached;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("repository", remote.shown());
        details.put("branch", properties.branch());
        details.put("credentials", remote.credentialsSource());
        Health health;
        try {
            var refs = remote.call(
                    "reading the branches of the GitOps repository",
                    Git.lsRemoteRepository()
                            .setRemote(remote.url())
                            .setHeads(true)
                            .setTimeout(5));
            var head = refs.stream()
                    .filter(ref -> ref.getName().equals(Constants.R_HEADS + properties.branch()))
                    .findFirst();
            details.put("head", head.map(ref -> ref.getObjectId().name()).orElse("no commits yet"));
            health = Health.up().withDetails(details).build();
        } catch (GitOpsAccessException e) {
            details.put("error", e.getMessage());
            health = Health.down().withDetails(details).build();
        } catch (GitAPIException | RuntimeException e) {
            details.put(
                    "error",
                    "cannot reach the repository: "
                            + SecretRedactor.redact(RemoteUrl.redact(String.valueOf(e.getMessage()))));
            health = Health.down().withDetails(details).build();
        }
        remoteHealth = health;
        remoteCheckedAt = now;
        return health;
    }
}
