package dev.pitapat.deploy;

import dev.pitapat.github.CheckRunRef;
import dev.pitapat.github.CheckRunUpdate;
import dev.pitapat.github.CheckRunUpdate.Conclusion;
import dev.pitapat.github.CheckRunUpdate.Output;
import dev.pitapat.github.GitHubGateway;
import dev.pitapat.model.Markdown;
import dev.pitapat.model.Sha;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The {@code deploy/<env>} check run on the deployed sha: {@code queued} (with its place in line) when the
 * deploy is accepted, {@code in_progress} with the steps done so far, completed with what happened. A Rollback
 * button on a completed run that committed, when the environment had an earlier deployment to return to
 * (GitHub shows buttons on completed runs only). Summary and text stay within GitHub's 65,535 characters.
 */
final class CheckRunReport implements Reporter {

    /** GitHub takes at most 65,535 characters of summary; this leaves room for the closing lines. */
    static final int MAX_SUMMARY = 60_000;

    static final CheckRunUpdate.Action ROLLBACK =
            new CheckRunUpdate.Action("Rollback", "Restore the previous deployment", "rollback");

    static final CheckRunUpdate.Action PROMOTE =
            new CheckRunUpdate.Action("Promote", "Switch traffic to the new version", "promote");

    static final CheckRunUpdate.Action ABORT =
            new CheckRunUpdate.Action("Abort", "Keep the old version; commit it back", "abort");

    private final GitHubGateway github;
    private final GitOpsLinks links;
    private final java.time.Duration buildTimeout;

    CheckRunReport(GitHubGateway github, GitOpsLinks links, java.time.Duration buildTimeout) {
        this.buildTimeout = buildTimeout;
        this.github = github;
        this.links = links;
    }

    static String nameOf(Progress progress) {
        return "deploy/" + progress.request().ask().target().env().value();
    }

    @Override
    public Progress report(Progress before, Progress now) {
        if (now.request() instanceof DeployRequest.Undeploy
                || now.sha().filter(Sha::isFull).isEmpty()) {
            return now;
        }
        if (!shows(before, now)) {
            return now;
        }
        DeployRequest.Ask ask = now.request().ask();
        CheckRunUpdate update = updateFor(now);
        if (now.reports().checkRun().isPresent() && promotedJustNow(before, now)) {
            // the waiting run keeps its conclusion but loses its buttons; the rollout goes on in a new run
            github.updateCheckRun(
                    ask.installationId(), ask.repo(), now.reports().checkRun().get(), promotedWait(now));
            CheckRunRef run = github.createCheckRun(ask.installationId(), ask.repo(), update);
            return now.withReports(now.reports().withCheckRun(run.id(), run.htmlUrl()));
        }
        if (now.reports().checkRun().isPresent()) {
            github.updateCheckRun(
                    ask.installationId(), ask.repo(), now.reports().checkRun().get(), update);
            return now;
        }
        CheckRunRef run = github.createCheckRun(ask.installationId(), ask.repo(), update);
        return now.withReports(now.reports().withCheckRun(run.id(), run.htmlUrl()));
    }

    /**
     * Whether the run would show something new: a stage, becoming next in line, a step, what cloud bursting says
     * about its pods that cannot be scheduled, or a run still to be made (the first report, or GitHub refused to make
     * it before). Saves GitHub's API budget otherwise.
     */
    private static boolean shows(Progress before, Progress now) {
        return before.stage() != now.stage()
                || movedUpToNext(before, now)
                || before.steps().size() != now.steps().size()
                || !capacityOf(before).equals(capacityOf(now))
                || now.reports().checkRun().isEmpty();
    }

    private static Optional<String> capacityOf(Progress progress) {
        return progress.following().flatMap(Following::capacity);
    }

    private static boolean promotedJustNow(Progress before, Progress now) {
        return now.did(Progress.StepName.PROMOTED) && !before.did(Progress.StepName.PROMOTED);
    }

    /** The run that waited for promotion, once someone promoted: no buttons any more, and who promoted it. */
    private CheckRunUpdate promotedWait(Progress progress) {
        Following.Act act = progress.following().flatMap(Following::promoted).orElseThrow();
        String env = progress.request().ask().target().env().value();
        return CheckRunUpdate.completed(
                        nameOf(progress), progress.sha().orElseThrow().value(), Conclusion.ACTION_REQUIRED)
                .withExternalId(progress.request().ask().id().value())
                .withOutput(new Output(
                        "Promoted in " + env + " by " + act.who(),
                        act.who() + " promoted it at " + Words.time(act.at()) + ". The rollout goes on in a new `"
                                + nameOf(progress) + "` check run.",
                        Optional.empty()))
                .withActions(List.of());
    }

    /**
     * A waiting deploy's new place is shown when it becomes next; the places in between stay in the store
     * ({@code /status}): with n deploys waiting, telling each of every step would cost GitHub n² requests.
     */
    static boolean movedUpToNext(Progress before, Progress now) {
        return before.place() != now.place() && now.place() == 1;
    }

    CheckRunUpdate updateFor(Progress progress) {
        String name = nameOf(progress);
        String sha = progress.sha().orElseThrow().value();
        CheckRunUpdate update = switch (progress.stage()) {
            case QUEUED -> CheckRunUpdate.queued(name, sha);
            case BUILDING, RUNNING -> CheckRunUpdate.inProgress(name, sha);
            case FOLLOWING ->
                progress.awaitingPromotion()
                        ? CheckRunUpdate.completed(name, sha, Conclusion.ACTION_REQUIRED)
                                .withActions(List.of(PROMOTE, ABORT))
                        : CheckRunUpdate.inProgress(name, sha);
            case FINISHED -> CheckRunUpdate.completed(name, sha, conclusionOf(progress));
        };
        update = update.withExternalId(progress.request().ask().id().value())
                .withOutput(new Output(title(progress), cut(summary(progress)), Optional.empty()));
        Optional<URI> details = progress.urls().map(urls -> progress.awaitingPromotion() ? urls.preview() : urls.app());
        if (details.isPresent()) {
            update = update.withDetailsUrl(details.get());
        }
        if (progress.finished() && rollbackPossible(progress)) {
            update = update.withActions(List.of(ROLLBACK));
        }
        return update;
    }

    /**
     * A completed deploy that committed (and, when it was followed, became healthy), with an earlier deployment to
     * return to.
     */
    static boolean rollbackPossible(Progress progress) {
        return progress.earlier()
                && progress.request().ask().origin().pullRequest().isPresent()
                && live(progress);
    }

    /** Finished, and the environment runs it: committed (or unchanged) and, when followed, healthy. */
    static boolean live(Progress progress) {
        return progress.finished()
                && progress.outcome()
                        .filter(o -> o instanceof Outcome.Committed || o instanceof Outcome.Unchanged)
                        .isPresent()
                && progress.following()
                        .map(f -> f.end()
                                .filter(e ->
                                        e instanceof Following.End.Healthy || e instanceof Following.End.Unfollowed)
                                .isPresent())
                        .orElse(true);
    }

    /** A finished record's conclusion: what the cluster did when it was followed, else what its turn did. */
    static Conclusion conclusionOf(Progress progress) {
        return progress.following()
                .flatMap(Following::end)
                .map(end -> switch (end) {
                    case Following.End.Healthy h -> Conclusion.SUCCESS;
                    case Following.End.SyncFailed f -> Conclusion.FAILURE;
                    case Following.End.Degraded d -> Conclusion.FAILURE;
                    case Following.End.TimedOut t -> Conclusion.FAILURE;
                    case Following.End.Unfollowed u -> Conclusion.NEUTRAL;
                    case Following.End.Superseded s -> Conclusion.CANCELLED;
                    case Following.End.Aborted a -> Conclusion.CANCELLED;
                })
                .orElseGet(() -> conclusionOf(progress.outcome().orElseThrow()));
    }

    static Conclusion conclusionOf(Outcome outcome) {
        return switch (outcome) {
            case Outcome.Promoted p -> Conclusion.SUCCESS;
            // committed, with no cluster to follow: neither success nor failure
            case Outcome.Committed c -> Conclusion.NEUTRAL;
            case Outcome.Unchanged u -> Conclusion.NEUTRAL;
            case Outcome.Removed r -> Conclusion.NEUTRAL;
            case Outcome.Skipped s ->
                s.hold() instanceof Outcome.Hold.Replaced ? Conclusion.CANCELLED : Conclusion.NEUTRAL;
            case Outcome.Previewed p -> Conclusion.NEUTRAL;
            case Outcome.Refused r -> Conclusion.FAILURE;
            case Outcome.Failed f -> Conclusion.FAILURE;
        };
    }

    private static String title(Progress progress) {
        String env = progress.request().ask().target().env().value();
        String verb = Words.capitalized(Words.verb(progress.request()));
        return switch (progress.stage()) {
            case QUEUED ->
                Words.waiting(progress)
                        ? "Waiting for " + env + ": number " + Math.max(1, progress.place()) + " in line"
                        : verb + " to " + env + " queued";
            case BUILDING ->
                verb + " to " + env + ": "
                        + Words.buildingState(progress.building().orElseThrow());
            case RUNNING -> verb + " to " + env + " in progress";
            case FOLLOWING -> followingTitle(progress, verb, env);
            case FINISHED ->
                progress.following().flatMap(Following::end).isPresent()
                        ? endTitle(progress.following().get().end().get(), verb, env)
                        : switch (progress.outcome().orElseThrow()) {
                            case Outcome.Promoted p -> "Promoted in " + env;
                            case Outcome.Committed c -> "Committed to " + env + "; rollout status unknown";
                            case Outcome.Unchanged u -> "Nothing to change in " + env;
                            case Outcome.Removed r -> "Removed " + env;
                            case Outcome.Previewed p -> "Dry run";
                            case Outcome.Refused r -> "Not deployed to " + env + ": refused";
                            case Outcome.Skipped s -> Words.heldTitle(s.hold());
                            case Outcome.Failed f -> "Not deployed to " + env + ": it failed";
                        };
        };
    }

    private static String followingTitle(Progress progress, String verb, String env) {
        Following f = progress.following().orElseThrow();
        if (f.awaitingPromotion()) {
            return "Awaiting promotion in " + env;
        }
        if (f.promoted().isPresent()) {
            return "Promoted in " + env + ": waiting for healthy";
        }
        return verb + " to " + env + ": "
                + (progress.did(Progress.StepName.SYNCED)
                        ? "synced, waiting for healthy"
                        : "waiting for Argo CD to sync");
    }

    private static String endTitle(Following.End end, String verb, String env) {
        return switch (end) {
            case Following.End.Healthy h -> "Healthy in " + env;
            case Following.End.SyncFailed f -> "Not deployed to " + env + ": Argo CD's sync failed";
            case Following.End.Degraded d -> "Not deployed to " + env + ": the rollout is degraded";
            case Following.End.TimedOut t ->
                "Not deployed to " + env + ": not " + t.waitingFor().words() + " in time";
            case Following.End.Unfollowed u -> "Committed to " + env + "; rollout status unknown";
            case Following.End.Superseded s -> verb + " to " + env + " superseded";
            case Following.End.Aborted a -> "Aborted in " + env;
        };
    }

    private String summary(Progress progress) {
        DeployRequest.Ask ask = progress.request().ask();
        StringBuilder text = new StringBuilder();
        switch (progress.stage()) {
            case QUEUED ->
                text.append(
                        Words.waiting(progress)
                                ? "`" + ask.target().env() + "` is busy: this " + Words.verb(progress.request())
                                        + " is " + Words.placeText(progress)
                                        + ". It runs when those before it are done."
                                : "Accepted; it runs as soon as `"
                                        + ask.target().env() + "` is free.");
            case BUILDING ->
                text.append(Words.buildingText(progress, progress.building().orElseThrow(), buildTimeout));
            case RUNNING ->
                text.append("Steps done so far: ")
                        .append(progress.steps().isEmpty() ? "none yet" : Words.stepsText(progress))
                        .append('.');
            case FOLLOWING -> followingSummary(progress, text);
            case FINISHED -> {
                Outcome outcome = progress.outcome().orElseThrow();
                Optional<Following> followed =
                        progress.following().filter(f -> f.end().isPresent());
                text.append(Words.capitalized(
                        followed.isPresent()
                                ? ClusterWords.ended(outcome, followed.get(), ask.target(), progress.urls())
                                : Words.outcome(outcome, ask.target(), progress.urls())));
                if (followed.isEmpty()
                        && (outcome instanceof Outcome.Committed || outcome instanceof Outcome.Unchanged)) {
                    text.append("\n\nRollout status unknown: no cluster configured, so pitapat does not follow the"
                            + " rollout after the commit.");
                }
            }
        }
        text.append("\n\n- Deployment: `").append(ask.id().value()).append('`');
        text.append("\n- Asked by: ").append(Words.askedBy(ask));
        progress.sha()
                .ifPresent(sha ->
                        text.append("\n- Commit: `").append(sha.abbreviated()).append('`'));
        progress.urls()
                .ifPresent(urls -> text.append("\n- App: ")
                        .append(urls.app())
                        .append("\n- Preview (blue-green, before promotion): ")
                        .append(urls.preview()));
        Committed.of(progress)
                .ifPresent(commit -> text.append("\n- GitOps commit: ").append(links.commit(commit)));
        progress.following()
                .flatMap(Following::promoted)
                .ifPresent(act -> text.append("\n- Promoted by: ")
                        .append(act.who())
                        .append(" at ")
                        .append(Words.time(act.at())));
        if (!progress.steps().isEmpty()) {
            text.append("\n- Steps: ").append(Words.stepsText(progress));
        }
        return text.toString();
    }

    /** While followed: what it waits for, and for a preview awaiting promotion, what each button does. */
    private static void followingSummary(Progress progress, StringBuilder text) {
        Following f = progress.following().orElseThrow();
        String env = progress.request().ask().target().env().value();
        if (f.awaitingPromotion()) {
            text.append("The new version runs beside the old one")
                    .append(progress.urls().map(u -> " at " + u.preview()).orElse(""))
                    .append("; traffic still goes to the old version")
                    .append(progress.urls().map(u -> " at " + u.app()).orElse(""))
                    .append(".\n\n**Promote** switches traffic to the new version; **Abort** keeps the old one and"
                            + " commits it back to the GitOps repository. Or comment `/promote ")
                    .append(env)
                    .append("` or `/abort ")
                    .append(env)
                    .append("` on the pull request.");
            f.promotionTimeout()
                    .ifPresent(timeout -> text.append("\n\nIf nobody promotes it by ")
                            .append(Words.time(f.pausedSince().orElseThrow().plus(timeout)))
                            .append(" (`promotion-timeout: ")
                            .append(ClusterWords.duration(timeout))
                            .append("`), pitapat aborts it."));
            return;
        }
        text.append(Words.capitalized(ClusterWords.followingState(progress))).append('.');
        if (!f.lastWord().isBlank()) {
            text.append(" Argo's last word: ")
                    .append(Markdown.code(f.lastWord()))
                    .append('.');
        }
        f.capacity()
                .ifPresent(
                        note -> text.append("\n\n**Capacity:** ").append(note).append('.'));
    }

    /** The GitOps commit a finished record made or found, if any. */
    static final class Committed {
        private Committed() {}

        static Optional<Sha> of(Progress progress) {
            return progress.outcome().flatMap(o -> switch (o) {
                case Outcome.Committed c -> Optional.of(c.commit());
                case Outcome.Removed r -> r.commit();
                default -> Optional.empty();
            });
        }
    }

    static String cut(String summary) {
        return summary.length() <= MAX_SUMMARY ? summary : summary.substring(0, MAX_SUMMARY) + "\n\n…";
    }
}
