package dev.pitapat.deploy;

import dev.pitapat.model.DeploymentId;
import dev.pitapat.model.Sha;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A committed deploy as pitapat follows it in the cluster (DESIGN.md section 6): Argo CD syncing the GitOps commit,
 * then the Argo Rollouts Rollout becoming healthy, maybe after waiting for someone to promote its blue-green
 * preview. Kept in the deploy's progress record, so any replica resumes it.
 *
 * @param commit the GitOps commit whose folder the environment must run: the deploy's own, or for a deploy that
 *     changed nothing, the folder's last commit
 * @param since when following began: the sync clock ({@code pitapat.kube.sync-timeout}) runs from here
 * @param healthSince when the wait for health began: when it synced, or when it was promoted; empty before
 * @param promotionTimeout the environment's {@code promotion-timeout} (manual promotion only)
 * @param restoring it returns to an earlier version (a rollback or an abort): a Rollout still marked aborted is
 *     expected until the restored version runs
 * @param pausedSince when its preview began waiting for promotion ({@code BlueGreenPause}'s start), if it did
 * @param promoted who promoted it, and when
 * @param lastWord Argo CD's or Argo Rollouts' last message about it, for a timeout's report
 * @param end how following ended, once it has
 * @param capacity what cloud bursting says while its pods cannot be scheduled (capacity being added, or why not)
 */
public record Following(
        Sha commit,
        Instant since,
        Optional<Instant> healthSince,
        Optional<Duration> promotionTimeout,
        boolean restoring,
        Optional<Instant> pausedSince,
        Optional<Act> promoted,
        String lastWord,
        Optional<End> end,
        Optional<String> capacity) {

    /** Following from {@code now}: nothing seen yet. */
    static Following of(Sha commit, Instant now, Optional<Duration> promotionTimeout, boolean restoring) {
        return new Following(
                commit,
                now,
                Optional.empty(),
                promotionTimeout,
                restoring,
                Optional.empty(),
                Optional.empty(),
                "",
                Optional.empty(),
                Optional.empty());
    }

    /**
     * Something someone did to a followed deploy: a promotion or an abort.
     *
     * @param by who, when pitapat did it for them (the request's requester); empty when it was done outside
     *     pitapat ({@code kubectl argo rollouts}, Argo CD's UI)
     * @param request the pitapat request that did it, if one did
     */
    public record Act(Optional<String> by, Instant at, Optional<DeploymentId> request) {

        /** {@code @dana}, or {@code someone outside pitapat}. */
        public String who() {
            return by.map(login -> "@" + login).orElse("someone outside pitapat");
        }
    }

    /** How following a deploy ended. */
    public sealed interface End {

        /** The Rollout runs it, healthy and fully promoted. */
        record Healthy() implements End {}

        /** Argo CD's sync of the commit failed: its message. */
        record SyncFailed(String message) implements End {}

        /** The Rollout is {@code Degraded}: Argo Rollouts' message. */
        record Degraded(String message) implements End {}

        /**
         * It stayed short of {@code waitingFor} ({@link Progress.StepName#SYNCED} or {@link
         * Progress.StepName#HEALTHY}) for {@code after} ({@code pitapat.kube.sync-timeout} or {@code
         * healthy-timeout}); {@code lastWord} is Argo's last message.
         */
        record TimedOut(Progress.StepName waitingFor, Duration after, String lastWord) implements End {}

        /**
         * The cluster could not be read for {@code after} (a timeout), so nothing is known of the rollout:
         * committed, with its status unknown, as without a cluster.
         */
        record Unfollowed(Duration after) implements End {}

        /** A newer deploy to the environment was committed before this one ended. */
        record Superseded(DeploymentId by) implements End {}

        /**
         * Its rollout was aborted: traffic stayed on the previous version.
         *
         * @param act who aborted it and when
         * @param unpromotedFor set when pitapat aborted it because nobody promoted it within the environment's
         *     {@code promotion-timeout}
         */
        record Aborted(Act act, Optional<Duration> unpromotedFor) implements End {}
    }

    Following with(Optional<Instant> health, Optional<Instant> paused, Optional<Act> promotion, String word) {
        return new Following(
                commit, since, health, promotionTimeout, restoring, paused, promotion, word, end, capacity);
    }

    /** With what cloud bursting says about its pods that cannot be scheduled (empty: none wait). */
    Following withCapacity(Optional<String> note) {
        return new Following(
                commit, since, healthSince, promotionTimeout, restoring, pausedSince, promoted, lastWord, end, note);
    }

    Following ended(End how) {
        return new Following(
                commit,
                since,
                healthSince,
                promotionTimeout,
                restoring,
                pausedSince,
                promoted,
                lastWord,
                Optional.of(how),
                capacity);
    }

    /** Waiting for someone to promote its preview now. */
    boolean awaitingPromotion() {
        return pausedSince.isPresent() && promoted.isEmpty() && end.isEmpty();
    }
}
