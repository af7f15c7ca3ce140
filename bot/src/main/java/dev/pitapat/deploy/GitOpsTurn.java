package dev.pitapat.deploy;

import dev.pitapat.config.ConfigResult;
import dev.pitapat.config.Environment;
import dev.pitapat.config.Promotion;
import dev.pitapat.config.RepoConfig;
import dev.pitapat.config.RepoConfigs;
import dev.pitapat.deploy.Outcome.Failure;
import dev.pitapat.deploy.Outcome.Refusal;
import dev.pitapat.github.GitHubException;
import dev.pitapat.github.GitHubGateway;
import dev.pitapat.gitops.Action;
import dev.pitapat.gitops.Change;
import dev.pitapat.gitops.CommitResult;
import dev.pitapat.gitops.DeploymentCommit;
import dev.pitapat.gitops.GitOpsAccessException;
import dev.pitapat.gitops.GitOpsException;
import dev.pitapat.gitops.GitOpsWriter;
import dev.pitapat.gitops.SourceRef;
import dev.pitapat.model.Permission;
import dev.pitapat.model.Sha;
import dev.pitapat.model.Target;
import dev.pitapat.render.ManifestRenderer;
import dev.pitapat.render.Manifests;
import dev.pitapat.render.RenderSettings;
import dev.pitapat.store.EnvironmentLocks;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request's turn, run with the environment's lease held: the requester is checked again (a commenter's
 * permission, through GitHub), then the environment's freeze (and for a push, a rollback's pin), then the
 * config (policy from the default branch, app keys at the sha), the policy gates ({@code after:},
 * {@code requires:}), and the manifests are rendered and committed to {@code apps/<app>/<env>/} with the
 * DESIGN.md trailers. Each step is told to {@link Steps} as it is done; the end is an {@link Outcome}.
 */
final class GitOpsTurn {

    private static final Logger log = LoggerFactory.getLogger(GitOpsTurn.class);

    /** Told of each step as it is done, so the progress record and its reports follow. */
    interface Steps {
        /**
         * The config has been read: where the app will be reached, and the environment's {@code
         * promotion-timeout} when its promotion is manual.
         */
        void addressed(Progress.Urls urls, Optional<Duration> promotionTimeout);

        /** The application commit being deployed is known (for a rollback, only at its turn). */
        void deploying(Sha sha, boolean earlier);

        void done(Progress.StepName step);

        /**
         * Renews the environment's hold right before a push; false once it lapsed, when another deploy may
         * hold the environment and nothing may be committed.
         */
        boolean stillHeld();
    }

    private final GitHubGateway github;
    private final GitOpsWriter writer;
    private final EnvironmentLocks locks;
    private final ManifestRenderer renderer;
    private final RenderSettings site;
    private final DeployGates gates;
    private final EnvironmentLine line;
    private final Rollbacks rollbacks;
    private final Promotions promotions;
    private final Images images;

    /** How a turn ended: with an outcome, or stopped to wait for the deploy's image out of line. */
    sealed interface Turn {
        record Ended(Outcome outcome) implements Turn {}

        record AwaitsImage(Progress.Building building) implements Turn {}
    }

    GitOpsTurn(
            GitHubGateway github,
            GitOpsWriter writer,
            EnvironmentLocks locks,
            ManifestRenderer renderer,
            RenderSettings site,
            DeployGates gates,
            EnvironmentLine line,
            Rollbacks rollbacks,
            Promotions promotions,
            Images images) {
        this.images = images;
        this.github = github;
        this.writer = writer;
        this.locks = locks;
        this.renderer = renderer;
        this.site = site;
        this.gates = gates;
        this.line = line;
        this.rollbacks = rollbacks;
        this.promotions = promotions;
    }

    /**
     * Runs the request; never throws for a failure of GitHub or the GitOps repository. A rate limit GitHub answers
     * while the turn reads from it (before anything is committed) is waited out, holding the environment, and the
     * turn is run again: a rate limit is not an answer, so it neither fails nor refuses the deploy.
     *
     * @param waited whether it waited for its turn (behind another deploy, or longer than a few seconds): then
     *     the requester's permission and the policy are asked of GitHub again; otherwise what was read when it
     *     was accepted, moments ago, stands
     */
    Turn run(DeployRequest request, Steps steps, boolean waited, Optional<Progress.Building> built) {
        while (true) {
            try {
                return turn(request, steps, waited, built);
            } catch (GitHubException rateLimited) {
                Instant until = rateLimited.notBefore().orElseThrow();
                log.warn(
                        "{} of {} waits for GitHub's rate limit until {} ({}); it goes on then",
                        kind(request),
                        request.ask().target(),
                        until,
                        Failures.safe(rateLimited));
                try {
                    Duration wait = Duration.between(Instant.now(), until).plusMillis(1);
                    if (wait.isPositive()) {
                        Thread.sleep(wait);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new Turn.Ended(new Outcome.Failed(new Failure.GitHubUnavailable(rateLimited.operation())));
                }
            }
        }
    }

    /** One run of the turn; throws only a rate-limited {@link GitHubException}. */
    private Turn turn(DeployRequest request, Steps steps, boolean waited, Optional<Progress.Building> built) {
        Target target = request.ask().target();
        try {
            Optional<Refusal> again = waited ? requesterAgain(request) : Optional.empty();
            if (again.isPresent()) {
                return new Turn.Ended(new Outcome.Refused(again.get()));
            }
            Optional<Outcome> held = line.heldBack(request);
            if (held.isPresent()) {
                return new Turn.Ended(held.get());
            }
            return switch (request) {
                case DeployRequest.Deploy deploy -> deploy(deploy, steps, waited, built);
                case DeployRequest.Rollback rollback -> new Turn.Ended(rollbacks.rollback(rollback, steps));
                case DeployRequest.Undeploy undeploy -> new Turn.Ended(undeploy(undeploy, steps));
                case DeployRequest.Promote promote -> new Turn.Ended(promotions.promote(promote));
                case DeployRequest.Abort abort -> new Turn.Ended(promotions.abort(abort, steps));
            };
        } catch (GitOpsAccessException e) {
            log.error("{} of {} refused by the GitOps repository: {}", kind(request), target, Failures.safe(e));
            return new Turn.Ended(new Outcome.Failed(new Failure.GitOpsAccess(Failures.safe(e))));
        } catch (GitOpsException e) {
            log.error("{} of {} failed: {}", kind(request), target, Failures.safe(e));
            return new Turn.Ended(new Outcome.Failed(new Failure.GitOps(Failures.safe(e), e.retryHelps())));
        } catch (GitHubException e) {
            if (e.notBefore().isPresent()) {
                throw e;
            }
            log.warn("{} of {} stopped: {}", kind(request), target, Failures.safe(e));
            return new Turn.Ended(new Outcome.Failed(new Failure.GitHubUnavailable(e.operation())));
        }
    }

    /**
     * A command's requester is asked again when its turn comes: their permission now, from GitHub (not a
     * cache). Automation has nobody to ask.
     */
    private Optional<Refusal> requesterAgain(DeployRequest request) {
        if (!(request.ask().origin() instanceof DeployRequest.Origin.Command command)) {
            return Optional.empty();
        }
        DeployRequest.Ask ask = request.ask();
        Permission now;
        try {
            now = github.permissionOf(ask.installationId(), ask.repo(), command.login());
        } catch (GitHubException e) {
            if (e.notBefore().isPresent()) {
                throw e; // not an answer: asked again once the limit has passed
            }
            return Optional.of(new Refusal.PermissionUnknown(command.login()));
        }
        if (now.atLeast(command.needed())) {
            return Optional.empty();
        }
        return Optional.of(new Refusal.PermissionLost(command.login(), command.needed(), now));
    }

    /**
     * The config for a sha (policy from the default branch, app keys at the sha), or why there is none. A policy
     * read at acceptance is used when given; a file read at the sha itself serves for the app keys too.
     */
    Configured configure(DeployRequest.Ask ask, Sha sha, Optional<DeployRequest.PolicyRead> read) {
        Optional<String> policy = read.isPresent()
                ? read.get().file()
                : github.fileAt(ask.installationId(), ask.repo(), ask.defaultBranch(), RepoConfigs.PATH);
        Optional<String> appKeys = read.filter(r -> r.ref().equals(sha.value())).isPresent()
                ? policy
                : github.fileAt(ask.installationId(), ask.repo(), sha.value(), RepoConfigs.PATH);
        ConfigResult config = RepoConfigs.resolve(ask.repo().owner(), ask.repo().name(), policy, appKeys);
        return switch (config) {
            case ConfigResult.Valid valid -> new Configured.Ready(valid.config());
            case ConfigResult.Invalid invalid ->
                new Configured.NotRun(new Refusal.InvalidConfig(sha, invalid.problems()));
        };
    }

    /** The config of a deploy, or the refusal of an invalid one. */
    sealed interface Configured {
        record Ready(RepoConfig config) implements Configured {}

        record NotRun(Refusal refusal) implements Configured {}
    }

    Progress.Urls urlsOf(RepoConfig config, Target target) {
        // host names the renderer checked (DNS-1123), so the URIs are well-formed
        return new Progress.Urls(
                URI.create("https://" + ManifestRenderer.hostOf(config, target, site)),
                URI.create("https://" + ManifestRenderer.previewHostOf(target, site)));
    }

    /** The deployment the environment's folder holds now, as its newest GitOps commit says. */
    Optional<DeploymentCommit> latestIn(Target target) {
        return writer.history(target, 1).stream().findFirst();
    }

    private Turn deploy(DeployRequest.Deploy request, Steps steps, boolean waited, Optional<Progress.Building> built) {
        Target target = request.ask().target();
        Sha sha = request.sha();
        RepoConfig config;
        switch (configure(request.ask(), sha, waited ? Optional.empty() : request.policy())) {
            case Configured.NotRun notRun -> {
                return new Turn.Ended(new Outcome.Refused(notRun.refusal()));
            }
            case Configured.Ready ready -> config = ready.config();
        }
        Environment settings = settingsOf(config, target);
        steps.addressed(
                urlsOf(config, target),
                settings.promotion() == Promotion.MANUAL ? settings.promotionTimeout() : Optional.empty());
        steps.deploying(sha, !writer.history(target, 1).isEmpty());
        Optional<Refusal> gate = gates.refusal(request.ask(), sha, settings);
        if (gate.isPresent()) {
            return new Turn.Ended(new Outcome.Refused(gate.get()));
        }
        switch (images.of(request, config, built)) {
            case Images.Image.Awaited awaited -> {
                return new Turn.AwaitsImage(awaited.building());
            }
            case Images.Image.Never never -> {
                return new Turn.Ended(never.outcome());
            }
            case Images.Image.There there -> {
                if (there.made()) {
                    steps.done(Progress.StepName.BUILT);
                }
            }
        }
        return new Turn.Ended(render(request, config, steps));
    }

    private Outcome render(DeployRequest.Deploy request, RepoConfig config, Steps steps) {
        Target target = request.ask().target();
        Sha sha = request.sha();
        Manifests manifests = renderer.render(config, target, sha, site);
        steps.done(Progress.StepName.RENDERED);
        Change change = new Change(
                target,
                manifests.files(),
                Action.DEPLOY,
                new SourceRef(request.ask().repo().fullName(), sha),
                request.ask().id(),
                request.ask().requestedBy());
        CommitResult result = writer.commit(change, steps::stillHeld);
        if (result instanceof CommitResult.NotHeld) {
            return new Outcome.Failed(new Failure.LeaseLapsed());
        }
        if (!(result instanceof CommitResult.Refused)) {
            locks.unpin(target); // a deploy ends a rollback's pin
        }
        return switch (result) {
            case CommitResult.Committed committed -> {
                steps.done(Progress.StepName.COMMITTED);
                yield new Outcome.Committed(new Sha(committed.commitSha()), sha, Optional.empty(), false);
            }
            case CommitResult.AlreadyCommitted already -> {
                steps.done(Progress.StepName.COMMITTED);
                yield new Outcome.Committed(new Sha(already.commitSha()), sha, Optional.empty(), true);
            }
            case CommitResult.Unchanged unchanged -> new Outcome.Unchanged(sha, Optional.empty());
            case CommitResult.Refused refused ->
                new Outcome.Refused(new Refusal.GitOpsRule(refused.rule(), refused.why(), refused.instead()));
            case CommitResult.NotHeld notHeld -> new Outcome.Failed(new Failure.LeaseLapsed());
        };
    }

    private Outcome undeploy(DeployRequest.Undeploy request, Steps steps) {
        Change change = new Change(
                request.ask().target(),
                Map.of(),
                Action.UNDEPLOY,
                new SourceRef(request.ask().repo().fullName(), request.sha()),
                request.ask().id(),
                request.ask().requestedBy());
        return switch (writer.commit(change, steps::stillHeld)) {
            case CommitResult.Committed committed -> new Outcome.Removed(Optional.of(new Sha(committed.commitSha())));
            case CommitResult.AlreadyCommitted already ->
                new Outcome.Removed(Optional.of(new Sha(already.commitSha())));
            case CommitResult.Unchanged unchanged -> new Outcome.Removed(Optional.empty());
            case CommitResult.NotHeld notHeld -> new Outcome.Failed(new Failure.LeaseLapsed());
            case CommitResult.Refused refused ->
                new Outcome.Refused(new Refusal.GitOpsRule(refused.rule(), refused.why(), refused.instead()));
        };
    }

    /** The environment's settings; a preview environment ({@code pr-<n>}) has the defaults. */
    private static Environment settingsOf(RepoConfig config, Target target) {
        return config.environments().getOrDefault(target.env(), Environment.DEFAULT);
    }

    private static String kind(DeployRequest request) {
        return request.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }
}
