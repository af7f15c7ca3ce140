package dev.pitapat.kube;

import java.util.Optional;

/**
 * An Argo CD Application's state, as pitapat reads it (Argo CD 3: per-resource health is not on the
 * Application; the Rollout says that).
 *
 * @param syncStatus {@code status.sync.status}: {@code Synced}, {@code OutOfSync}, {@code Unknown}
 * @param syncRevision {@code status.sync.revision}: the GitOps commit Argo CD compared with
 * @param operation {@code status.operationState}, when Argo CD ran or runs a sync
 * @param health {@code status.health.status}: {@code Healthy}, {@code Suspended}, {@code Progressing}, ...
 */
public record ApplicationState(
        String syncStatus, Optional<String> syncRevision, Optional<Operation> operation, String health) {

    /** {@code status.operationState}: {@code phase} is {@code Running}, {@code Succeeded}, {@code Failed}, {@code Error}. */
    public record Operation(String phase, Optional<String> revision, String message) {}

    /** Synced at {@code commit}, and the sync operation for that revision succeeded. */
    public boolean syncedAt(String commit) {
        return syncStatus.equals("Synced")
                && syncRevision.filter(commit::equals).isPresent()
                && operation
                        .filter(o -> o.phase().equals("Succeeded"))
                        .flatMap(Operation::revision)
                        .filter(commit::equals)
                        .isPresent();
    }

    /** The sync of {@code commit} failed: Argo CD's message. */
    public Optional<String> syncFailureAt(String commit) {
        return operation
                .filter(o -> o.phase().equals("Failed") || o.phase().equals("Error"))
                .filter(o -> o.revision().filter(commit::equals).isPresent())
                .map(Operation::message);
    }
}
