package dev.pitapat.github;

import dev.pitapat.model.Permission;
import dev.pitapat.model.RepoRef;
import java.util.Optional;

/**
 * What pitapat needs from GitHub; no {@code org.kohsuke} type crosses this line. Every call acts as one
 * installation of the App, named by the {@code installation.id} of the webhook that started the work.
 * Failures are {@link GitHubException}s naming the operation; {@link GitHubNotConfiguredException} when
 * the App is not configured.
 */
public interface GitHubGateway {

    /**
     * Whether pitapat can act on the repository through this gateway at all: false when no GitHub App is
     * configured (and no local stand-in serves the repository), so a delivery about it cannot be handled.
     */
    default boolean actsOn(RepoRef repo) {
        return true;
    }

    /** The login's role on the repository, from {@code role_name}; {@code NONE} when GitHub knows none. */
    Permission permissionOf(long installationId, RepoRef repo, String login);

    /** The UTF-8 text of a file at a ref; empty when there is no file at that path. */
    Optional<String> fileAt(long installationId, RepoRef repo, String ref, String path);

    PullRequest pullRequest(long installationId, RepoRef repo, int number);

    /** The shas of the pull request's commits, oldest first (GitHub lists at most 250). */
    java.util.List<String> pullRequestCommits(long installationId, RepoRef repo, int number);

    /** The pull request's submitted reviews, oldest first. */
    java.util.List<Review> reviews(long installationId, RepoRef repo, int number);

    /**
     * The checks of a commit: its check runs (the latest of each name) and its commit statuses (the latest
     * of each context), as GitHub shows them on the commit.
     */
    java.util.List<CommitCheck> checksOf(long installationId, RepoRef repo, String sha);

    /** The numbers of the pull requests a commit belongs to (open, closed or merged), for a pushed commit. */
    java.util.List<Integer> pullRequestsOf(long installationId, RepoRef repo, String sha);

    CommentRef createComment(long installationId, RepoRef repo, int issueNumber, String markdown);

    CommentRef editComment(long installationId, RepoRef repo, long commentId, String markdown);

    /**
     * The oldest comment on the issue or pull request that carries the marker, a hidden HTML comment such as
     * {@code <!-- pitapat:deploy/staging -->}, written by this App's bot user ({@code <app slug>[bot]}). While
     * GitHub does not say the App's slug, a comment by any bot counts.
     */
    Optional<CommentRef> findComment(long installationId, RepoRef repo, int issueNumber, String marker);

    /**
     * Edits the comment carrying the marker, or creates it. The marker is put in front of the Markdown
     * unless it already contains it; an unchanged comment is left alone.
     */
    default CommentRef upsertComment(
            long installationId, RepoRef repo, int issueNumber, String marker, String markdown) {
        String body = markdown.contains(marker) ? markdown : marker + "\n" + markdown;
        Optional<CommentRef> existing = findComment(installationId, repo, issueNumber, marker);
        if (existing.isEmpty()) {
            return createComment(installationId, repo, issueNumber, body);
        }
        if (existing.get().body().equals(body)) {
            return existing.get();
        }
        return editComment(installationId, repo, existing.get().id(), body);
    }

    /** Reacts on an issue or pull-request comment; reacting twice is harmless. */
    void react(long installationId, RepoRef repo, long commentId, Reaction reaction);

    CheckRunRef createCheckRun(long installationId, RepoRef repo, CheckRunUpdate run);

    /**
     * A short-lived installation token (an hour) that may only read {@code repo}'s contents: what an image build
     * fetches the commit with. Secret: it goes into the build's own Secret and nowhere else.
     */
    String cloneToken(long installationId, RepoRef repo);

    CheckRunRef updateCheckRun(long installationId, RepoRef repo, long checkRunId, CheckRunUpdate run);

    DeploymentRef createDeployment(long installationId, RepoRef repo, NewDeployment deployment);

    void postDeploymentStatus(long installationId, RepoRef repo, long deploymentId, DeploymentStatus status);

    /** The repository as GitHub reports it now: its id, its default branch, whether it is archived. */
    GitHubRepository repository(long installationId, RepoRef repo);

    /**
     * The sha the branch points at; empty when there is no such branch, or the repository has no commit yet
     * (GitHub's {@code 409 Git Repository is empty}).
     */
    Optional<String> branchHead(long installationId, RepoRef repo, String branch);

    /**
     * Creates the branch, pointing at {@code sha}. False when a branch of that name exists already (it is left as
     * it is); any other refusal is a {@link GitHubException}.
     */
    boolean createBranch(long installationId, RepoRef repo, String branch, String sha);

    /**
     * Creates a file on a branch, in one commit with {@code message}. False when the branch has a file at that path
     * already (it is left as it is); any other refusal is a {@link GitHubException}.
     */
    boolean createFile(long installationId, RepoRef repo, String branch, String path, String text, String message);

    /** Opens the pull request; GitHub's refusal ({@code 422}, e.g. one from that head is open) is a {@link GitHubException}. */
    PullRequest openPullRequest(long installationId, RepoRef repo, NewPullRequest pullRequest);

    /**
     * The pull requests whose head is {@code branch} of the repository itself, open, closed and merged, newest
     * first (at most 100).
     */
    java.util.List<PullRequest> pullRequestsFrom(long installationId, RepoRef repo, String branch);
}
