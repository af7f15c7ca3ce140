package dev.pitapat.store;

/**
 * The answer of {@link EnvironmentLocks#lock}. Each case carries the lock in place after the call, so a
 * refusal can name who holds it, since when and why.
 */
public sealed interface LockOutcome {

    FreezeLock lock();

    /** The environment was not locked; now it is, by the caller. */
    record Locked(FreezeLock lock) implements LockOutcome {}

    /** The caller already held the lock; a new reason replaced the old one, the time is unchanged. */
    record Relocked(FreezeLock lock) implements LockOutcome {}

    /** Someone else holds the lock; nothing changed. */
    record HeldByOther(FreezeLock lock) implements LockOutcome {}
}
