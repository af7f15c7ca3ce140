package dev.pitapat.deploy;

import dev.pitapat.deploy.Following.Act;
import dev.pitapat.deploy.Following.End;
import dev.pitapat.deploy.Progress.StepName;
import dev.pitapat.kube.ApplicationState;
import dev.pitapat.kube.RolloutState;
import dev.pitapat.model.DeploymentId;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What a followed deploy's record becomes when the cluster shows something new or a deadline passes: a function of
 * the record, what the cluster shows and the time, with no side effect (DESIGN.md section 6, "Following the
 * cluster"). Synced first: the Application synced a GitOps commit holding our folder and its sync operation
 * succeeded (a failed one ends it with Argo CD's message). Then the Rollout, read only once it asks for our version
 * and its controller has seen that spec: a {@code BlueGreenPause} waits for promotion (the healthy clock stops), a
 * pause that went away was a promotion, {@code Healthy} with {@code stableRS == currentPodHash} ends it well,
 * {@code Degraded} or an abort end it badly. Timeouts name the step it was stuck short of and Argo's last word.
 */
final class FollowRules {

    private final Duration syncTimeout;
    private final Duration healthyTimeout;

    FollowRules(Duration syncTimeout, Duration healthyTimeout) {
        this.syncTimeout = syncTimeout;
        this.healthyTimeout = healthyTimeout;
    }

    /**
     * What the follower knows of the environment now.
     *
     * @param removedBy when the environment has no Application: the removal that emptied its folder since (a
     *     closed pull request's preview), if one did
     */
    record Seen(
            boolean known,
            Optional<ApplicationState> application,
            Optional<RolloutState> rollout,
            Optional<DeploymentId> removedBy) {

        /** Nothing is known: the watch has not listed the cluster (yet, or it cannot reach it). */
        static final Seen UNKNOWN = new Seen(false, Optional.empty(), Optional.empty(), Optional.empty());

        Seen(boolean known, Optional<ApplicationState> application, Optional<RolloutState> rollout) {
            this(known, application, rollout, Optional.empty());
        }
    }

    /** Who did what to the deploy through pitapat, asked only when the cluster shows it was done. */
    interface Acts {
        Optional<Act> promotion();

        /** The abort, as it ends the deploy: who, when, and whether a {@code promotion-timeout} asked for it. */
        Optional<End.Aborted> abort();
    }

    /**
     * The record after what is seen at {@code now}; the same instance when nothing changed.
     *
     * @param holdsOurs whether a GitOps commit Argo CD names holds the deploy's folder as its commit left it
     */
    Progress next(Progress progress, Seen seen, Predicate<String> holdsOurs, Acts acts, Instant now) {
        Following follow = progress.following().orElseThrow();
        if (progress.stage() != Progress.Stage.FOLLOWING || follow.end().isPresent()) {
            return progress;
        }
        Progress next = seen.known() ? observe(progress, follow, seen, holdsOurs, acts, now) : progress;
        return overdue(next, now, seen.known())
                .map(end -> next.followed(next.following().orElseThrow().ended(end), now))
                .orElse(next);
    }

    private Progress observe(
            Progress progress, Following follow, Seen seen, Predicate<String> holdsOurs, Acts acts, Instant now) {
        Progress next = progress;
        Following f = follow;
        if (!next.did(StepName.SYNCED)) {
            if (seen.application().isEmpty()) {
                if (seen.removedBy().isPresent()) { // its pull request was closed: the preview is gone
                    return next.followed(
                            f.ended(new End.Superseded(seen.removedBy().get())), now);
                }
                return word(next, f, "Argo CD has no Application for it yet", now);
            }
            ApplicationState app = seen.application().get();
            Optional<ApplicationState.Operation> operation =
                    app.operation().filter(o -> o.revision().filter(holdsOurs).isPresent());
            Optional<String> failed = operation
                    .filter(o -> o.phase().equals("Failed") || o.phase().equals("Error"))
                    .map(ApplicationState.Operation::message);
            if (failed.isPresent()) {
                return next.followed(f.ended(new End.SyncFailed(failed.get())), now);
            }
            boolean synced = app.syncStatus().equals("Synced")
                    && app.syncRevision().filter(holdsOurs).isPresent()
                    && operation.filter(o -> o.phase().equals("Succeeded")).isPresent();
            if (!synced) {
                return word(next, f, syncWord(app), now);
            }
            f = f.with(Optional.of(now), f.pausedSince(), f.promoted(), "synced");
            next = next.step(StepName.SYNCED, now).followed(f, now);
        }
        Optional<RolloutState> seenRollout = seen.rollout()
                .filter(r -> progress.sha().map(sha -> r.runs(sha.value())).orElse(true))
                .filter(RolloutState::current);
        if (seenRollout.isEmpty()) {
            return word(
                    next,
                    f,
                    seen.rollout().isEmpty() ? "no Rollout yet" : "Argo Rollouts has not taken up this version yet",
                    now);
        }
        RolloutState rollout = seenRollout.get();
        if (rollout.aborted() && !f.restoring()) {
            End aborted = acts.abort()
                    .orElseGet(
                            () -> new End.Aborted(new Act(Optional.empty(), now, Optional.empty()), Optional.empty()));
            return next.followed(f.ended(aborted), now);
        }
        if (rollout.phase().equals("Degraded") && !(f.restoring() && rollout.aborted())) {
            return next.followed(f.ended(new End.Degraded(rollout.message())), now);
        }
        if (rollout.awaitingPromotion()) {
            if (f.pausedSince().isEmpty()) {
                Instant since = rollout.awaitingPromotionSince()
                        .filter(t -> !t.equals(Instant.EPOCH))
                        .orElse(now);
                f = f.with(f.healthSince(), Optional.of(since), f.promoted(), "awaiting promotion");
                next = next.step(StepName.AWAITING_PROMOTION, now).followed(f, now);
            }
            return next;
        }
        if (f.awaitingPromotion()) { // the pause went: someone promoted it
            Act act = acts.promotion().orElseGet(() -> new Act(Optional.empty(), now, Optional.empty()));
            f = f.with(Optional.of(now), f.pausedSince(), Optional.of(act), "promoted");
            next = next.step(StepName.PROMOTED, now).followed(f, now);
        }
        if (rollout.healthy()) {
            return next.step(StepName.HEALTHY, now).followed(f.ended(new End.Healthy()), now);
        }
        return word(next, f, rolloutWord(rollout), now);
    }

    /** The record with Argo's latest word, unchanged when the word is the same. */
    private static Progress word(Progress progress, Following f, String word, Instant now) {
        if (word.equals(f.lastWord())) {
            return progress;
        }
        return progress.followed(f.with(f.healthSince(), f.pausedSince(), f.promoted(), word), now);
    }

    private static String syncWord(ApplicationState app) {
        String base = "sync status " + app.syncStatus()
                + app.syncRevision()
                        .map(r -> " at " + r.substring(0, Math.min(7, r.length())))
                        .orElse("");
        return app.operation()
                .filter(o -> !o.message().isBlank())
                .map(o -> base + "; last operation " + o.phase() + ": " + o.message())
                .orElse(base);
    }

    private static String rolloutWord(RolloutState rollout) {
        return "Rollout " + (rollout.phase().isEmpty() ? "without a phase" : rollout.phase())
                + (rollout.message().isBlank() ? "" : ": " + rollout.message());
    }

    /** A timeout that has passed: short of synced, or short of healthy (not counting a wait for promotion). */
    private Optional<End> overdue(Progress progress, Instant now, boolean known) {
        if (progress.finished()) {
            return Optional.empty();
        }
        Following f = progress.following().orElseThrow();
        if (!progress.did(StepName.SYNCED)) {
            return now.isBefore(f.since().plus(syncTimeout))
                    ? Optional.empty()
                    : Optional.of(timedOut(StepName.SYNCED, syncTimeout, f, known));
        }
        if (f.awaitingPromotion() || f.healthSince().isEmpty()) {
            return Optional.empty();
        }
        return now.isBefore(f.healthSince().get().plus(healthyTimeout))
                ? Optional.empty()
                : Optional.of(timedOut(StepName.HEALTHY, healthyTimeout, f, known));
    }

    /**
     * Out of time: the deploy failed, when the cluster was seen; when it could not be (the watch has not listed
     * it, or reading it failed), the rollout is not known to have failed: its status is unknown, as without a
     * cluster.
     */
    private static End timedOut(StepName waitingFor, Duration after, Following f, boolean known) {
        return known ? new End.TimedOut(waitingFor, after, f.lastWord()) : new End.Unfollowed(after);
    }

    /** When the record must be looked at again even if the cluster says nothing: its next deadline. */
    Optional<Instant> deadline(Progress progress) {
        if (progress.finished() || progress.following().isEmpty()) {
            return Optional.empty();
        }
        Following f = progress.following().get();
        if (!progress.did(StepName.SYNCED)) {
            return Optional.of(f.since().plus(syncTimeout));
        }
        if (f.awaitingPromotion()) {
            return f.promotionTimeout().map(t -> f.pausedSince().get().plus(t));
        }
        return f.healthSince().map(t -> t.plus(healthyTimeout));
    }

    /** Waiting for promotion for longer than the environment's {@code promotion-timeout}: to be aborted. */
    static boolean promotionOverdue(Progress progress, Instant now) {
        Following f = progress.following().orElseThrow();
        return progress.awaitingPromotion()
                && f.promotionTimeout().isPresent()
                && !now.isBefore(f.pausedSince().get().plus(f.promotionTimeout().get()));
    }

    /** The acts two lookups find, each asked only when needed. */
    static Acts acts(Supplier<Optional<Act>> promotion, Supplier<Optional<End.Aborted>> abort) {
        return new Acts() {
            @Override
            public Optional<Act> promotion() {
                return promotion.get();
            }

            @Override
            public Optional<End.Aborted> abort() {
                return abort.get();
            }
        };
    }
}
