package dev.pitapat.github;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;

/**
 * A status to post on a GitHub Deployment. {@code autoInactive} (GitHub's default) marks earlier
 * successful deployments to the same environment inactive when this one succeeds.
 */
public record DeploymentStatus(
        State state,
        Optional<String> description,
        Optional<URI> environmentUrl,
        Optional<URI> logUrl,
        boolean autoInactive) {

    /** GitHub's deployment states, spelled on the wire as GitHub's REST description has them. */
    public enum State {
        QUEUED,
        IN_PROGRESS,
        SUCCESS,
        FAILURE,
        ERROR,
        INACTIVE;

        /** {@code in_progress}, never {@code in-progress}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static DeploymentStatus of(State state) {
        return new DeploymentStatus(state, Optional.empty(), Optional.empty(), Optional.empty(), true);
    }

    /** GitHub keeps at most 140 characters; longer descriptions are cut. */
    public DeploymentStatus withDescription(String description) {
        String cut = description.length() <= 140 ? description : description.substring(0, 139) + "…";
        return new DeploymentStatus(state, Optional.of(cut), environmentUrl, logUrl, autoInactive);
    }

    public DeploymentStatus withEnvironmentUrl(URI environmentUrl) {
        return new DeploymentStatus(state, description, Optional.of(environmentUrl), logUrl, autoInactive);
    }

    public DeploymentStatus withLogUrl(URI logUrl) {
        return new DeploymentStatus(state, description, environmentUrl, Optional.of(logUrl), autoInactive);
    }

    public DeploymentStatus withAutoInactive(boolean autoInactive) {
        return new DeploymentStatus(state, description, environmentUrl, logUrl, autoInactive);
    }
}
