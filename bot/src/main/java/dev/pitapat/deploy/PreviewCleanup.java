package dev.pitapat.deploy;

import dev.pitapat.config.ConfigResult;
import dev.pitapat.config.RepoConfigs;
import dev.pitapat.github.GitHubGateway;
import dev.pitapat.github.GitHubProperties;
import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.EnvName;
import dev.pitapat.model.RepoRef;
import dev.pitapat.model.Sha;
import dev.pitapat.model.Target;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Closing a pull request removes its preview environment {@code pr-<number>} from the GitOps repository. */
@Component
public class PreviewCleanup {

    private static final Logger log = LoggerFactory.getLogger(PreviewCleanup.class);

    private final GitHubGateway github;
    private final GitHubProperties settings;
    private final DeployPipeline pipeline;

    PreviewCleanup(GitHubGateway github, GitHubProperties settings, DeployPipeline pipeline) {
        this.github = github;
        this.settings = settings;
        this.pipeline = pipeline;
    }

    /** A pull request was closed (merged or not). */
    public void closed(
            String deliveryId,
            long installationId,
            String repoName,
            String defaultBranch,
            int number,
            String headSha,
            String by) {
        RepoRef repo = RepoRef.parse(repoName);
        if (!settings.allows(repo)) {
            return;
        }
        ConfigResult result = RepoConfigs.resolve(
                repo.owner(), repo.name(), github.fileAt(installationId, repo, defaultBranch, RepoConfigs.PATH));
        if (!(result instanceof ConfigResult.Valid valid) || !valid.config().previews()) {
            return;
        }
        Optional<Target> target =
                Target.of(valid.config().app(), new EnvName("pr-" + number)).toOptional();
        if (target.isEmpty()) {
            return;
        }
        Optional<Sha> head = Sha.parse(headSha).toOptional().filter(Sha::isFull);
        if (head.isEmpty()) {
            return;
        }
        DeployPipeline.Accepted accepted = pipeline.accept(new DeployRequest.Undeploy(
                new DeployRequest.Ask(
                        DeploymentId.derived(deliveryId),
                        target.get(),
                        repo,
                        installationId,
                        defaultBranch,
                        new DeployRequest.Origin.Closed(number, by),
                        false),
                head.get()));
        log.info(
                "Pull request #{} of {} closed: its preview's removal is {}",
                number,
                repo,
                accepted.getClass().getSimpleName());
    }
}
