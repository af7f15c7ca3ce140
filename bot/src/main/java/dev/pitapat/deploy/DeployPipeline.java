package dev.pitapat.deploy;

import dev.pitapat.model.Target;

/**
 * What turns an accepted deploy command into a change of an environment: render, commit to the GitOps
 * repository, follow the rollout. Requests arrive authorized; the pipeline checks again when their turn
 * comes.
 */
public interface DeployPipeline {

    /**
     * A deploy, rollback, promote or abort of one environment, as a command asked for it.
     *
     * @param sha for a deploy, the commit to deploy: pinned when the command was authorized
     * @param revision for a rollback, the GitOps commit or deployment id to restore; empty for the previous one
     * @param dryRun render and show the difference with what the environment holds, commit nothing
     */
    record Request(
            Kind kind,
            Target target,
            long installationId,
            String repo,
            String defaultBranch,
            String requestedBy,
            java.util.Optional<String> sha,
            java.util.Optional<String> revision,
            boolean dryRun) {}

    enum Kind {
        DEPLOY,
        ROLLBACK,
        PROMOTE,
        ABORT,
        /** removes the environment's folder: a closed pull request's preview */
        UNDEPLOY
    }

    /** What happened, in one line of Markdown for the pull-request reply. */
    String submit(Request request);

    /** The environment's last {@code limit} deployments from the GitOps log, newest first, as Markdown. */
    String history(Target target, int limit);
}
