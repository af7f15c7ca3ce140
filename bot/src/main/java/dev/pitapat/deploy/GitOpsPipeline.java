package dev.pitapat.deploy;

import dev.pitapat.config.ConfigResult;
import dev.pitapat.config.RepoConfigs;
import dev.pitapat.github.GitHubException;
import dev.pitapat.github.GitHubGateway;
import dev.pitapat.github.RepoRef;
import dev.pitapat.gitops.Action;
import dev.pitapat.gitops.Change;
import dev.pitapat.gitops.CommitResult;
import dev.pitapat.gitops.DeploymentCommit;
import dev.pitapat.gitops.GitOpsException;
import dev.pitapat.gitops.GitOpsWriter;
import dev.pitapat.gitops.SourceRef;
import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.Sha;
import dev.pitapat.model.Target;
import dev.pitapat.render.ManifestRenderer;
import dev.pitapat.render.Manifests;
import dev.pitapat.render.RenderSettings;
import dev.pitapat.store.EnvironmentLocks;
import dev.pitapat.store.Lease;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Deploys by committing to the GitOps repository: holds the environment's lease, reads the config (policy
 * from the default branch, app keys at the sha), renders the manifests and commits them to
 * {@code apps/<app>/<env>/} with the DESIGN.md trailers; Argo CD takes it from there. Rollback, promote and
 * abort are not built yet and say so.
 */
@Component
class GitOpsPipeline implements DeployPipeline {

    private static final Logger log = LoggerFactory.getLogger(GitOpsPipeline.class);
    private static final Duration LEASE = Duration.ofMinutes(2);

    private final GitHubGateway github;
    private final GitOpsWriter writer;
    private final EnvironmentLocks locks;
    private final ManifestRenderer renderer;
    private final RenderSettings site;
    private final SecureRandom random = new SecureRandom();
    private final java.time.Clock clock;

    GitOpsPipeline(
            GitHubGateway github,
            GitOpsWriter writer,
            EnvironmentLocks locks,
            SiteProperties site,
            ManifestRenderer renderer,
            java.time.Clock clock) {
        this.clock = clock;
        this.renderer = renderer;
        this.github = github;
        this.writer = writer;
        this.locks = locks;
        this.site = new RenderSettings(
                site.baseDomain(), site.tls().clusterIssuer(), site.tls().wildcardSecret());
    }

    @Override
    public String submit(Request request) {
        boolean deploy = request.kind() == Kind.DEPLOY && request.sha().isPresent();
        boolean undeploy = request.kind() == Kind.UNDEPLOY && request.sha().isPresent();
        if (!deploy && !undeploy && request.kind() != Kind.ROLLBACK) {
            return "not run: " + request.kind().name().toLowerCase(java.util.Locale.ROOT)
                    + " is not available in this version of pitapat yet, so nothing was changed.";
        }
        Target target = request.target();
        try {
            if (deploy && request.dryRun()) {
                return dryRun(request, target, new Sha(request.sha().get()));
            }
            return underLease(request, target);
        } catch (GitOpsException e) {
            log.error("{} of {} failed: {}", request.kind(), target.label(), safe(e));
            return "not done: " + safe(e) + ". Nothing was committed; try again.";
        }
    }

    /** Holds the environment's lease while the commit is made, so writes to one environment never overlap. */
    private String underLease(Request request, Target target) {
        DeploymentId deployment = DeploymentId.random(random);
        Optional<Lease> lease =
                locks.tryAcquire(target.app().value(), target.env().value(), deployment.value(), LEASE);
        if (lease.isEmpty()) {
            return "not run: another deploy to `" + target.env() + "` is in progress; comment again when it has"
                    + " finished.";
        }
        try {
            return switch (request.kind()) {
                case DEPLOY -> deploy(request, target, new Sha(request.sha().orElseThrow()), deployment);
                case UNDEPLOY -> undeploy(request, target, new Sha(request.sha().orElseThrow()), deployment);
                case ROLLBACK -> rollback(request, target, deployment);
                case PROMOTE, ABORT -> throw new IllegalStateException(request.kind() + " has no commit to make");
            };
        } finally {
            locks.release(lease.get());
        }
    }

    private String undeploy(Request request, Target target, Sha sha, DeploymentId deployment) {
        Change change = new Change(
                target,
                Map.of(),
                Action.UNDEPLOY,
                new SourceRef(request.repo(), sha),
                deployment,
                request.requestedBy());
        return switch (writer.commit(change)) {
            case CommitResult.Committed committed ->
                "removed `" + target.label() + "`: GitOps commit `"
                        + committed.commitSha().substring(0, 7) + "`.";
            case CommitResult.AlreadyCommitted already -> "already removed.";
            case CommitResult.Unchanged unchanged -> "`" + target.label() + "` was not deployed; nothing to remove.";
            case CommitResult.Refused refused -> "refused: " + refused.why() + " " + refused.instead();
        };
    }

    /** The manifests for a sha, or why there are none. */
    private sealed interface Rendered {
        record Ready(Manifests manifests) implements Rendered {}

        record NotRun(String why) implements Rendered {}
    }

    private Rendered render(Request request, Target target, Sha sha) {
        RepoRef repo = RepoRef.parse(request.repo());
        ConfigResult config;
        try {
            config = RepoConfigs.resolve(
                    repo.owner(),
                    repo.name(),
                    github.fileAt(request.installationId(), repo, request.defaultBranch(), RepoConfigs.PATH),
                    github.fileAt(request.installationId(), repo, sha.value(), RepoConfigs.PATH));
        } catch (GitHubException e) {
            return new Rendered.NotRun("not run: GitHub could not give `" + RepoConfigs.PATH + "` (" + safe(e) + ").");
        }
        if (config instanceof ConfigResult.Invalid invalid) {
            return new Rendered.NotRun("not run: `" + RepoConfigs.PATH + "` at `"
                    + sha.value().substring(0, 7)
                    + "` breaks: "
                    + invalid.problems().stream()
                            .map(p -> "`" + p.path().replace("`", "'") + "` " + p.problem() + " (" + p.rule() + ")")
                            .collect(Collectors.joining("; "))
                    + ".");
        }
        return new Rendered.Ready(renderer.render(((ConfigResult.Valid) config).config(), target, sha, site));
    }

    /** Renders and answers with the difference from what the environment's folder holds; commits nothing. */
    private String dryRun(Request request, Target target, Sha sha) {
        Manifests manifests;
        switch (render(request, target, sha)) {
            case Rendered.NotRun notRun -> {
                return notRun.why();
            }
            case Rendered.Ready ready -> manifests = ready.manifests();
        }
        Map<String, byte[]> now = writer.history(target, 1).stream()
                .findFirst()
                .flatMap(latest -> writer.treeOf(target, new Sha(latest.commitSha())))
                .orElse(Map.of());
        String diff = ManifestDiff.between(now, manifests.files(), target);
        if (diff.isEmpty()) {
            return "dry run: `" + target.env() + "` already runs exactly these manifests; nothing would be"
                    + " committed.";
        }
        return "dry run, nothing committed: deploying `" + sha.value().substring(0, 7) + "` would change `apps/"
                + target.app() + "/" + target.env() + "/` like this.\n\n" + ManifestDiff.collapsed(diff);
    }

    @Override
    public String history(Target target, int limit) {
        List<DeploymentCommit> deployments = writer.history(target, limit);
        if (deployments.isEmpty()) {
            return "`" + target.env() + "` has no deployment in the GitOps repository yet.";
        }
        StringBuilder text = new StringBuilder("the last " + deployments.size() + " of `" + target.env() + "`:\n");
        for (DeploymentCommit d : deployments) {
            text.append("  - `")
                    .append(d.deployment().value())
                    .append("` ")
                    .append(d.action().word())
                    .append(" of `")
                    .append(d.source().shortText())
                    .append("` by @")
                    .append(d.requestedBy())
                    .append(", ")
                    .append(d.time())
                    .append(" (GitOps `")
                    .append(d.commitSha(), 0, 7)
                    .append("`)\n");
        }
        return text.toString().stripTrailing();
    }

    /**
     * A new commit whose folder equals the chosen deployment's (never a force-push), carrying that
     * deployment's source and a new deployment id; the environment stays pinned to it until {@code /deploy}
     * or {@code /unlock} there.
     */
    private String rollback(Request request, Target target, DeploymentId deployment) {
        List<DeploymentCommit> history = writer.history(target, 50);
        if (history.isEmpty()) {
            return "nothing to roll back: `" + target.env() + "` has no deployment in the GitOps repository.";
        }
        Optional<DeploymentCommit> chosen = request.revision()
                .map(revision -> history.stream()
                        .filter(d -> d.commitSha().startsWith(revision)
                                || d.deployment().value().equals(revision))
                        .findFirst())
                .orElseGet(() -> history.stream()
                        .skip(1)
                        .filter(d -> d.action() != Action.UNDEPLOY)
                        .findFirst());
        if (chosen.isEmpty()) {
            return request.revision()
                    .map(r -> "refused: `" + r.replace("`", "") + "` is not a deployment of `" + target.label()
                            + "`; `/history " + target.env() + "` lists them.")
                    .orElse("nothing to roll back to: `" + target.env() + "` has only one deployment.");
        }
        DeploymentCommit to = chosen.get();
        Map<String, byte[]> files =
                writer.treeOf(target, new Sha(to.commitSha())).orElse(Map.of());
        if (files.isEmpty()) {
            return "refused: deployment `" + to.deployment().value() + "` left `" + target.env()
                    + "` empty; use `/deploy` instead.";
        }
        Change change = new Change(target, files, Action.ROLLBACK, to.source(), deployment, request.requestedBy());
        String answer = switch (writer.commit(change)) {
            case CommitResult.Committed committed ->
                "rolled `" + target.env() + "` back to deployment `"
                        + to.deployment().value() + "` (" + to.source().shortText() + "): GitOps commit `"
                        + committed.commitSha().substring(0, 7) + "`.";
            case CommitResult.AlreadyCommitted already ->
                "already rolled back as GitOps commit `" + already.commitSha().substring(0, 7) + "`.";
            case CommitResult.Unchanged unchanged ->
                "`" + target.env() + "` already runs deployment `"
                        + to.deployment().value() + "`'s manifests; nothing to commit.";
            case CommitResult.Refused refused -> "refused: " + refused.why() + " " + refused.instead();
        };
        locks.pin(
                target.app().value(),
                target.env().value(),
                request.requestedBy(),
                to.deployment().value(),
                clock.instant());
        return answer + " `" + target.env() + "` stays pinned: push-to-deploy skips it until someone comments"
                + " `/deploy` or `/unlock " + target.env() + "` there.";
    }

    private String deploy(Request request, Target target, Sha sha, DeploymentId deployment) {
        RepoRef repo = RepoRef.parse(request.repo());
        Manifests manifests;
        switch (render(request, target, sha)) {
            case Rendered.NotRun notRun -> {
                return notRun.why();
            }
            case Rendered.Ready ready -> manifests = ready.manifests();
        }
        Change change = new Change(
                target,
                manifests.files(),
                Action.DEPLOY,
                new SourceRef(repo.fullName(), sha),
                deployment,
                request.requestedBy());
        CommitResult result = writer.commit(change);
        if (!(result instanceof CommitResult.Refused)) {
            locks.unpin(target.app().value(), target.env().value()); // a deploy ends a rollback's pin
        }
        return switch (result) {
            case CommitResult.Committed committed ->
                "deployed `" + sha.value().substring(0, 7) + "` to `"
                        + target.env() + "`: GitOps commit `"
                        + committed.commitSha().substring(0, 7)
                        + "` (deployment `" + deployment.value() + "`); Argo CD syncs it from there.";
            case CommitResult.AlreadyCommitted already ->
                "already deployed as GitOps commit `" + already.commitSha().substring(0, 7) + "`.";
            case CommitResult.Unchanged unchanged ->
                "`" + target.env() + "` already runs exactly these" + " manifests; nothing to commit.";
            case CommitResult.Refused refused -> "refused: " + refused.why() + " " + refused.instead();
        };
    }

    /** An error's message as one line without credentials (a remote URL may carry a token). */
    private static String safe(RuntimeException e) {
        return dev.pitapat.model.SecretRedactor.redact(String.valueOf(e.getMessage()))
                .replaceAll("\\s+", " ");
    }
}
