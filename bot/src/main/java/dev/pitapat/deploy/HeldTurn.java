package dev.pitapat.deploy;

import dev.pitapat.store.Lease;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * A running deploy's hold on its environment: the store's lease, renewed by the runner's timer every third of
 * {@code pitapat.deploy.lease} for as long as the deploy runs, and once more right before each push. A deploy
 * that could not renew it in time (its replica paused, or lost the store, longer than the lease) has lost it for
 * good: another deploy may hold the environment, so it commits nothing.
 */
final class HeldTurn {

    private final Lease lease;
    private final EnvironmentLine line;
    private final Clock clock;
    private final Duration every;
    private volatile Instant renewed;
    private volatile boolean lapsed;

    HeldTurn(Lease lease, EnvironmentLine line, Duration ttl, Clock clock) {
        this.lease = lease;
        this.line = line;
        this.clock = clock;
        this.every = ttl.dividedBy(3);
        this.renewed = clock.instant();
    }

    Lease lease() {
        return lease;
    }

    /** Renews it now; false once it has lapsed. */
    boolean renew() {
        if (lapsed) {
            return false;
        }
        Instant now = clock.instant();
        if (line.renew(lease)) {
            renewed = now;
            return true;
        }
        lapsed = true;
        return false;
    }

    /** Renews it when a third of the lease has passed since the last renewal. */
    void renewIfDue() {
        if (!lapsed && !clock.instant().isBefore(renewed.plus(every))) {
            renew();
        }
    }
}
