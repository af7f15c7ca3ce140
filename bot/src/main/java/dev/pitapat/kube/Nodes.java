package dev.pitapat.kube;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The cluster's nodes as cloud bursting needs them (DESIGN.md section 6): which nodes are burst nodes, which pods
 * wait for room, whether a node's pods fit elsewhere, and draining one node through the Eviction API. No fabric8
 * type crosses this line; failures are {@link ClusterException}s naming the operation. Rights: get/list/patch
 * {@code nodes}, list {@code pods}, create {@code pods/eviction}.
 */
public interface Nodes {

    /** The annotation a node cordoned by pitapat carries while it is drained: when the drain began (ISO-8601). */
    String DRAINING = "pitapat.dev/draining";

    /** No cluster: no nodes, no pods, nothing to drain. */
    static Nodes none() {
        return new NoNodes();
    }

    /** Whether a cluster is followed at all: false for the null object. */
    boolean available();

    /** The nodes whose label {@code key} has {@code value} (burst nodes), by name. */
    List<BurstNode> labelled(String key, String value);

    /**
     * Pods the scheduler could not place: phase {@code Pending} with condition {@code PodScheduled} false for
     * reason {@code Unschedulable}, oldest first.
     */
    List<WaitingPod> unschedulable();

    /**
     * Whether the pods that would have to move off {@code node} (every pod on it but DaemonSet pods, mirror
     * (static) pods and finished ones) fit on the other nodes that take pods (ready, not cordoned, no
     * {@code NoSchedule} taint), by their CPU and memory requests against each node's allocatable less what its
     * own pods request, placed largest first on the first node with room.
     */
    Fit fitsElsewhere(String node);

    /** Cordons {@code node} ({@code spec.unschedulable: true}) and notes {@link #DRAINING} = {@code since}. */
    void cordon(String node, Instant since);

    /** Uncordons {@code node} and removes {@link #DRAINING}; a node that no longer exists is not an error. */
    void uncordon(String node);

    /**
     * One pass of draining {@code node}: asks the Eviction API to evict every pod that has to move (as in {@link
     * #fitsElsewhere}) and is not already terminating.
     */
    Eviction evict(String node);

    /**
     * A node with the burst label.
     *
     * @param instance the Compute instance behind it: the last part of {@code spec.providerID}
     *     ({@code gce://project/zone/instance}) when set, otherwise the node's name (kubeadm registers the host name)
     * @param drainingSince when pitapat began draining it (the {@link #DRAINING} annotation)
     * @param pods how many pods would have to move off it
     */
    record BurstNode(
            String name, String instance, boolean ready, boolean cordoned, Optional<Instant> drainingSince, int pods) {}

    /** A pod waiting for a node. */
    record WaitingPod(String namespace, String name, Instant since, String message) {}

    /** Whether a node's pods fit elsewhere, and when not, which pod does not (for people to read). */
    record Fit(boolean fits, int pods, String why) {}

    /** What one drain pass found. */
    sealed interface Eviction {
        /** Nothing left to move: the node can be deleted. */
        record Empty() implements Eviction {}

        /** Evictions were accepted (or pods are terminating): look again later. */
        record Moving(int remaining) implements Eviction {}

        /** A PodDisruptionBudget refused an eviction (HTTP 429): the pod and what the API said. */
        record Refused(String namespace, String pod, String message) implements Eviction {}
    }
}
