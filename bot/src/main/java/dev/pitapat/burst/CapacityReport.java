package dev.pitapat.burst;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One decision about the burst group, or one refusal to decide, with the numbers that drove it and what was done:
 * what the status page, {@code /api/capacity}, the {@code capacity} check run, the metrics and the log say.
 *
 * @param ratio the signal's value, when there was one
 * @param signalProblem why there was none
 * @param waitingNamespaces the namespaces of the pods that cannot be scheduled, each once
 * @param from the group's target size when deciding
 * @param to the size decided (equal to {@code from} for a hold)
 * @param instances how many instances the group has, as last read
 * @param node the burst node acted on, if any
 * @param detail what happened, for people to read (a Compute or Kubernetes message, a pod that does not fit)
 */
public record CapacityReport(
        Instant at,
        Change decision,
        Reason reason,
        Optional<Double> ratio,
        Optional<String> signalProblem,
        int waitingPods,
        List<String> waitingNamespaces,
        int from,
        int to,
        Optional<Integer> instances,
        Act act,
        Optional<String> node,
        String detail,
        boolean dryRun) {

    public CapacityReport {
        waitingNamespaces = List.copyOf(waitingNamespaces);
    }

    /** What was done about a decision. */
    public enum Act {
        /** Nothing to do (a hold). */
        NONE,
        /** The group was resized and Compute confirmed it. */
        RESIZED,
        /** Dry run: the group would have been resized. */
        WOULD_RESIZE,
        /** A burst node was cordoned and its pods are being evicted. */
        DRAIN_STARTED,
        /** Dry run: this node would have been drained. */
        WOULD_DRAIN,
        /** Its pods are still moving. */
        DRAINING,
        /** The drained node's VM was deleted from the group. */
        REMOVED,
        /** A PodDisruptionBudget refused an eviction: the node was uncordoned and kept. */
        EVICTION_REFUSED,
        /** The drain did not finish within drain-timeout: the node was uncordoned and kept. */
        DRAIN_GIVEN_UP,
        /** Compute or the cluster failed; it is tried again at the next look. */
        FAILED
    }

    /** What decides whether the check runs need a new word: the same headline is not posted again. */
    String headline() {
        return decision + " " + reason + " " + from + "->" + to + " " + act + " " + node.orElse("");
    }

    /** The metric label of the decision: {@code up}, {@code down}, {@code hold}. */
    public String decisionLabel() {
        return decision.label();
    }

    /** The metric label of the reason, e.g. {@code above_threshold}. */
    public String reasonLabel() {
        return reason.label();
    }
}
