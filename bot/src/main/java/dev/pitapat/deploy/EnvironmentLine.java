package dev.pitapat.deploy;

import dev.pitapat.deploy.Outcome.Refusal;
import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.Target;
import dev.pitapat.store.EnvironmentLocks;
import dev.pitapat.store.Lease;
import java.time.Duration;
import java.util.Optional;

/**
 * One environment's turn, in the store: its deploy lease (held by a deployment id) and the line of deploys
 * waiting for it. Nobody sleeps on it: a deploy joins the line when it is accepted and the runner looks, on a
 * timer, whether its turn has come. Also what holds a request back when its turn comes: a freeze, and for a
 * push, a rollback's pin.
 */
final class EnvironmentLine {

    private final EnvironmentLocks locks;
    private final DeployProperties settings;

    EnvironmentLine(EnvironmentLocks locks, DeployProperties settings) {
        this.locks = locks;
        this.settings = settings;
    }

    /**
     * Puts the deploy in the environment's line (or keeps its place) for what is left of its wait; its place,
     * 1 being next.
     */
    int join(Target target, DeploymentId id, Duration left) {
        return locks.joinLine(target, id.value(), atLeastOneMilli(left));
    }

    /** The deploy's place in line (1 is next), or 0 when it is not in line. */
    int placeOf(Target target, DeploymentId id) {
        return locks.waiting(target).indexOf(id.value()) + 1;
    }

    /** The id of the deploy that holds the environment, if one does. */
    Optional<String> holder(Target target) {
        return locks.leaseOf(target).map(Lease::holder);
    }

    /** The environment's lease for the deploy when its turn has come: free, and it is first in line (or none wait). */
    Optional<Lease> tryTurn(Target target, DeploymentId id) {
        return locks.tryAcquire(target, id.value(), settings.lease());
    }

    void leave(Target target, DeploymentId id) {
        locks.leaveLine(target, id.value());
    }

    /** Extends the lease before a step that may take long; false when it lapsed and another may hold it now. */
    boolean renew(Lease lease) {
        return locks.renew(lease, settings.lease());
    }

    void release(Lease lease) {
        locks.release(lease);
    }

    /**
     * A freeze holds back deploys, rollbacks and promotions (never an abort: it returns to what ran before); a
     * rollback's pin holds back push-to-deploy.
     */
    Optional<Outcome> heldBack(DeployRequest request) {
        if (!(request instanceof DeployRequest.Deploy)
                && !(request instanceof DeployRequest.Rollback)
                && !(request instanceof DeployRequest.Promote)) {
            return Optional.empty();
        }
        Target target = request.ask().target();
        boolean push = request.ask().origin() instanceof DeployRequest.Origin.Push;
        Optional<Outcome> frozen = locks.lockOf(target)
                .map(lock -> push
                        ? new Outcome.Skipped(new Outcome.Hold.Locked(lock))
                        : new Outcome.Refused(new Refusal.Locked(EnvironmentDesk.Freeze.of(lock))));
        if (frozen.isPresent() || !push) {
            return frozen;
        }
        return locks.pinOf(target).map(pin -> new Outcome.Skipped(new Outcome.Hold.Pinned(pin)));
    }

    private static Duration atLeastOneMilli(Duration left) {
        return left.toMillis() < 1 ? Duration.ofMillis(1) : left;
    }
}
