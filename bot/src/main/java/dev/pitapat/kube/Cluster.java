package dev.pitapat.kube;

import dev.pitapat.model.Target;
import java.util.Optional;
import java.util.function.Consumer;

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

    /**
     * Follows every Argo CD Application and Argo Rollouts Rollout pitapat deploys (label {@code
     * app.kubernetes.io/managed-by: pitapat}) with one watch per kind for all environments, not one per deploy,
     * reconnecting by itself when a watch drops. {@code changed} is told the label {@code <app>-<env>} of every
     * environment whose Application or Rollout was added, changed or deleted, on the watch's own thread; it should
     * only hand the work on. While the watch runs and has listed both kinds, {@link #application} and {@link
     * #rollout} answer from its caches instead of asking the API server.
     */
    Watch watch(Consumer<String> changed);

    /** A running {@link #watch}: closing it stops both watches. */
    interface Watch extends AutoCloseable {

        /** Both kinds have been listed: the caches say what the cluster has. */
        boolean synced();

        /** Both watches are connected now (false while one reconnects). */
        boolean connected();

        @Override
        void close();
    }

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
