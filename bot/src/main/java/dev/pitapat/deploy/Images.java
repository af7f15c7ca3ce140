package dev.pitapat.deploy;

import dev.pitapat.config.Build;
import dev.pitapat.config.RepoConfig;
import dev.pitapat.deploy.Outcome.Failure;
import dev.pitapat.deploy.Outcome.Refusal;
import dev.pitapat.github.CheckRunUpdate;
import dev.pitapat.github.CommitCheck;
import dev.pitapat.github.GitHubException;
import dev.pitapat.github.GitHubGateway;
import dev.pitapat.kube.BuildOrder;
import dev.pitapat.kube.BuildProperties;
import dev.pitapat.kube.BuildState;
import dev.pitapat.kube.Builds;
import dev.pitapat.kube.ClusterException;
import dev.pitapat.model.Sha;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a deploy needs before it renders: its image, {@code <image>:<sha>} (DESIGN.md section 6). With {@code build:
 * external} and no {@code build-check} it is taken to exist; with a {@code build-check} the deploy waits for that
 * check on the sha; with {@code build: argo-workflows} pitapat builds it (one Workflow per repository and sha) and
 * the deploy waits for the build. Waiting is never done here: the turn ends, the record waits out of line, and the
 * runner brings it back when the build or the check has finished.
 */
final class Images {

    private static final Logger log = LoggerFactory.getLogger(Images.class);

    private final GitHubGateway github;
    private final GitHubLinks links;
    private final Builds builds;
    private final BuildProperties settings;
    private final Clock clock;
    /** What this replica last reported of each build, so that each change is reported once. */
    private final java.util.Map<String, BuildState> reported = new java.util.concurrent.ConcurrentHashMap<>();

    Images(GitHubGateway github, GitHubLinks links, Builds builds, BuildProperties settings, Clock clock) {
        this.github = github;
        this.links = links;
        this.builds = builds;
        this.settings = settings;
        this.clock = clock;
    }

    /** Whether the image is there, or what the deploy waits for, or why it cannot have one. */
    sealed interface Image {
        /** It is there; {@code made} when a build or a check made it (the deploy then did the step "built"). */
        record There(boolean made) implements Image {}

        /** Not yet: the deploy waits for this. */
        record Awaited(Progress.Building building) implements Image {}

        /** It will not be there: the deploy ends so. */
        record Never(Outcome outcome) implements Image {}
    }

    /**
     * The image of {@code request} as {@code config} says it is made. {@code waited} is the build the record
     * already waited for, if it did: a build that failed then fails the deploy, while a new deploy of a sha whose
     * build failed builds it again.
     */
    Image of(DeployRequest.Deploy request, RepoConfig config, Optional<Progress.Building> waited) {
        return switch (config.build()) {
            case Build.External external when external.check().isEmpty() -> new Image.There(false);
            case Build.External external -> check(request, external.check().get(), waited);
            case Build.ArgoWorkflows argo -> build(request, config, waited);
        };
    }

    /** Whether a build can be made here at all, without asking anyone: empty when it can. */
    private Optional<Refusal> unbuildable() {
        if (!builds.available()) {
            return Optional.of(new Refusal.NoBuilder(Refusal.BuilderMissing.CLUSTER));
        }
        if (settings.registrySecret().isEmpty()) {
            return Optional.of(new Refusal.NoBuilder(Refusal.BuilderMissing.REGISTRY_SECRET));
        }
        return Optional.empty();
    }

    /** Watches the builds (when images can be built here at all): {@code changed} runs when one moves on. */
    dev.pitapat.kube.Cluster.Watch watch(Runnable changed) {
        return builds.watch(name -> changed.run());
    }

    /** The state of a build, as the watch has it (for the runner's look at a waiting record). */
    Optional<BuildState> buildState(String name) {
        return builds.state(name);
    }

    private Image check(DeployRequest.Deploy request, String name, Optional<Progress.Building> waited) {
        DeployRequest.Ask ask = request.ask();
        List<CommitCheck> named = github
                .checksOf(ask.installationId(), ask.repo(), request.sha().value())
                .stream()
                .filter(check -> check.name().equals(name))
                .toList();
        if (named.stream().anyMatch(check -> check.result() == CommitCheck.Result.PASSED)) {
            return new Image.There(true);
        }
        Optional<CommitCheck> pending = named.stream()
                .filter(check -> check.result() == CommitCheck.Result.PENDING)
                .findFirst();
        if (named.isEmpty() || pending.isPresent()) {
            String word = pending.map(CommitCheck::detail).orElse("not reported yet");
            return new Image.Awaited(
                    waiting(Progress.Building.Kind.CHECK, name, waited, Optional.empty(), word, Optional.empty()));
        }
        CommitCheck failed = named.getFirst();
        return new Image.Never(new Outcome.Failed(
                new Failure.BuildFailed(Progress.Building.Kind.CHECK, name, failed.detail(), Optional.empty())));
    }

    private Image build(DeployRequest.Deploy request, RepoConfig config, Optional<Progress.Building> waited) {
        Optional<Refusal> refusal = unbuildable();
        if (refusal.isPresent()) {
            return new Image.Never(new Outcome.Refused(refusal.get()));
        }
        DeployRequest.Ask ask = request.ask();
        Sha sha = request.sha();
        String name = BuildOrder.nameOf(ask.repo(), sha);
        try {
            Optional<BuildState> latest = builds.latest(name);
            // a failed attempt fails the deploy that waited for it; a new deploy of the sha builds it again
            boolean again = latest.filter(BuildState::failed).isPresent()
                    && waited.filter(w -> w.name().equals(latest.get().name())).isEmpty();
            Optional<BuildState> state = latest;
            if (state.isEmpty() || again) {
                String token = github.cloneToken(ask.installationId(), ask.repo());
                BuildOrder order = new BuildOrder(
                        ask.repo(),
                        sha,
                        URI.create(links.repository(ask.repo().fullName()) + ".git"),
                        config.image(),
                        token,
                        settings.registrySecret().orElseThrow(),
                        buildCheckRun(ask, sha, BuildOrder.tagged(config.image(), sha)));
                state = Optional.of(builds.start(order));
                log.info(
                        "Building {} for {} of {} (Workflow {})",
                        BuildOrder.tagged(config.image(), sha),
                        ask.id().value(),
                        ask.target(),
                        state.get().name());
            }
            BuildState now = state.get();
            Optional<URI> logs = settings.logsOf(now.name());
            if (now.phase() == BuildState.Phase.SUCCEEDED) {
                return new Image.There(true);
            }
            if (now.failed()) {
                return new Image.Never(new Outcome.Failed(
                        new Failure.BuildFailed(Progress.Building.Kind.BUILD, now.name(), now.message(), logs)));
            }
            return new Image.Awaited(
                    waiting(Progress.Building.Kind.BUILD, now.name(), waited, now.progress(), now.message(), logs));
        } catch (ClusterException e) {
            log.warn(
                    "{} of {}: its build could not be started or read: {}",
                    ask.id().value(),
                    ask.target(),
                    e.getMessage());
            return new Image.Never(new Outcome.Failed(new Failure.Cluster(e.getMessage())));
        }
    }

    /** The name of the check run that reports pitapat's builds on a sha. */
    static final String CHECK_RUN = "build";

    /**
     * The {@code build} check run of a new build, queued: its id goes onto the Workflow. A check run GitHub refuses
     * never stops the build (empty, and the build goes unreported).
     */
    private Optional<Long> buildCheckRun(DeployRequest.Ask ask, Sha sha, String image) {
        try {
            return Optional.of(github.createCheckRun(
                            ask.installationId(),
                            ask.repo(),
                            CheckRunUpdate.queued(CHECK_RUN, sha.value())
                                    .withOutput(new CheckRunUpdate.Output(
                                            Words.buildStartedTitle(image),
                                            Words.buildStartedSummary(image),
                                            Optional.empty())))
                    .id());
        } catch (GitHubException e) {
            log.warn(
                    "The build check run of {} could not be made ({}); the build goes on",
                    sha.abbreviated(),
                    Failures.safe(e));
            return Optional.empty();
        }
    }

    /**
     * Moves the {@code build} check run on to what {@code state} shows: in progress (with Argo's progress), or
     * completed as a success, or a failure with Argo's message, with the logs as its details. Never throws: a report
     * GitHub refuses is logged.
     */
    void reportBuild(DeployRequest.Ask ask, Sha sha, BuildState state) {
        if (state.checkRun().isEmpty() || state.equals(reported.put(state.name(), state))) {
            return; // unreported, or reported so already by this replica
        }
        if (reported.size() > 10_000) {
            reported.clear();
        }
        CheckRunUpdate update = switch (state.phase()) {
            case PENDING -> CheckRunUpdate.queued(CHECK_RUN, sha.value());
            case RUNNING -> CheckRunUpdate.inProgress(CHECK_RUN, sha.value());
            case SUCCEEDED -> CheckRunUpdate.completed(CHECK_RUN, sha.value(), CheckRunUpdate.Conclusion.SUCCESS);
            case FAILED, ERROR -> CheckRunUpdate.completed(CHECK_RUN, sha.value(), CheckRunUpdate.Conclusion.FAILURE);
        };
        Optional<URI> logs = settings.logsOf(state.name());
        update = update.withOutput(new CheckRunUpdate.Output(
                Words.buildTitle(state), Words.buildSummary(state, settings.namespace(), logs), Optional.empty()));
        if (logs.isPresent()) {
            update = update.withDetailsUrl(logs.get());
        }
        try {
            github.updateCheckRun(
                    ask.installationId(), ask.repo(), state.checkRun().get(), update);
        } catch (GitHubException e) {
            log.warn("The build check run of {} could not be updated ({})", sha.abbreviated(), Failures.safe(e));
        }
    }

    private Progress.Building waiting(
            Progress.Building.Kind kind,
            String name,
            Optional<Progress.Building> waited,
            Optional<String> progress,
            String word,
            Optional<URI> logs) {
        Instant now = clock.instant();
        Instant since = waited.filter(w -> w.kind() == kind && w.name().equals(name))
                .map(Progress.Building::since)
                .orElse(now);
        return new Progress.Building(kind, name, since, progress, word, logs, now);
    }
}
