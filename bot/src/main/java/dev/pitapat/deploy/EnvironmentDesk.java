package dev.pitapat.deploy;

import dev.pitapat.gitops.GitOpsWriter;
import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.Markdown;
import dev.pitapat.model.Target;
import dev.pitapat.store.EnvironmentLocks;
import dev.pitapat.store.FreezeLock;
import dev.pitapat.store.LockOutcome;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Freezes and states of environments, for {@code /lock}, {@code /unlock} and {@code /status}. */
@Component
public class EnvironmentDesk {

    /** A freeze: who set it, when, and why. */
    public record Freeze(String by, Instant at, Optional<String> reason) {

        static Freeze of(FreezeLock lock) {
            return new Freeze(lock.by(), lock.at(), lock.reason());
        }

        /** {@code " (`reason`)"}, or nothing when no reason was given. */
        public String reasonText() {
            return reason.map(r -> " (" + Markdown.code(r) + ")").orElse("");
        }

        /** The answer to a deploy or rollback the freeze holds back. */
        public String refusal(Target target) {
            return Words.refusal(new Outcome.Refusal.Locked(this), target);
        }
    }

    /** What {@code /lock} did. */
    public sealed interface LockResult {
        Freeze freeze();

        record Locked(Freeze freeze) implements LockResult {}

        record AlreadyLockedByYou(Freeze freeze) implements LockResult {}

        record HeldByOther(Freeze freeze) implements LockResult {}
    }

    /**
     * An environment's state: its freeze, the revision a rollback pinned it to, the deploy that holds it (as
     * its holder text), how many wait in line behind that one, and the last deploy followed in the cluster
     * there with where it stands (its id, in a code span, and its state).
     */
    public record State(
            Optional<Freeze> freeze,
            Optional<String> pinnedTo,
            Optional<String> deploying,
            int waiting,
            Optional<String> inCluster) {}

    private final EnvironmentLocks locks;
    private final GitOpsWriter writer;
    private final ProgressRecords records;
    private final Clock clock;

    EnvironmentDesk(EnvironmentLocks locks, GitOpsWriter writer, ProgressRecords records, Clock clock) {
        this.locks = locks;
        this.writer = writer;
        this.records = records;
        this.clock = clock;
    }

    /** The environment's last {@code limit} deployments from the GitOps log, newest first, as Markdown. */
    public String history(Target target, int limit) {
        return Words.history(target, writer.history(target, limit), records::get);
    }

    public LockResult lock(Target target, String by, Optional<String> reason) {
        LockOutcome outcome = locks.lock(target, by, reason.orElse(""), clock.instant());
        Freeze freeze = Freeze.of(outcome.lock());
        return switch (outcome) {
            case LockOutcome.Locked locked -> new LockResult.Locked(freeze);
            case LockOutcome.Relocked relocked -> new LockResult.AlreadyLockedByYou(freeze);
            case LockOutcome.HeldByOther other -> new LockResult.HeldByOther(freeze);
        };
    }

    /**
     * Lifts the freeze and the rollback pin of the environment: {@code /unlock} hands it back to
     * automation. Returns the freeze that was lifted, if there was one.
     */
    public Optional<Freeze> unlock(Target target) {
        locks.unpin(target);
        return locks.unlock(target).map(Freeze::of);
    }

    public Optional<Freeze> freezeOf(Target target) {
        return locks.lockOf(target).map(Freeze::of);
    }

    /** {@code `d-…` (deploy by `@dana`)}, or the bare holder when its record is gone. */
    private String holderText(String holder) {
        return DeploymentId.parse(holder)
                .toOptional()
                .flatMap(records::get)
                .map(p -> "`" + holder + "` (" + Words.verb(p.request()) + " by `@"
                        + p.request().ask().requestedBy() + "`)")
                .orElse("`" + holder + "`");
    }

    public State state(Target target) {
        return new State(
                locks.lockOf(target).map(Freeze::of),
                locks.pinOf(target).map(pin -> pin.revision()),
                locks.leaseOf(target).map(lease -> holderText(lease.holder())),
                locks.waiting(target).size(),
                records.lastFollowed(target)
                        .map(p -> "`" + p.request().ask().id().value() + "` "
                                + p.sha()
                                        .map(sha -> "(`" + sha.abbreviated() + "`) ")
                                        .orElse("")
                                + Words.state(p)));
    }
}
