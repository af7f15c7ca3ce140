package dev.pitapat.kube;

import dev.pitapat.model.Target;
import java.util.Optional;

/**
 * What pitapat needs from the cluster; no fabric8 type crosses this line. For an environment ({@link Target}):
 * its Argo CD {@code Application} {@code <app>-<env>} in the Argo CD namespace and its Argo Rollouts
 * {@code Rollout} {@code <app>} in the namespace {@code <app>-<env>}. Failures are {@link ClusterException}s
 * naming the operation.
 */
public interface Cluster {

    /** The cluster when none is configured: nothing is followed, promoted or aborted. */
    static Cluster none() {
        return new NoCluster();
    }

    /** Whether a cluster is followed at all: false when none is configured (the null object). */
    boolean followed();

    /** The environment's Application as Argo CD reports it; empty while there is none. */
    Optional<ApplicationState> application(Target target);

    /** The environment's Rollout as Argo Rollouts reports it; empty while there is none. */
    Optional<RolloutState> rollout(Target target);

    /**
     * Asks Argo CD to refresh the environment's Application now (annotation {@code argocd.argoproj.io/refresh:
     * normal}) rather than at its next poll; false when there is no such Application.
     */
    boolean refresh(Target target);

    /**
     * What {@code kubectl argo rollouts promote} does: clears the Rollout's pause conditions on its status
     * subresource, then sets {@code spec.paused: false} only where it is true.
     */
    Promotion promote(Target target);

    /** What {@code kubectl argo rollouts abort} does: {@code status.abort: true}, so traffic stays on the stable side. */
    boolean abort(Target target);

    /** What a promotion found. */
    enum Promotion {
        /** The pause conditions were cleared (and {@code spec.paused} unset where it was set). */
        PROMOTED,
        /** The Rollout was not paused: nothing awaits promotion. */
        NOTHING_PAUSED,
        /** There is no such Rollout. */
        NO_ROLLOUT
    }
}
