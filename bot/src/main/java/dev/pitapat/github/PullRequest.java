package dev.pitapat.github;

import java.net.URI;
import java.util.OptionalLong;

/**
 * A pull request as GitHub reports it now. {@code headRepoId} is empty when the fork it came from was
 * deleted.
 */
public record PullRequest(
        int number,
        State state,
        boolean merged,
        boolean draft,
        String title,
        String author,
        String headSha,
        String headRef,
        OptionalLong headRepoId,
        String baseRef,
        long baseRepoId,
        URI htmlUrl) {

    /** GitHub's {@code state}: a merged pull request is {@code CLOSED} and {@code merged}. */
    public enum State {
        OPEN,
        CLOSED
    }

    /** Whether the head lives in another repository than the base (a fork, or a deleted one). */
    public boolean fromFork() {
        return headRepoId.isEmpty() || headRepoId.getAsLong() != baseRepoId;
    }
}
