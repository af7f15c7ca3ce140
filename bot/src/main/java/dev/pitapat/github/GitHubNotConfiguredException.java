package dev.pitapat.github;

/** pitapat was started without a GitHub App id and key, so it cannot act on GitHub. */
public final class GitHubNotConfiguredException extends GitHubException {

    static final String MESSAGE =
            "GitHub App is not configured: set pitapat.github.app-id and pitapat.github.private-key";

    public GitHubNotConfiguredException(String operation) {
        super(operation, MESSAGE);
    }
}
