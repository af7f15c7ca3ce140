package dev.pitapat.deploy;

import dev.pitapat.github.DeploymentStatus;
import dev.pitapat.github.DeploymentStatus.State;
import dev.pitapat.github.GitHubGateway;
import dev.pitapat.github.NewDeployment;
import dev.pitapat.model.Sha;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * The GitHub Deployment of a deploy or rollback (a rollback is a Deployment of the restored sha): created
 * {@code queued} once its sha is known, {@code in_progress} at its turn, then {@code success} (with the app URL
 * and the check run as log; the description says the rollout is not followed), {@code failure} (refused) or
 * {@code error} (failed). When one succeeds, the environment's previous successful one is set {@code inactive}
 * by pitapat (GitHub never does that for production ones); removing a closed pull request's preview sets its
 * last one {@code inactive}. Previews ({@code pr-<n>}) are transient environments.
 */
final class DeploymentReport implements Reporter {

    private final GitHubGateway github;
    private final ProgressRecords records;

    DeploymentReport(GitHubGateway github, ProgressRecords records) {
        this.github = github;
        this.records = records;
    }

    @Override
    public Progress report(Progress before, Progress now) {
        DeployRequest.Ask ask = now.request().ask();
        if (now.request() instanceof DeployRequest.Undeploy) {
            if (now.finished() && !before.finished() && now.outcome().get() instanceof Outcome.Removed) {
                records.lastSucceeded(ask.repo(), ask.target(), ask.id())
                        .flatMap(last -> last.reports().deployment())
                        .ifPresent(id -> post(
                                now,
                                id,
                                DeploymentStatus.of(State.INACTIVE)
                                        .withDescription("Preview removed: pull request #"
                                                + ask.origin().pullRequest().orElse(0) + " was closed.")));
            }
            return now;
        }
        if (!(now.request() instanceof DeployRequest.Deploy)
                && !(now.request() instanceof DeployRequest.Rollback)
                && !(now.request() instanceof DeployRequest.Abort)) {
            return now;
        }
        if (now.sha().filter(Sha::isFull).isEmpty()) {
            return now;
        }
        Progress reported = now;
        if (now.reports().deployment().isEmpty()) {
            boolean preview = ask.target().env().value().startsWith("pr-")
                    && ask.origin().pullRequest().isPresent();
            long id = github.createDeployment(
                            ask.installationId(),
                            ask.repo(),
                            new NewDeployment(
                                    now.sha().get().value(),
                                    ask.target().env().value(),
                                    Words.capitalized(Words.verb(now.request())) + " "
                                            + ask.id().value() + " by @" + ask.requestedBy(),
                                    preview,
                                    ask.production(),
                                    Map.of(
                                            "deployment",
                                            ask.id().value(),
                                            "app",
                                            ask.target().app().value())))
                    .id();
            reported = now.withReports(now.reports().withDeployment(id));
            post(reported, id, DeploymentStatus.of(State.QUEUED).withDescription(Words.capitalized(Words.state(now))));
        }
        long id = reported.reports().deployment().get();
        if (now.stage() == Progress.Stage.BUILDING && before.stage() != Progress.Stage.BUILDING) {
            post(
                    reported,
                    id,
                    DeploymentStatus.of(State.IN_PROGRESS).withDescription(Words.capitalized(Words.state(now))));
        }
        if (now.stage() == Progress.Stage.RUNNING && before.stage() != Progress.Stage.RUNNING) {
            post(reported, id, DeploymentStatus.of(State.IN_PROGRESS).withDescription("Rendering and committing"));
        }
        if (now.stage() == Progress.Stage.FOLLOWING
                && (before.stage() != Progress.Stage.FOLLOWING
                        || before.steps().size() != now.steps().size())) {
            post(reported, id, DeploymentStatus.of(State.IN_PROGRESS).withDescription(following(reported)));
        }
        if (now.finished() && !before.finished()) {
            finish(reported, id);
        }
        return reported;
    }

    /** A followed deploy's step, as a Deployment's description says it (at most 140 characters). */
    private static String following(Progress progress) {
        Following f = progress.following().orElseThrow();
        if (f.awaitingPromotion()) {
            return "Awaiting promotion"
                    + progress.urls().map(u -> ": preview at " + u.preview()).orElse("");
        }
        if (f.promoted().isPresent()) {
            return "Promoted by " + f.promoted().get().who() + " at "
                    + Words.time(f.promoted().get().at())
                    + "; waiting for healthy";
        }
        if (progress.did(Progress.StepName.SYNCED)) {
            return "Synced by Argo CD; waiting for the rollout to become healthy";
        }
        return "Committed as GitOps " + f.commit().abbreviated() + "; waiting for Argo CD to sync";
    }

    private void finish(Progress progress, long id) {
        Outcome outcome = progress.outcome().orElseThrow();
        DeployRequest.Ask ask = progress.request().ask();
        Optional<Following.End> end = progress.following().flatMap(Following::end);
        DeploymentStatus status = end.isPresent()
                ? ended(progress, end.get())
                : switch (outcome) {
                    case Outcome.Promoted p -> DeploymentStatus.of(State.INACTIVE);
                    case Outcome.Committed c ->
                        success(progress)
                                .withDescription(
                                        "Committed as GitOps " + c.commit().abbreviated()
                                                + "; the rollout is not followed (no cluster configured).");
                    case Outcome.Unchanged u ->
                        success(progress)
                                .withDescription("Already runs these manifests; the rollout is not followed"
                                        + " (no cluster configured).");
                    case Outcome.Refused r ->
                        DeploymentStatus.of(State.FAILURE)
                                .withDescription("Refused: " + r.refusal().rule());
                    case Outcome.Failed f ->
                        DeploymentStatus.of(State.ERROR)
                                .withDescription("Failed: " + Words.failure(f.failure(), ask.target()));
                    case Outcome.Skipped s ->
                        DeploymentStatus.of(State.INACTIVE).withDescription("Not deployed: held back");
                    case Outcome.Removed r -> DeploymentStatus.of(State.INACTIVE);
                    case Outcome.Previewed p -> DeploymentStatus.of(State.INACTIVE);
                };
        Optional<Progress> previous = status.state() == State.SUCCESS
                ? records.lastSucceeded(ask.repo(), ask.target(), ask.id())
                : Optional.empty();
        post(progress, id, status);
        if (status.state() == State.SUCCESS) {
            records.succeeded(progress);
            previous.flatMap(p -> p.reports().deployment())
                    .filter(previousId -> previousId != id)
                    .ifPresent(previousId -> post(
                            progress,
                            previousId,
                            DeploymentStatus.of(State.INACTIVE)
                                    .withDescription("Replaced by " + ask.id().value())));
        }
    }

    /** What the cluster did, as the Deployment's last status. */
    private static DeploymentStatus ended(Progress progress, Following.End end) {
        Following f = progress.following().orElseThrow();
        return switch (end) {
            case Following.End.Healthy h ->
                success(progress)
                        .withDescription("Healthy in the cluster"
                                + f.promoted()
                                        .map(p -> ", promoted by " + p.who() + " at " + Words.time(p.at()))
                                        .orElse("")
                                + " (GitOps " + f.commit().abbreviated() + ")");
            case Following.End.SyncFailed failed ->
                DeploymentStatus.of(State.FAILURE).withDescription("Argo CD's sync failed: " + failed.message());
            case Following.End.Degraded degraded ->
                DeploymentStatus.of(State.FAILURE).withDescription("Rollout degraded: " + degraded.message());
            case Following.End.TimedOut timedOut ->
                DeploymentStatus.of(State.FAILURE)
                        .withDescription("Not " + timedOut.waitingFor().words() + " within "
                                + ClusterWords.duration(timedOut.after())
                                + (timedOut.lastWord().isBlank() ? "" : ": " + timedOut.lastWord()));
            case Following.End.Unfollowed unfollowed ->
                success(progress)
                        .withDescription("Committed as GitOps " + f.commit().abbreviated()
                                + "; the rollout could not be followed: " + ClusterWords.unfollowed(unfollowed));
            case Following.End.Superseded superseded ->
                DeploymentStatus.of(State.INACTIVE)
                        .withDescription("Superseded by " + superseded.by().value());
            case Following.End.Aborted aborted ->
                DeploymentStatus.of(State.INACTIVE)
                        .withDescription(
                                aborted.unpromotedFor().isPresent()
                                        ? "Aborted: nobody promoted it within "
                                                + ClusterWords.duration(
                                                        aborted.unpromotedFor().get())
                                        : "Aborted by " + aborted.act().who() + " at "
                                                + Words.time(aborted.act().at()));
        };
    }

    /** {@code success} with the app's address and the check run as its log; earlier ones are pitapat's to retire. */
    private static DeploymentStatus success(Progress progress) {
        DeploymentStatus status = DeploymentStatus.of(State.SUCCESS).withAutoInactive(false);
        Optional<URI> app = progress.urls().map(Progress.Urls::app);
        if (app.isPresent()) {
            status = status.withEnvironmentUrl(app.get());
        }
        Optional<URI> log = progress.reports().checkRunUrl();
        if (log.isPresent()) {
            status = status.withLogUrl(log.get());
        }
        return status;
    }

    private void post(Progress progress, long deployment, DeploymentStatus status) {
        DeployRequest.Ask ask = progress.request().ask();
        github.postDeploymentStatus(ask.installationId(), ask.repo(), deployment, status);
    }
}
