package dev.pitapat.deploy;

import dev.pitapat.github.GitHubGateway;
import dev.pitapat.github.Reaction;

/**
 * The command comment's last reaction, once its deploy ended: 🚀 when it committed (or had nothing to change),
 * 😕 when it was refused or failed. (👀, on acceptance, is the command line's.)
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
        Reaction reaction = switch (now.outcome().orElseThrow()) {
            case Outcome.Committed c -> Reaction.ROCKET;
            case Outcome.Unchanged u -> Reaction.ROCKET;
            case Outcome.Removed r -> Reaction.ROCKET;
            case Outcome.Previewed p -> Reaction.ROCKET;
            case Outcome.Skipped s -> Reaction.CONFUSED;
            case Outcome.Refused r -> Reaction.CONFUSED;
            case Outcome.Failed f -> Reaction.CONFUSED;
        };
        DeployRequest.Ask ask = now.request().ask();
        github.react(ask.installationId(), ask.repo(), command.commentId().get(), reaction);
        return now.withReports(now.reports().withReacted());
    }
}
