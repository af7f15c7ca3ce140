package dev.pitapat.kube;

import java.util.Optional;
import java.util.function.Consumer;

/** No cluster: nothing is built, and nothing is watched. */
final class NoBuilds implements Builds {

    @Override
    public boolean available() {
        return false;
    }

    @Override
    public BuildState start(BuildOrder order) {
        throw new ClusterException("building " + order.image() + ": no cluster is configured", null);
    }

    @Override
    public Optional<BuildState> latest(String build) {
        return Optional.empty();
    }

    @Override
    public Optional<BuildState> state(String name) {
        return Optional.empty();
    }

    @Override
    public Cluster.Watch watch(Consumer<String> changed) {
        return Cluster.none().watch(changed);
    }
}
