package dev.pitapat.deploy;

import dev.pitapat.github.GitHubGateway;
import dev.pitapat.github.Reaction;
import java.util.Optional;

/**
 * The command comment's last reaction, once its deploy ended: 🚀 when it committed (or had nothing to change) and,
 * when the cluster is followed, became healthy there; 😕 when it was refused or failed. A deploy superseded or
 * aborted keeps 👀. (👀, on acceptance, is the command line's.)
 */
final class CommandReaction implements Reporter {

    private final GitHubGateway github;

    CommandReaction(GitHubGateway github) {
        this.github = github;
    }

    @Override
    public Progress report(Progress before, Progress now) {
        if (!now.finished()
                || now.reports().reacted()
                || !(now.request().ask().origin() instanceof DeployRequest.Origin.Command command)
                || command.commentId().isEmpty()) {
            return now;
        }
        Optional<Following.End> end = now.following().flatMap(Following::end);
        if (end.filter(e -> e instanceof Following.End.Superseded || e instanceof Following.End.Aborted)
                .isPresent()) {
            return now; // neither succeeded nor failed: 👀 stays
        }
        if (end.isPresent()) {
            boolean live = end.get() instanceof Following.End.Healthy || end.get() instanceof Following.End.Unfollowed;
            return react(now, command, live ? Reaction.ROCKET : Reaction.CONFUSED);
        }
        Reaction reaction = switch (now.outcome().orElseThrow()) {
            case Outcome.Promoted p -> Reaction.ROCKET;
            case Outcome.Committed c -> Reaction.ROCKET;
            case Outcome.Unchanged u -> Reaction.ROCKET;
            case Outcome.Removed r -> Reaction.ROCKET;
            case Outcome.Previewed p -> Reaction.ROCKET;
            case Outcome.Skipped s -> Reaction.CONFUSED;
            case Outcome.Refused r -> Reaction.CONFUSED;
            case Outcome.Failed f -> Reaction.CONFUSED;
        };
        return react(now, command, reaction);
    }

    private Progress react(Progress now, DeployRequest.Origin.Command command, Reaction reaction) {
        DeployRequest.Ask ask = now.request().ask();
        github.react(ask.installationId(), ask.repo(), command.commentId().orElseThrow(), reaction);
        return now.withReports(now.reports().withReacted());
    }
}
