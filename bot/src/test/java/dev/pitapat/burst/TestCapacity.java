package dev.pitapat.burst;

import dev.pitapat.store.CapacityLog;
import dev.pitapat.store.InMemoryCapacityLog;

/** Bursting's read side for tests outside this package. */
public final class TestCapacity {

    private TestCapacity() {}

    /** Bursting off, as shipped. */
    public static Capacity off() {
        BurstProperties on = BurstSettings.of(false);
        return new Capacity(
                new BurstProperties(
                        false,
                        on.prometheusUrl(),
                        on.query(),
                        on.scaleUpAt(),
                        on.scaleDownAt(),
                        on.samples(),
                        on.interval(),
                        on.cooldown(),
                        on.minNodes(),
                        on.maxNodes(),
                        on.step(),
                        on.project(),
                        on.zone(),
                        on.instanceGroup(),
                        on.computeEndpoint(),
                        on.nodeLabel(),
                        on.dryRun(),
                        on.drainTimeout()),
                new InMemoryCapacityLog());
    }

    /** Bursting on (as {@link BurstSettings#of}), reading reports from {@code store}. */
    public static Capacity on(CapacityLog store) {
        return new Capacity(BurstSettings.of(false), store);
    }
}
