package dev.pitapat.kube;

import java.time.Instant;
import java.util.Optional;

/**
 * An Argo Rollouts Rollout's state, as pitapat reads it. {@code phase} is trusted only when the controller has
 * seen the current spec ({@code status.observedGeneration} = {@code metadata.generation}).
 *
 * @param phase {@code status.phase}: {@code Healthy}, {@code Progressing}, {@code Paused}, {@code Degraded}
 * @param awaitingPromotionSince the {@code startTime} of a {@code BlueGreenPause} pause condition
 * @param aborted {@code status.abort}
 * @param version the pod template's {@code app.kubernetes.io/version} label (the first digits of the deployed
 *     commit, as pitapat renders it), when it has one: which version the spec asks for
 */
public record RolloutState(
        long generation,
        long observedGeneration,
        String phase,
        Optional<Instant> awaitingPromotionSince,
        boolean aborted,
        Optional<String> stableRs,
        Optional<String> currentPodHash,
        String message,
        Optional<String> version) {

    /** The controller has seen the current spec. */
    public boolean current() {
        return observedGeneration == generation;
    }

    /** A blue-green preview waits for someone to promote it. */
    public boolean awaitingPromotion() {
        return current() && awaitingPromotionSince.isPresent();
    }

    /** Fully promoted and healthy: the new pods are the stable ones. */
    public boolean healthy() {
        return current() && phase.equals("Healthy") && stableRs.isPresent() && stableRs.equals(currentPodHash);
    }

    /**
     * Whether the spec asks for the application commit {@code sha} (full or abbreviated): true when its version
     * label starts alike, or when the template carries no version label (custom templates) and nothing says
     * otherwise.
     */
    public boolean runs(String sha) {
        return version.map(v -> !v.isEmpty() && (sha.startsWith(v) || v.startsWith(sha)))
                .orElse(true);
    }

    /** Degraded or aborted: Argo Rollouts' message. */
    public Optional<String> failure() {
        return current() && (phase.equals("Degraded") || aborted) ? Optional.of(message) : Optional.empty();
    }
}
