package dev.pitapat.command;

/**
 * An {@code issue_comment} delivery as the command line needs it.
 *
 * @param repo the repository's {@code owner/name}
 * @param defaultBranch the repository's default branch, where the policy in {@code .github/pitapat.yml} is read
 * @param number the issue or pull-request number
 * @param onPullRequest whether the comment is on a pull request (commands on plain issues are ignored)
 * @param authorIsBot whether the comment's author is a bot account (ignored)
 */
public record CommentEvent(
        String deliveryId,
        long installationId,
        String repo,
        String defaultBranch,
        int number,
        boolean onPullRequest,
        String action,
        long commentId,
        String body,
        String author,
        boolean authorIsBot) {}
