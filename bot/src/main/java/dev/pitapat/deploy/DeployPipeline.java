package dev.pitapat.deploy;

import dev.pitapat.model.DeploymentId;
import java.util.Optional;

/**
 * What turns an accepted command, push or closed pull request into a change of an environment. A request is
 * accepted at once: it gets a durable progress record, stands in its environment's line and is reported as
 * queued; it runs when its turn comes, off the delivery worker, on whichever replica takes the turn (after a
 * restart too). When its turn comes the requester is checked again, then the environment's freeze and the
 * policy gates ({@code after:}, {@code requires:}); then the manifests are rendered and committed. Check runs, the
 * GitHub Deployment, the pull request's sticky comment and the command's reaction follow the record.
 */
public interface DeployPipeline {

    /** What {@link #accept} did. */
    sealed interface Accepted {

        /** Recorded and in line: the deploy runs in its turn and reports as it goes. */
        record Queued(Progress progress) implements Accepted {}

        /** The same request was accepted before (a delivery handled again): nothing new was started. */
        record Again(Progress progress) implements Accepted {}

        /** Answered at once, nothing queued: a dry run's preview, or a refusal. */
        record Answered(Outcome outcome) implements Accepted {}
    }

    /** Accepts a request; returns at once. A dry run is answered at once and records nothing. */
    Accepted accept(DeployRequest request);

    /** The progress record of a deploy, if the store still has it. */
    Optional<Progress> progress(DeploymentId id);

    /**
     * A check run, check suite or commit status on {@code sha} of {@code repo} changed: deploys waiting for an
     * external {@code build-check} there look at it again at once rather than at their next look.
     */
    void checkReported(dev.pitapat.model.RepoRef repo, dev.pitapat.model.Sha sha);
}
