package dev.pitapat.deploy;

import dev.pitapat.deploy.Following.Act;
import dev.pitapat.deploy.Following.End;
import dev.pitapat.model.DeploymentId;
import java.time.Duration;
import java.util.Optional;

/**
 * Who did what to a followed deploy through pitapat: the promote and abort requests noted against it (read only
 * when the cluster shows a promotion or an abort), how an abort ends it, and the abort a {@code promotion-timeout}
 * asks for.
 */
final class FollowActs {

    private FollowActs() {}

    /** Who promoted or aborted the deploy through pitapat: the requests noted against it, newest first. */
    static FollowRules.Acts of(ProgressRecords records, Progress progress) {
        DeploymentId id = progress.request().ask().id();
        return FollowRules.acts(
                () -> records.acts(id).reversed().stream()
                        .filter(p -> p.request() instanceof DeployRequest.Promote)
                        .findFirst()
                        .map(p -> new Act(
                                Optional.of(p.request().ask().requestedBy()),
                                p.updated(),
                                Optional.of(p.request().ask().id()))),
                () -> records.acts(id).reversed().stream()
                        .filter(p -> p.request() instanceof DeployRequest.Abort)
                        .findFirst()
                        .map(FollowActs::abortEnd));
    }

    /** How an abort request ends the deploy it aborts. */
    static End.Aborted abortEnd(Progress abort) {
        DeployRequest.Ask ask = abort.request().ask();
        Optional<Duration> timeout = ask.origin() instanceof DeployRequest.Origin.PromotionTimeout t
                ? Optional.of(t.after())
                : Optional.empty();
        return new End.Aborted(
                new Act(Optional.of(ask.requestedBy()), abort.accepted(), Optional.of(ask.id())), timeout);
    }

    /** The abort of a preview nobody promoted in time; its id comes from the deploy's, so it is asked once. */
    static DeployRequest.Abort abortOf(Progress progress) {
        DeployRequest.Ask ask = progress.request().ask();
        return new DeployRequest.Abort(new DeployRequest.Ask(
                DeploymentId.derived(ask.id().value(), "promotion-timeout"),
                ask.target(),
                ask.repo(),
                ask.installationId(),
                ask.defaultBranch(),
                new DeployRequest.Origin.PromotionTimeout(
                        ask.origin().pullRequest(),
                        ask.id(),
                        progress.following().orElseThrow().promotionTimeout().orElseThrow()),
                ask.production()));
    }
}
