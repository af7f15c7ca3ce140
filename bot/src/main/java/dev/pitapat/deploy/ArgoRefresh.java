package dev.pitapat.deploy;

import dev.pitapat.kube.Cluster;
import dev.pitapat.kube.ClusterException;
import dev.pitapat.model.Target;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Right after a GitOps commit, asks Argo CD to refresh the environment's Application ({@code
 * pitapat.kube.refresh-after-commit}), so its sync starts in seconds rather than at Argo CD's next poll (about three
 * minutes by default). Only when a cluster is followed; a refusal is logged and never fails the deploy, which has
 * committed by then.
 */
final class ArgoRefresh {

    private static final Logger log = LoggerFactory.getLogger(ArgoRefresh.class);

    private final Cluster cluster;
    private final boolean enabled;

    ArgoRefresh(Cluster cluster, boolean enabled) {
        this.cluster = cluster;
        this.enabled = enabled;
    }

    void afterCommit(Target target, Outcome outcome) {
        boolean committed = outcome instanceof Outcome.Committed || outcome instanceof Outcome.Removed;
        if (!committed || !enabled || !cluster.followed()) {
            return;
        }
        try {
            if (!cluster.refresh(target)) {
                log.info("No Argo CD Application {} to refresh yet; Argo CD syncs at its next poll", target.label());
            }
        } catch (ClusterException e) {
            log.warn(
                    "Could not ask Argo CD to refresh {}: {}; it syncs at its next poll",
                    target.label(),
                    e.getMessage());
        }
    }
}
