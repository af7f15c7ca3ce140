package dev.pitapat.github;

import dev.pitapat.model.Permission;
import dev.pitapat.model.RepoRef;
import java.util.Optional;

/**
 * The gateway when no App id and key are set: every call fails with {@link GitHubNotConfiguredException},
 * so pitapat starts and says what to configure instead of failing on a missing bean.
 */
final class NotConfiguredGitHubGateway implements GitHubGateway {

    @Override
    public boolean actsOn(RepoRef repo) {
        return false;
    }

    @Override
    public Permission permissionOf(long installationId, RepoRef repo, String login) {
        throw notConfigured("reading collaborator permission on " + repo);
    }

    @Override
    public Optional<String> fileAt(long installationId, RepoRef repo, String ref, String path) {
        throw notConfigured("reading a file in " + repo);
    }

    @Override
    public PullRequest pullRequest(long installationId, RepoRef repo, int number) {
        throw notConfigured("reading pull request #" + number + " of " + repo);
    }

    @Override
    public java.util.List<String> pullRequestCommits(long installationId, RepoRef repo, int number) {
        throw notConfigured("listing the commits of pull request #" + number + " of " + repo);
    }

    @Override
    public java.util.List<Review> reviews(long installationId, RepoRef repo, int number) {
        throw notConfigured("listing the reviews of pull request #" + number + " of " + repo);
    }

    @Override
    public java.util.List<CommitCheck> checksOf(long installationId, RepoRef repo, String sha) {
        throw notConfigured("reading the checks of " + sha + " in " + repo);
    }

    @Override
    public java.util.List<Integer> pullRequestsOf(long installationId, RepoRef repo, String sha) {
        throw notConfigured("listing the pull requests of " + sha + " in " + repo);
    }

    @Override
    public CommentRef createComment(long installationId, RepoRef repo, int issueNumber, String markdown) {
        throw notConfigured("commenting on #" + issueNumber + " in " + repo);
    }

    @Override
    public CommentRef editComment(long installationId, RepoRef repo, long commentId, String markdown) {
        throw notConfigured("editing comment " + commentId + " in " + repo);
    }

    @Override
    public Optional<CommentRef> findComment(long installationId, RepoRef repo, int issueNumber, String marker) {
        throw notConfigured("listing comments on #" + issueNumber + " in " + repo);
    }

    @Override
    public CommentRef upsertComment(
            long installationId, RepoRef repo, int issueNumber, String marker, String markdown) {
        throw notConfigured("commenting on #" + issueNumber + " in " + repo);
    }

    @Override
    public String cloneToken(long installationId, RepoRef repo) {
        throw notConfigured("creating a token to fetch " + repo + " for a build");
    }

    @Override
    public void react(long installationId, RepoRef repo, long commentId, Reaction reaction) {
        throw notConfigured("reacting to comment " + commentId + " in " + repo);
    }

    @Override
    public CheckRunRef createCheckRun(long installationId, RepoRef repo, CheckRunUpdate run) {
        throw notConfigured("creating check run " + run.name() + " on " + repo);
    }

    @Override
    public CheckRunRef updateCheckRun(long installationId, RepoRef repo, long checkRunId, CheckRunUpdate run) {
        throw notConfigured("updating check run " + run.name() + " on " + repo);
    }

    @Override
    public DeploymentRef createDeployment(long installationId, RepoRef repo, NewDeployment deployment) {
        throw notConfigured("creating deployment to " + deployment.environment() + " for " + repo);
    }

    @Override
    public void postDeploymentStatus(long installationId, RepoRef repo, long deploymentId, DeploymentStatus status) {
        throw notConfigured("posting deployment status on deployment " + deploymentId + " in " + repo);
    }

    @Override
    public GitHubRepository repository(long installationId, RepoRef repo) {
        throw notConfigured("reading repository " + repo);
    }

    @Override
    public Optional<String> branchHead(long installationId, RepoRef repo, String branch) {
        throw notConfigured("reading branch " + branch + " of " + repo);
    }

    @Override
    public boolean createBranch(long installationId, RepoRef repo, String branch, String sha) {
        throw notConfigured("creating branch " + branch + " in " + repo);
    }

    @Override
    public boolean createFile(
            long installationId, RepoRef repo, String branch, String path, String text, String message) {
        throw notConfigured("creating " + path + " on branch " + branch + " of " + repo);
    }

    @Override
    public PullRequest openPullRequest(long installationId, RepoRef repo, NewPullRequest pullRequest) {
        throw notConfigured("opening a pull request from " + pullRequest.head() + " in " + repo);
    }

    @Override
    public java.util.List<PullRequest> pullRequestsFrom(long installationId, RepoRef repo, String branch) {
        throw notConfigured("listing the pull requests from branch " + branch + " of " + repo);
    }

    private static GitHubNotConfiguredException notConfigured(String operation) {
        return new GitHubNotConfiguredException(operation);
    }
}
