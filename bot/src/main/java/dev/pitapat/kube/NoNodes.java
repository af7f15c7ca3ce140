package dev.pitapat.kube;

import java.time.Instant;
import java.util.List;

/** No cluster: no burst nodes, no waiting pods; draining is refused. */
final class NoNodes implements Nodes {

    @Override
    public boolean available() {
        return false;
    }

    @Override
    public List<BurstNode> labelled(String key, String value) {
        return List.of();
    }

    @Override
    public List<WaitingPod> unschedulable() {
        return List.of();
    }

    @Override
    public Fit fitsElsewhere(String node) {
        return new Fit(false, 0, "no cluster is configured");
    }

    @Override
    public void cordon(String node, Instant since) {
        throw new ClusterException("cordoning node " + node + ": no cluster is configured", null);
    }

    @Override
    public void uncordon(String node) {
        throw new ClusterException("uncordoning node " + node + ": no cluster is configured", null);
    }

    @Override
    public Eviction evict(String node) {
        throw new ClusterException("draining node " + node + ": no cluster is configured", null);
    }
}
