package dev.pitapat.kube;

import dev.pitapat.model.Target;
import java.util.Optional;
import java.util.function.Consumer;

/** The cluster when none is configured: nothing is followed, and nothing can be promoted or aborted. */
final class NoCluster implements Cluster {

    @Override
    public boolean followed() {
        return false;
    }

    @Override
    public Optional<ApplicationState> application(Target target) {
        return Optional.empty();
    }

    @Override
    public Optional<RolloutState> rollout(Target target) {
        return Optional.empty();
    }

    @Override
    public boolean refresh(Target target) {
        return false;
    }

    @Override
    public Promotion promote(Target target) {
        return Promotion.NO_ROLLOUT;
    }

    @Override
    public boolean abort(Target target) {
        return false;
    }

    /** Nothing to watch: never synced, never connected, and nothing is ever told. */
    @Override
    public Watch watch(Consumer<String> changed) {
        return new Watch() {
            @Override
            public boolean synced() {
                return false;
            }

            @Override
            public boolean connected() {
                return false;
            }

            @Override
            public void close() {}
        };
    }
}
