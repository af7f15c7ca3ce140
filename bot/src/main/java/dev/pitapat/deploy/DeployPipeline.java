package dev.pitapat.deploy;

import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.Target;
import java.util.Optional;

/**
 * What turns an accepted deploy command into a change of an environment: render, commit to the GitOps
 * repository, follow the rollout. Requests arrive authorized; when an environment is busy they wait in its
 * line (the requester is told its place), and when their turn comes the requester is asked again whether
 * they may still run it, and the environment's freeze and the policy gates ({@code after:},
 * {@code requires:}) are checked then.
 */
public interface DeployPipeline {

    /**
     * A deploy, rollback, promote, abort or undeploy of one environment.
     *
     * @param origin what asked for it: a command, a push to the default branch, a closed pull request
     * @param pullRequest the pull request a command came from, if any
     * @param sha for a deploy, the commit to deploy: pinned when the command was authorized
     * @param revision for a rollback, the GitOps commit or deployment id to restore; empty for the previous one
     * @param dryRun render and show the difference with what the environment holds, commit nothing
     * @param deployment the id the commit carries: derived from what asked for it (the webhook delivery and
     *     the command's place), so the same request handled twice makes one commit
     */
    record Request(
            Kind kind,
            Origin origin,
            Target target,
            long installationId,
            String repo,
            String defaultBranch,
            String requestedBy,
            Optional<Integer> pullRequest,
            Optional<String> sha,
            Optional<String> revision,
            boolean dryRun,
            DeploymentId deployment) {}

    enum Kind {
        DEPLOY,
        ROLLBACK,
        PROMOTE,
        ABORT,
        /** removes the environment's folder: a closed pull request's preview */
        UNDEPLOY
    }

    enum Origin {
        /** a PR comment or a check-run button */
        COMMAND,
        /** a push to the default branch: skips an environment a rollback pinned */
        PUSH,
        /** a closed pull request's preview being removed */
        CLEANUP
    }

    /** Who waits for a request: told its place in line, and asked again when its turn comes. */
    interface Requester {

        /** Automation (a push, a closed pull request): nobody to tell, nothing to re-check. */
        Requester AUTOMATION = new Requester() {
            @Override
            public void waiting(int place, String behind) {}

            @Override
            public Optional<String> refusalAtTurn() {
                return Optional.empty();
            }
        };

        /**
         * The environment is busy: the request stands at {@code place} in its line (1 is next) behind
         * {@code behind}, the deploy in progress. Called once, when the request joins the line.
         */
        void waiting(int place, String behind);

        /** Asked when the request's turn comes: empty when it may still run, otherwise why not (Markdown). */
        Optional<String> refusalAtTurn();
    }

    /** How a request ended, for a reply, a check run or a log line. */
    enum Status {
        /** committed (or, for a dry run, the diff shown) */
        DONE,
        /** nothing to change: the environment already holds it, or the deployment was committed before */
        UNCHANGED,
        /** refused by a rule: a lock, a pin, the config, ownership, {@code after:}, {@code requires:} */
        REFUSED,
        /** a push deploy left alone at its turn: the environment is locked or pinned by a rollback */
        SKIPPED,
        /** not done because something failed (GitHub, the GitOps repository); trying again may work */
        FAILED
    }

    /**
     * What happened.
     *
     * @param markdown one line (or a short block) of Markdown for the pull-request reply
     * @param commit the GitOps commit made or found, if any
     * @param url the environment's address, when it has one
     */
    record Outcome(Status status, String markdown, Optional<String> commit, Optional<String> url) {

        static Outcome of(Status status, String markdown) {
            return new Outcome(status, markdown, Optional.empty(), Optional.empty());
        }
    }

    Outcome submit(Request request, Requester requester);

    /** The environment's last {@code limit} deployments from the GitOps log, newest first, as Markdown. */
    String history(Target target, int limit);
}
