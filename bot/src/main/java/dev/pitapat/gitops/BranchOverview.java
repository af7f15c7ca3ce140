package dev.pitapat.gitops;

import dev.pitapat.model.Target;
import java.util.List;
import java.util.Optional;

/**
 * The branch at one head, as the status page reads it: every environment folder {@code apps/<app>/<env>/} there,
 * ordered by app, then environment, each with its newest deployments.
 *
 * @param head the GitOps commit it describes; empty while the branch has no commit
 */
public record BranchOverview(Optional<String> head, List<Environment> environments) {

    public BranchOverview {
        environments = List.copyOf(environments);
    }

    /**
     * One environment folder and its newest deployments, newest first: the commits whose trailers name it and
     * that changed its folder.
     */
    public record Environment(Target target, List<DeploymentCommit> deployments) {
        public Environment {
            deployments = List.copyOf(deployments);
        }
    }
}
