package dev.pitapat.deploy;

import dev.pitapat.deploy.DeployPipeline.Kind;
import dev.pitapat.deploy.DeployPipeline.Origin;
import dev.pitapat.deploy.DeployPipeline.Request;
import dev.pitapat.deploy.DeployPipeline.Requester;
import dev.pitapat.model.Target;
import dev.pitapat.store.EnvironmentLocks;
import dev.pitapat.store.Lease;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One environment's turn: its deploy lease, the line of requests waiting for it (their places renewed while
 * they wait, so a waiter that died drops out), and what holds a request back when its turn comes (a freeze;
 * for a push, a rollback's pin).
 */
final class EnvironmentLine {

    /** How long a deploy holds its environment unless renewed: a replica that dies frees it after this. */
    private static final Duration LEASE = Duration.ofMinutes(2);
    /** How long a place in line lasts unless the waiter renews it: a waiter that died drops out. */
    private static final Duration PLACE = Duration.ofSeconds(30);

    private final EnvironmentLocks locks;
    private final DeployProperties waiting;
    private final Clock clock;

    EnvironmentLine(EnvironmentLocks locks, DeployProperties waiting, Clock clock) {
        this.locks = locks;
        this.waiting = waiting;
        this.clock = clock;
    }

    /**
     * The lease of the environment: at once when it is free and nobody waits, or after waiting in line for at
     * most {@code pitapat.deploy.max-wait}; empty when the wait ran out.
     */
    Optional<Lease> awaitTurn(Target target, String holder, Requester requester) {
        String app = target.app().value();
        String env = target.env().value();
        Optional<Lease> lease = locks.tryAcquire(app, env, holder, LEASE);
        if (lease.isPresent()) {
            return lease;
        }
        Instant deadline = clock.instant().plus(waiting.maxWait());
        int place = locks.joinLine(app, env, holder, PLACE);
        requester.waiting(place, locks.leaseOf(app, env).map(Lease::holder).orElse("a deploy that is finishing"));
        try {
            while (true) {
                lease = locks.tryAcquire(app, env, holder, LEASE);
                if (lease.isPresent()) {
                    return lease;
                }
                if (!clock.instant().isBefore(deadline)) {
                    locks.leaveLine(app, env, holder);
                    return Optional.empty();
                }
                Thread.sleep(waiting.linePoll());
                locks.joinLine(app, env, holder, PLACE); // keeps its place
            }
        } catch (InterruptedException e) {
            locks.leaveLine(app, env, holder);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("stopped while waiting for " + target.label(), e);
        }
    }

    /** A freeze holds back deploys and rollbacks; a rollback's pin holds back push-to-deploy. */
    Optional<String> heldBack(Request request, Target target) {
        if (request.kind() != Kind.DEPLOY && request.kind() != Kind.ROLLBACK) {
            return Optional.empty();
        }
        String app = target.app().value();
        String env = target.env().value();
        Optional<String> frozen = locks.lockOf(app, env)
                .map(lock -> EnvironmentDesk.Freeze.of(lock).refusal(target));
        if (frozen.isPresent() || request.origin() != Origin.PUSH) {
            return frozen;
        }
        return locks.pinOf(app, env)
                .map(pin -> "skipped: `" + target.env() + "` is pinned to deployment `" + pin.revision()
                        + "` by @" + pin.by() + "'s rollback, so push-to-deploy leaves it alone. Comment `/deploy "
                        + target.env() + "` or `/unlock " + target.env() + "` on a pull request to hand it back.");
    }

    /** Extends the lease before a step that may take long; false when it lapsed and another may hold it now. */
    boolean renew(Lease lease) {
        return locks.renew(lease, LEASE);
    }

    void release(Lease lease) {
        locks.release(lease);
    }
}
