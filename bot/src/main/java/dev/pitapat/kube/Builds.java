package dev.pitapat.kube;

import java.util.Optional;
import java.util.function.Consumer;

/**
 * Image builds through Argo Workflows (DESIGN.md section 6, {@code build: argo-workflows}): one {@code Workflow}
 * per repository and sha in the build namespace, from the {@code WorkflowTemplate} {@code pitapat-build}
 * ({@code gitops-templates/workflows/build.yaml}); no fabric8 type crosses this line. Failures are {@link
 * ClusterException}s naming the operation.
 */
public interface Builds {

    /** The builds when no cluster is configured: nothing can be built. */
    static Builds none() {
        return new NoBuilds();
    }

    /** Whether images can be built at all: false without a cluster (the null object). */
    boolean available();

    /**
     * The build of {@code order}: its newest {@code Workflow} as it is when one exists and has not failed (the same
     * sha is built once, and a sha built successfully is not built again); otherwise a new attempt (its name ends
     * {@code -2}, {@code -3}...; a failed one is kept for its logs), with the clone token in a Secret the Workflow
     * owns (deleted with it).
     */
    BuildState start(BuildOrder order);

    /** The newest attempt at building {@code build} ({@link BuildOrder#nameOf}); empty when there is none. */
    Optional<BuildState> latest(String build);

    /** One attempt's state, from the watch's cache once it has listed; empty when there is no such Workflow. */
    Optional<BuildState> state(String name);

    /**
     * Watches pitapat's Workflows in the build namespace (one list + watch for all of them, reconnecting by itself);
     * {@code changed} is told the name of every Workflow added, changed or deleted, on the watch's thread, and
     * should only hand the work on.
     */
    Cluster.Watch watch(Consumer<String> changed);
}
