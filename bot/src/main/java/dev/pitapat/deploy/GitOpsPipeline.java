package dev.pitapat.deploy;

import dev.pitapat.config.ConfigResult;
import dev.pitapat.config.Environment;
import dev.pitapat.config.RepoConfig;
import dev.pitapat.config.RepoConfigs;
import dev.pitapat.github.GitHubException;
import dev.pitapat.github.GitHubGateway;
import dev.pitapat.github.GitHubProperties;
import dev.pitapat.gitops.Action;
import dev.pitapat.gitops.Change;
import dev.pitapat.gitops.CommitResult;
import dev.pitapat.gitops.DeploymentCommit;
import dev.pitapat.gitops.GitOpsAccessException;
import dev.pitapat.gitops.GitOpsException;
import dev.pitapat.gitops.GitOpsWriter;
import dev.pitapat.gitops.SourceRef;
import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.RepoRef;
import dev.pitapat.model.Sha;
import dev.pitapat.model.Target;
import dev.pitapat.render.ManifestRenderer;
import dev.pitapat.render.Manifests;
import dev.pitapat.render.RenderSettings;
import dev.pitapat.store.EnvironmentLocks;
import dev.pitapat.store.Lease;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Deploys by committing to the GitOps repository. A request takes the environment's lease, or waits in its
 * line (the requester is told its place) until its turn; then the requester is asked again whether they may
 * run it, the environment's freeze (and, for a push, a rollback's pin) is checked, the config is read (policy
 * from the default branch, app keys at the sha), the policy gates ({@code after:}, {@code requires:}) are
 * checked, and the manifests are rendered and committed to {@code apps/<app>/<env>/} with the DESIGN.md
 * trailers; Argo CD takes it from there. Promote and abort need the cluster and say they are not available.
 */
@Component
class GitOpsPipeline implements DeployPipeline {

    private static final Logger log = LoggerFactory.getLogger(GitOpsPipeline.class);

    private final GitHubGateway github;
    private final GitOpsWriter writer;
    private final EnvironmentLocks locks;
    private final ManifestRenderer renderer;
    private final RenderSettings site;
    private final DeployGates gates;
    private final DeployProperties waiting;
    private final EnvironmentLine line;
    private final Rollbacks rollbacks;

    GitOpsPipeline(
            GitHubGateway github,
            GitHubProperties app,
            GitOpsWriter writer,
            EnvironmentLocks locks,
            SiteProperties site,
            DeployProperties waiting,
            ManifestRenderer renderer,
            Clock clock) {
        this.renderer = renderer;
        this.github = github;
        this.writer = writer;
        this.locks = locks;
        this.waiting = waiting;
        this.line = new EnvironmentLine(locks, waiting, clock);
        this.rollbacks = new Rollbacks(writer, locks, clock);
        this.site = new RenderSettings(
                site.baseDomain(), site.tls().clusterIssuer(), site.tls().wildcardSecret());
        this.gates = new DeployGates(
                github, writer, app.appId().map(OptionalLong::of).orElseGet(OptionalLong::empty));
    }

    @Override
    public Outcome submit(Request request, Requester requester) {
        boolean deploy = request.kind() == Kind.DEPLOY && request.sha().isPresent();
        boolean undeploy = request.kind() == Kind.UNDEPLOY && request.sha().isPresent();
        if (!deploy && !undeploy && request.kind() != Kind.ROLLBACK) {
            return Outcome.of(
                    Status.REFUSED,
                    "not run: " + request.kind().name().toLowerCase(Locale.ROOT)
                            + " is not available in this version of pitapat yet, so nothing was changed.");
        }
        Target target = request.target();
        try {
            if (deploy && request.dryRun()) {
                return dryRun(request, target, new Sha(request.sha().get()));
            }
            return inTurn(request, requester, target);
        } catch (GitOpsAccessException e) {
            log.error("{} of {} refused by the GitOps repository: {}", request.kind(), target.label(), safe(e));
            return Outcome.of(
                    Status.FAILED,
                    "not done: the GitOps repository refused pitapat (" + safe(e) + "). Nothing was committed;"
                            + " trying again will not help until whoever runs pitapat fixes that.");
        } catch (GitOpsException e) {
            log.error("{} of {} failed: {}", request.kind(), target.label(), safe(e));
            return Outcome.of(Status.FAILED, "not done: " + safe(e) + ". Nothing was committed; try again.");
        } catch (GitHubException e) {
            log.warn("{} of {} stopped: {}", request.kind(), target.label(), safe(e));
            return Outcome.of(
                    Status.FAILED,
                    "not done: GitHub could not answer while " + e.operation() + ". Nothing was committed; try"
                            + " again in a minute.");
        }
    }

    /**
     * Runs the request when its turn comes: with the environment's lease held, so writes to one environment
     * never overlap.
     */
    private Outcome inTurn(Request request, Requester requester, Target target) {
        DeploymentId deployment = request.deployment();
        String holder = "`" + deployment.value() + "` (" + request.kind().name().toLowerCase(Locale.ROOT) + " by `@"
                + request.requestedBy() + "`)";
        Optional<Lease> lease = line.awaitTurn(target, holder, requester);
        if (lease.isEmpty()) {
            return Outcome.of(
                    Status.FAILED,
                    "not run: `" + target.env() + "` stayed busy for "
                            + waiting.maxWait().toMinutes()
                            + " minutes (`pitapat.deploy.max-wait`), so this gave up waiting; nothing was"
                            + " changed. Comment again when the deploy there has finished.");
        }
        try {
            Optional<String> refusal = requester.refusalAtTurn();
            if (refusal.isPresent()) {
                return Outcome.of(Status.REFUSED, refusal.get());
            }
            Optional<String> held = line.heldBack(request, target);
            if (held.isPresent()) {
                return Outcome.of(request.origin() == Origin.PUSH ? Status.SKIPPED : Status.REFUSED, held.get());
            }
            return switch (request.kind()) {
                case DEPLOY -> deploy(request, target, new Sha(request.sha().orElseThrow()), deployment, lease.get());
                case UNDEPLOY -> undeploy(request, target, new Sha(request.sha().orElseThrow()), deployment);
                case ROLLBACK -> rollbacks.rollback(request, target, deployment);
                case PROMOTE, ABORT -> throw new IllegalStateException(request.kind() + " has no commit to make");
            };
        } finally {
            line.release(lease.get());
        }
    }

    private Outcome undeploy(Request request, Target target, Sha sha, DeploymentId deployment) {
        Change change = new Change(
                target,
                Map.of(),
                Action.UNDEPLOY,
                new SourceRef(request.repo(), sha),
                deployment,
                request.requestedBy());
        return switch (writer.commit(change)) {
            case CommitResult.Committed committed ->
                new Outcome(
                        Status.DONE,
                        "removed `" + target.label() + "`: GitOps commit `" + shortCommit(committed.commitSha()) + "`.",
                        Optional.of(committed.commitSha()),
                        Optional.empty());
            case CommitResult.AlreadyCommitted already -> Outcome.of(Status.UNCHANGED, "already removed.");
            case CommitResult.Unchanged unchanged ->
                Outcome.of(Status.UNCHANGED, "`" + target.label() + "` was not deployed; nothing to remove.");
            case CommitResult.Refused refused ->
                Outcome.of(Status.REFUSED, "refused: " + refused.why() + " " + refused.instead());
        };
    }

    /** The config for a sha (policy from the default branch, app keys at the sha), or why there is none. */
    private sealed interface Configured {
        record Ready(RepoConfig config) implements Configured {}

        record NotRun(String why) implements Configured {}
    }

    private Configured configure(Request request, Sha sha) {
        RepoRef repo = RepoRef.parse(request.repo());
        ConfigResult config = RepoConfigs.resolve(
                repo.owner(),
                repo.name(),
                github.fileAt(request.installationId(), repo, request.defaultBranch(), RepoConfigs.PATH),
                github.fileAt(request.installationId(), repo, sha.value(), RepoConfigs.PATH));
        return switch (config) {
            case ConfigResult.Valid valid -> new Configured.Ready(valid.config());
            case ConfigResult.Invalid invalid ->
                new Configured.NotRun(
                        "not run: `" + RepoConfigs.PATH + "` at `" + sha.value().substring(0, 7)
                                + "` (the app keys come from the deployed commit, the rest from the default branch) breaks"
                                + " these rules, so nothing was deployed:\n"
                                + invalid.problems().stream()
                                        .map(p -> "  - " + p.asMarkdown())
                                        .collect(Collectors.joining("\n")));
        };
    }

    /** The environment's settings; a preview environment ({@code pr-<n>}) has the defaults. */
    private static Environment settingsOf(RepoConfig config, Target target) {
        return config.environments().getOrDefault(target.env(), Environment.DEFAULT);
    }

    private String urlOf(RepoConfig config, Target target) {
        return "https://" + ManifestRenderer.hostOf(config, target, site);
    }

    /** Renders and answers with the difference from what the environment's folder holds; commits nothing. */
    private Outcome dryRun(Request request, Target target, Sha sha) {
        RepoConfig config;
        switch (configure(request, sha)) {
            case Configured.NotRun notRun -> {
                return Outcome.of(Status.REFUSED, notRun.why());
            }
            case Configured.Ready ready -> config = ready.config();
        }
        Manifests manifests = renderer.render(config, target, sha, site);
        Map<String, byte[]> now = writer.history(target, 1).stream()
                .findFirst()
                .flatMap(latest -> writer.treeOf(target, new Sha(latest.commitSha())))
                .orElse(Map.of());
        String diff = ManifestDiff.between(now, manifests.files(), target);
        if (diff.isEmpty()) {
            return Outcome.of(
                    Status.UNCHANGED,
                    "dry run: `" + target.env() + "` already runs exactly these manifests; nothing would be"
                            + " committed.");
        }
        return Outcome.of(
                Status.DONE,
                "dry run, nothing committed: deploying `" + sha.value().substring(0, 7) + "` would change `apps/"
                        + target.app() + "/" + target.env() + "/` like this.\n\n" + ManifestDiff.collapsed(diff));
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

    private Outcome deploy(Request request, Target target, Sha sha, DeploymentId deployment, Lease lease) {
        RepoConfig config;
        switch (configure(request, sha)) {
            case Configured.NotRun notRun -> {
                return Outcome.of(Status.REFUSED, notRun.why());
            }
            case Configured.Ready ready -> config = ready.config();
        }
        Optional<String> gate = gates.refusal(request, target, sha, settingsOf(config, target));
        if (gate.isPresent()) {
            return Outcome.of(Status.REFUSED, gate.get());
        }
        Manifests manifests = renderer.render(config, target, sha, site);
        if (!line.renew(lease)) {
            return Outcome.of(
                    Status.FAILED,
                    "not done: the hold on `" + target.env() + "` lapsed while GitHub was answering, and another"
                            + " deploy may have started there. Nothing was committed; comment again.");
        }
        Change change = new Change(
                target,
                manifests.files(),
                Action.DEPLOY,
                new SourceRef(RepoRef.parse(request.repo()).fullName(), sha),
                deployment,
                request.requestedBy());
        CommitResult result = writer.commit(change);
        if (!(result instanceof CommitResult.Refused)) {
            locks.unpin(target.app().value(), target.env().value()); // a deploy ends a rollback's pin
        }
        Optional<String> url = Optional.of(urlOf(config, target));
        return switch (result) {
            case CommitResult.Committed committed ->
                new Outcome(
                        Status.DONE,
                        "deployed `" + sha.value().substring(0, 7) + "` to `" + target.env() + "`: GitOps commit `"
                                + shortCommit(committed.commitSha()) + "` (deployment `" + deployment.value()
                                + "`); Argo CD syncs it to " + url.get() + " from there.",
                        Optional.of(committed.commitSha()),
                        url);
            case CommitResult.AlreadyCommitted already ->
                new Outcome(
                        Status.UNCHANGED,
                        "already deployed as GitOps commit `" + shortCommit(already.commitSha()) + "`; " + url.get()
                                + ".",
                        Optional.of(already.commitSha()),
                        url);
            case CommitResult.Unchanged unchanged ->
                new Outcome(
                        Status.UNCHANGED,
                        "`" + target.env() + "` already runs exactly these manifests; nothing to commit. It is at "
                                + url.get() + ".",
                        Optional.empty(),
                        url);
            case CommitResult.Refused refused ->
                Outcome.of(Status.REFUSED, "refused: " + refused.why() + " " + refused.instead());
        };
    }

    static String shortCommit(String commitSha) {
        return commitSha.substring(0, 7);
    }

    /** An error's message as one line without credentials (a remote URL may carry a token). */
    private static String safe(RuntimeException e) {
        return dev.pitapat.model.SecretRedactor.redact(String.valueOf(e.getMessage()))
                .replaceAll("\\s+", " ");
    }
}
