package dev.pitapat.deploy;

import dev.pitapat.github.CheckRunRef;
import dev.pitapat.github.CheckRunUpdate;
import dev.pitapat.github.CheckRunUpdate.Conclusion;
import dev.pitapat.github.CheckRunUpdate.Output;
import dev.pitapat.github.GitHubGateway;
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

    private final GitHubGateway github;
    private final GitOpsLinks links;

    CheckRunReport(GitHubGateway github, GitOpsLinks links) {
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
        if (now.reports().checkRun().isPresent()) {
            github.updateCheckRun(
                    ask.installationId(), ask.repo(), now.reports().checkRun().get(), update);
            return now;
        }
        CheckRunRef run = github.createCheckRun(ask.installationId(), ask.repo(), update);
        return now.withReports(now.reports().withCheckRun(run.id(), run.htmlUrl()));
    }

    /**
     * Whether the run would show something new: a stage, becoming next in line, a step, or a run still to be made
     * (the first report, or GitHub refused to make it before). Saves GitHub's API budget otherwise.
     */
    private static boolean shows(Progress before, Progress now) {
        return before.stage() != now.stage()
                || movedUpToNext(before, now)
                || before.steps().size() != now.steps().size()
                || now.reports().checkRun().isEmpty();
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
            case RUNNING -> CheckRunUpdate.inProgress(name, sha);
            case FINISHED ->
                CheckRunUpdate.completed(
                        name, sha, conclusionOf(progress.outcome().orElseThrow()));
        };
        update = update.withExternalId(progress.request().ask().id().value())
                .withOutput(new Output(title(progress), cut(summary(progress)), Optional.empty()));
        Optional<URI> app = progress.urls().map(Progress.Urls::app);
        if (app.isPresent()) {
            update = update.withDetailsUrl(app.get());
        }
        if (progress.finished() && rollbackPossible(progress)) {
            update = update.withActions(List.of(ROLLBACK));
        }
        return update;
    }

    /** A completed deploy that committed, with an earlier deployment to return to. */
    static boolean rollbackPossible(Progress progress) {
        return progress.earlier()
                && progress.request().ask().origin().pullRequest().isPresent()
                && progress.outcome()
                        .filter(o -> o instanceof Outcome.Committed || o instanceof Outcome.Unchanged)
                        .isPresent();
    }

    static Conclusion conclusionOf(Outcome outcome) {
        return switch (outcome) {
            // committed, with no cluster to follow: neither success nor failure
            case Outcome.Committed c -> Conclusion.NEUTRAL;
            case Outcome.Unchanged u -> Conclusion.NEUTRAL;
            case Outcome.Removed r -> Conclusion.NEUTRAL;
            case Outcome.Skipped s -> Conclusion.NEUTRAL;
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
            case RUNNING -> verb + " to " + env + " in progress";
            case FINISHED ->
                switch (progress.outcome().orElseThrow()) {
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
            case RUNNING ->
                text.append("Steps done so far: ")
                        .append(progress.steps().isEmpty() ? "none yet" : Words.stepsText(progress))
                        .append('.');
            case FINISHED -> {
                Outcome outcome = progress.outcome().orElseThrow();
                text.append(Words.capitalized(Words.outcome(outcome, ask.target(), progress.urls())));
                if (outcome instanceof Outcome.Committed || outcome instanceof Outcome.Unchanged) {
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
        return text.toString();
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
