package dev.pitapat.store;

import dev.pitapat.model.AppName;
import dev.pitapat.model.Target;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What holds an app's environment back from a deploy, shared by every replica: freeze locks
 * ({@code /lock}), the lease of the deploy in progress and the line of deploys waiting for it, and pins left
 * by a rollback. Implementations: {@link RedisEnvironmentLocks} and {@link InMemoryEnvironmentLocks} (one
 * replica); both pass the same contract tests.
 *
 * <p>An environment is named by its {@link Target}, app and environment name, never by repository: an app
 * belongs to one repository (DESIGN.md section 5). A blank login, holder or revision and a ttl under one
 * millisecond throw {@link IllegalArgumentException}. Who may lock, unlock or deploy is decided before these
 * calls; the store only records.
 *
 * <p>The line is fair: while live waiters stand in it, only the first of them can take a free lease, so a
 * deploy arriving later cannot pass those already told their place. A waiter stays in line only while it
 * keeps re-joining within its ttl; one that died drops out and the line moves up.
 *
 * <p>Every method throws {@link StoreUnavailableException} when the store cannot answer (Redis down); then
 * nothing was changed.
 */
public interface EnvironmentLocks {

    /**
     * Freezes the environment unless someone else already has. When {@code by} already holds the lock (logins
     * compared ignoring case, as GitHub does) a non-blank {@code reason} replaces the old one and the lock keeps
     * its original time; a blank one leaves it as it was.
     *
     * @param reason why, possibly blank; kept on one line and cut to 200 characters
     */
    LockOutcome lock(Target target, String by, String reason, Instant at);

    /** Lifts the freeze, whoever set it; returns the lock lifted, or empty when there was none. */
    Optional<FreezeLock> unlock(Target target);

    Optional<FreezeLock> lockOf(Target target);

    /** Every freeze, ordered by app, then environment. */
    List<FreezeLock> locks();

    /** The app's freezes, ordered by environment. */
    List<FreezeLock> locksOf(AppName app);

    /**
     * Takes the environment's deploy lease for {@code ttl} when nobody holds it and nobody else is first in
     * line; on success the holder leaves the line. Not re-entrant: a holder asking again gets empty.
     *
     * @param holder who deploys, unique per deploy; the same text identifies it in the line
     */
    Optional<Lease> tryAcquire(Target target, String holder, Duration ttl);

    /** Extends the lease to {@code ttl} from now; false when it lapsed or is no longer this one (its token). */
    boolean renew(Lease lease, Duration ttl);

    /** Gives the lease up; false when it lapsed or is no longer this one (its token): then nothing changes. */
    boolean release(Lease lease);

    /** The lease in force, if any, with its current expiry. */
    Optional<Lease> leaseOf(Target target);

    /**
     * Puts {@code holder} in the environment's line, last, or keeps its place when it already stands there;
     * either way it stays for {@code ttl} from now. Returns its place: 1 is next for the lease.
     */
    int joinLine(Target target, String holder, Duration ttl);

    /** Takes {@code holder} out of the line; false when it was not there. */
    boolean leaveLine(Target target, String holder);

    /** The live waiters, first first. */
    List<String> waiting(Target target);

    /** Pins the environment at {@code revision}, replacing any pin it had; returns the pin. */
    Pin pin(Target target, String by, String revision, Instant at);

    /** Lifts the pin; returns the pin lifted, or empty when there was none. */
    Optional<Pin> unpin(Target target);

    Optional<Pin> pinOf(Target target);
}
