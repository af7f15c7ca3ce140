package dev.pitapat.kube;

import java.util.Optional;

/**
 * A build as its {@code Workflow}'s status says, from {@code status.phase} and {@code status.message} only
 * ({@code status.nodes} may be empty: Argo offloads it).
 *
 * @param name the Workflow's name
 * @param phase where it is
 * @param progress Argo's {@code status.progress} ({@code 1/2}: finished pods of all), when it reports one
 * @param message Argo's {@code status.message}, empty when it has none
 * @param checkRun the {@code build} check run that reports it, when one was made
 */
public record BuildState(String name, Phase phase, Optional<String> progress, String message, Optional<Long> checkRun) {

    /** {@code status.phase}; an empty or unknown one counts as pending. */
    public enum Phase {
        PENDING,
        RUNNING,
        SUCCEEDED,
        FAILED,
        ERROR;

        static Phase of(String phase) {
            return switch (phase) {
                case "Running" -> RUNNING;
                case "Succeeded" -> SUCCEEDED;
                case "Failed" -> FAILED;
                case "Error" -> ERROR;
                default -> PENDING;
            };
        }
    }

    public boolean finished() {
        return phase == Phase.SUCCEEDED || phase == Phase.FAILED || phase == Phase.ERROR;
    }

    public boolean failed() {
        return phase == Phase.FAILED || phase == Phase.ERROR;
    }
}
