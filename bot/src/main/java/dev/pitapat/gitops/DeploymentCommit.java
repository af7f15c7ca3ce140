package dev.pitapat.gitops;

import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.Target;
import java.time.Instant;

/**
 * One entry of the deploy history: a pitapat commit to an environment folder, trailers parsed.
 *
 * @param commitSha the GitOps commit
 * @param time when it was committed
 */
public record DeploymentCommit(
        String commitSha,
        Action action,
        Target target,
        SourceRef source,
        DeploymentId deployment,
        String requestedBy,
        Instant time) {}
