package dev.pitapat.deploy;

import dev.pitapat.config.ConfigResult;
import dev.pitapat.config.DeployOn;
import dev.pitapat.config.RepoConfig;
import dev.pitapat.config.RepoConfigs;
import dev.pitapat.github.GitHubGateway;
import dev.pitapat.github.GitHubProperties;
import dev.pitapat.github.InstallationTokens;
import dev.pitapat.gitops.GitOpsProperties;
import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.RepoRef;
import dev.pitapat.model.Sha;
import dev.pitapat.model.Target;
import dev.pitapat.store.EnvironmentLocks;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Push-to-deploy: a push to the default branch deploys every environment marked {@code deploy-on: push}
 * in the pushed {@code .github/pitapat.yml}, except one that is locked or pinned by a rollback —
 * automation never undoes a rollback or a freeze. Each deploy is accepted into the pipeline and reported on the
 * pushed commit (check run and Deployment); a held-back environment and an invalid config get check runs of
 * their own ({@link PushChecks}).
 */
@Component
public class PushDeploys {

    private static final Logger log = LoggerFactory.getLogger(PushDeploys.class);

    private final GitHubGateway github;
    private final GitHubProperties settings;
    private final EnvironmentLocks locks;
    private final DeployPipeline pipeline;
    /** The GitOps repository when it is a repository of this GitHub: pushes to it never deploy anything. */
    private final Optional<RepoRef> gitopsRepo;

    private static final java.util.regex.Pattern SCP_LIKE =
            java.util.regex.Pattern.compile("^[^/@:]+@([^/:]+):/?(.*)$");

    PushDeploys(
            GitHubGateway github,
            GitHubProperties settings,
            EnvironmentLocks locks,
            DeployPipeline pipeline,
            GitOpsProperties gitops) {
        this.gitopsRepo = InstallationTokens.repositoryAt(
                SCP_LIKE.matcher(gitops.repo()).replaceFirst("https://$1/$2"), settings.apiUrl());
        this.github = github;
        this.settings = settings;
        this.locks = locks;
        this.pipeline = pipeline;
    }

    public void handle(PushEvent push) {
        if (gitopsRepo
                .filter(gitops -> gitops.fullName().equalsIgnoreCase(push.repo()))
                .isPresent()) {
            log.debug(
                    "Delivery {}: a push to the GitOps repository {} triggers nothing", push.deliveryId(), push.repo());
            return;
        }
        if (!push.ref().equals("refs/heads/" + push.defaultBranch())
                || push.deleted()
                || push.senderIsBot()
                || Sha.parse(push.after()).toOptional().filter(Sha::isFull).isEmpty()) {
            return;
        }
        RepoRef repo = RepoRef.parse(push.repo());
        if (!settings.allows(repo)) {
            return;
        }
        PushChecks checks = new PushChecks(github, push, repo);
        Optional<String> pushedFile = github.fileAt(push.installationId(), repo, push.after(), RepoConfigs.PATH);
        ConfigResult result = RepoConfigs.resolve(repo.owner(), repo.name(), pushedFile);
        if (result instanceof ConfigResult.Invalid invalid) {
            log.warn(
                    "Delivery {}: push to {} in {} deploys nothing: {} has {} problem(s)",
                    push.deliveryId(),
                    push.ref(),
                    repo,
                    RepoConfigs.PATH,
                    invalid.problems().size());
            checks.invalidConfig(invalid.problems());
            return;
        }
        RepoConfig config = ((ConfigResult.Valid) result).config();
        config.environments().forEach((env, environment) -> {
            if (environment.deployOn().filter(on -> on == DeployOn.PUSH).isEmpty()) {
                return;
            }
            Optional<Target> target = Target.of(config.app(), env).toOptional();
            if (target.isEmpty()) {
                return;
            }
            Optional<Outcome.Hold> hold = PushChecks.holdOf(locks, target.get());
            if (hold.isPresent()) {
                log.info(
                        "Delivery {}: push to {} in {} skips {}: {}",
                        push.deliveryId(),
                        push.ref(),
                        repo,
                        target.get().label(),
                        Words.heldTitle(hold.get()));
                checks.skipped(target.get(), hold.get());
                return;
            }
            DeployPipeline.Accepted accepted = pipeline.accept(new DeployRequest.Deploy(
                    new DeployRequest.Ask(
                            DeploymentId.derived(push.deliveryId(), env.value()),
                            target.get(),
                            repo,
                            push.installationId(),
                            push.defaultBranch(),
                            new DeployRequest.Origin.Push(push.sender()),
                            environment.isProduction(env)),
                    new Sha(push.after()),
                    false,
                    Optional.of(new DeployRequest.PolicyRead(push.after(), pushedFile))));
            log.info(
                    "Delivery {}: push to {} in {} -> {}: {}",
                    push.deliveryId(),
                    push.ref(),
                    repo,
                    target.get().label(),
                    accepted.getClass().getSimpleName());
        });
    }
}
