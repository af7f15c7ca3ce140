package dev.pitapat.deploy;

import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.Sha;
import dev.pitapat.store.FreezeLock;
import dev.pitapat.store.Pin;
import java.util.Optional;

/**
 * How a request ended, as a value: the pipeline decides, the reporters word it (check runs, the Deployment,
 * the sticky comment, replies). Nothing here is Markdown but the names a {@link Refusal} quotes.
 */
public sealed interface Outcome {

    /**
     * A GitOps commit was made, or found made before by the same deployment id (a delivery handled again).
     *
     * @param commit the GitOps commit
     * @param deployed the application commit the environment now runs (for a rollback, the restored one)
     * @param restored for a rollback, the deployment whose folder was restored
     * @param again whether the commit was found rather than made (a delivery handled again)
     */
    record Committed(Sha commit, Sha deployed, Optional<DeploymentId> restored, boolean again) implements Outcome {}

    /**
     * Nothing to commit: the environment's folder already holds exactly these manifests.
     *
     * @param restored for a rollback, the deployment whose manifests the environment already runs
     */
    record Unchanged(Sha deployed, Optional<DeploymentId> restored) implements Outcome {}

    /** The environment's folder was removed (a closed pull request's preview), or there was none to remove. */
    record Removed(Optional<Sha> commit) implements Outcome {}

    /** A dry run: the difference from what the environment runs, empty when none; nothing committed. */
    record Previewed(Sha sha, String diff) implements Outcome {}

    /** A rule stopped it; nothing was changed. */
    record Refused(Refusal refusal) implements Outcome {}

    /** A push deploy left alone at its turn: the environment is locked or pinned by a rollback. */
    record Skipped(Hold hold) implements Outcome {}

    /** Something failed (GitHub, the GitOps repository, waiting too long); nothing was committed. */
    record Failed(Failure failure) implements Outcome {}

    /**
     * Why a rule stopped a request, and what would work.
     *
     * @param rule the rule's name, e.g. {@code environment-locked}, {@code after}, {@code requires}
     * @param why what is so, one or more sentences; names in code spans
     * @param instead what would work, possibly empty
     */
    record Refusal(String rule, String why, String instead) {}

    /**
     * What broke.
     *
     * @param what what happened, one sentence without credentials
     * @param retryHelps whether the same request later may work (GitHub or the repository was down) or not
     *     until someone changes a setting (the GitOps repository refused pitapat's credentials)
     */
    record Failure(String what, boolean retryHelps) {}

    /** What holds an environment back from push-to-deploy: its freeze, or else a rollback's pin. */
    sealed interface Hold {
        record Locked(FreezeLock lock) implements Hold {}

        record Pinned(Pin pin) implements Hold {}
    }
}
