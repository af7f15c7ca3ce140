package dev.pitapat.burst;

/** Why a decision was made: the metric label of {@code pitapat_burst_decisions_total}. */
public enum Reason {
    ABOVE_THRESHOLD("above_threshold"),
    UNSCHEDULABLE_PODS("unschedulable_pods"),
    BELOW_MIN_NODES("below_min_nodes"),
    ABOVE_MAX_NODES("above_max_nodes"),
    BELOW_THRESHOLD("below_threshold"),
    WITHIN_BAND("within_band"),
    AWAITING_SAMPLES("awaiting_samples"),
    COOLDOWN("cooldown"),
    MAX_NODES_REACHED("max_nodes_reached"),
    MIN_NODES_REACHED("min_nodes_reached"),
    SIGNAL_UNAVAILABLE("signal_unavailable"),
    DRAINING("draining"),
    /** the caller's: no burst node's pods fit on the other nodes */
    NO_NODE_FITS("no_node_fits"),
    /** the caller's: the instance group could not be read */
    GROUP_UNAVAILABLE("group_unavailable"),
    /** the caller's: the cluster's nodes or pods could not be read */
    CLUSTER_UNAVAILABLE("cluster_unavailable");

    private final String label;

    Reason(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
