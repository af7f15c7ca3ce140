package dev.pitapat.github.local;

import dev.pitapat.github.CheckRunRef;
import dev.pitapat.github.CheckRunUpdate;
import dev.pitapat.github.CommentRef;
import dev.pitapat.github.CommitCheck;
import dev.pitapat.github.DeploymentRef;
import dev.pitapat.github.DeploymentStatus;
import dev.pitapat.github.GitHubException;
import dev.pitapat.github.GitHubGateway;
import dev.pitapat.github.GitHubNotConfiguredException;
import dev.pitapat.github.GitHubRepository;
import dev.pitapat.github.NewDeployment;
import dev.pitapat.github.NewPullRequest;
import dev.pitapat.github.PullRequest;
import dev.pitapat.github.Reaction;
import dev.pitapat.github.Review;
import dev.pitapat.github.local.Conversation.Button;
import dev.pitapat.github.local.Conversation.CheckRun;
import dev.pitapat.github.local.Conversation.Comment;
import dev.pitapat.model.Permission;
import dev.pitapat.model.RepoRef;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@link GitHubGateway} over the {@link LocalGitHub} stand-in: the example repository's files, pull request
 * and people, and a record of everything the bot posts. Any other repository is one no GitHub App serves:
 * {@link GitHubNotConfiguredException}, as without the stand-in.
 */
public final class LocalGitHubGateway implements GitHubGateway {

    private final LocalStandIn standIn;

    LocalGitHubGateway(LocalStandIn standIn) {
        this.standIn = standIn;
    }

    @Override
    public boolean actsOn(RepoRef repo) {
        return repo.equals(LocalGitHub.REPO);
    }

    @Override
    public Permission permissionOf(long installationId, RepoRef repo, String login) {
        return served(repo, "reading collaborator permission").roleOf(login);
    }

    @Override
    public Optional<String> fileAt(long installationId, RepoRef repo, String ref, String path) {
        return served(repo, "reading a file").repository().fileAt(ref, path);
    }

    @Override
    public PullRequest pullRequest(long installationId, RepoRef repo, int number) {
        LocalGitHub github = served(repo, "reading pull request #" + number);
        pullRequestNumber(number, "reading pull request #" + number);
        return examplePullRequest(github);
    }

    private PullRequest examplePullRequest(LocalGitHub github) {
        boolean open = github.snapshot().open();
        return new PullRequest(
                LocalGitHub.PULL_REQUEST,
                open ? PullRequest.State.OPEN : PullRequest.State.CLOSED,
                false,
                false,
                LocalGitHub.PULL_REQUEST_TITLE,
                LocalGitHub.AUTHOR,
                github.repository().headOf(ExampleRepository.PULL_REQUEST_BRANCH),
                ExampleRepository.PULL_REQUEST_BRANCH,
                OptionalLong.of(LocalStandIn.REPOSITORY_ID),
                ExampleRepository.DEFAULT_BRANCH,
                LocalStandIn.REPOSITORY_ID,
                standIn.links().pullRequest());
    }

    @Override
    public List<String> pullRequestCommits(long installationId, RepoRef repo, int number) {
        LocalGitHub github = served(repo, "listing the commits of pull request #" + number);
        pullRequestNumber(number, "listing the commits of pull request #" + number);
        return github.repository().commitsOf(ExampleRepository.PULL_REQUEST_BRANCH);
    }

    @Override
    public List<Review> reviews(long installationId, RepoRef repo, int number) {
        served(repo, "listing the reviews of pull request #" + number);
        pullRequestNumber(number, "listing the reviews of pull request #" + number);
        return List.of();
    }

    @Override
    public List<CommitCheck> checksOf(long installationId, RepoRef repo, String sha) {
        Map<String, CommitCheck> latest = new LinkedHashMap<>();
        for (CheckRun run :
                served(repo, "reading the checks of " + sha).snapshot().checkRuns()) {
            if (run.headSha().equals(sha)) {
                latest.put(
                        run.name(),
                        CommitCheck.ofCheckRun(
                                run.name(),
                                run.status(),
                                run.conclusion() == null ? "" : run.conclusion(),
                                OptionalLong.of(LocalStandIn.APP_ID)));
            }
        }
        return List.copyOf(latest.values());
    }

    @Override
    public List<Integer> pullRequestsOf(long installationId, RepoRef repo, String sha) {
        LocalGitHub github = served(repo, "listing the pull requests of " + sha);
        return github.repository()
                        .commitsOf(ExampleRepository.PULL_REQUEST_BRANCH)
                        .contains(sha)
                ? List.of(LocalGitHub.PULL_REQUEST)
                : List.of();
    }

    @Override
    public CommentRef createComment(long installationId, RepoRef repo, int issueNumber, String markdown) {
        LocalGitHub github = served(repo, "commenting on #" + issueNumber);
        pullRequestNumber(issueNumber, "commenting on #" + issueNumber);
        return ref(github.comment(LocalGitHub.BOT, markdown));
    }

    @Override
    public CommentRef editComment(long installationId, RepoRef repo, long commentId, String markdown) {
        String operation = "editing comment " + commentId;
        return ref(served(repo, operation).editComment(commentId, markdown).orElseThrow(() -> notFound(operation)));
    }

    @Override
    public Optional<CommentRef> findComment(long installationId, RepoRef repo, int issueNumber, String marker) {
        LocalGitHub github = served(repo, "listing comments on #" + issueNumber);
        if (issueNumber != LocalGitHub.PULL_REQUEST) {
            return Optional.empty();
        }
        return github.snapshot().comments().stream()
                .filter(c -> c.author().equals(LocalGitHub.BOT) && c.body().contains(marker))
                .findFirst()
                .map(this::ref);
    }

    /** The stand-in serves no Git: nothing can fetch from it. */
    @Override
    public String cloneToken(long installationId, RepoRef repo) {
        throw notFound("creating a token to fetch " + repo + " for a build (the local stand-in serves no Git)");
    }

    @Override
    public void react(long installationId, RepoRef repo, long commentId, Reaction reaction) {
        String operation = "reacting to comment " + commentId;
        if (!served(repo, operation).react(commentId, reaction.content(), LocalGitHub.BOT)) {
            throw notFound(operation);
        }
    }

    @Override
    public CheckRunRef createCheckRun(long installationId, RepoRef repo, CheckRunUpdate run) {
        CheckRun created = served(repo, "creating check run " + run.name()).createCheckRun(checkRun(run));
        return new CheckRunRef(created.id(), standIn.links().checkRun(created.id()));
    }

    @Override
    public CheckRunRef updateCheckRun(long installationId, RepoRef repo, long checkRunId, CheckRunUpdate run) {
        String operation = "updating check run " + run.name();
        CheckRun updated = served(repo, operation)
                .updateCheckRun(checkRunId, checkRun(run))
                .orElseThrow(() -> notFound(operation));
        return new CheckRunRef(updated.id(), standIn.links().checkRun(updated.id()));
    }

    @Override
    public DeploymentRef createDeployment(long installationId, RepoRef repo, NewDeployment deployment) {
        var created = served(repo, "creating deployment to " + deployment.environment())
                .createDeployment(
                        deployment.sha(),
                        deployment.environment(),
                        deployment.description(),
                        deployment.transientEnvironment(),
                        deployment.productionEnvironment());
        return new DeploymentRef(created.id(), created.environment());
    }

    @Override
    public void postDeploymentStatus(long installationId, RepoRef repo, long deploymentId, DeploymentStatus status) {
        String operation = "posting deployment status on deployment " + deploymentId;
        boolean posted = served(repo, operation)
                .postStatus(
                        deploymentId,
                        status.state().wireName(),
                        status.description().orElse(null),
                        status.environmentUrl().map(URI::toString).orElse(null),
                        status.logUrl().map(URI::toString).orElse(null));
        if (!posted) {
            throw notFound(operation);
        }
    }

    @Override
    public GitHubRepository repository(long installationId, RepoRef repo) {
        served(repo, "reading repository");
        return new GitHubRepository(
                LocalGitHub.REPO, LocalStandIn.REPOSITORY_ID, ExampleRepository.DEFAULT_BRANCH, false);
    }

    @Override
    public Optional<String> branchHead(long installationId, RepoRef repo, String branch) {
        LocalGitHub github = served(repo, "reading branch " + branch);
        try {
            return Optional.of(github.repository().headOf(branch));
        } catch (IllegalStateException noSuchBranch) {
            return Optional.empty();
        }
    }

    /** The example repository has its branches and its one pull request; it takes no new ones. */
    @Override
    public boolean createBranch(long installationId, RepoRef repo, String branch, String sha) {
        served(repo, "creating branch " + branch);
        throw readOnly("creating branch " + branch);
    }

    @Override
    public boolean createFile(
            long installationId, RepoRef repo, String branch, String path, String text, String message) {
        served(repo, "creating " + path);
        throw readOnly("creating " + path + " on branch " + branch);
    }

    @Override
    public PullRequest openPullRequest(long installationId, RepoRef repo, NewPullRequest pullRequest) {
        served(repo, "opening a pull request");
        throw readOnly("opening a pull request from " + pullRequest.head());
    }

    @Override
    public List<PullRequest> pullRequestsFrom(long installationId, RepoRef repo, String branch) {
        LocalGitHub github = served(repo, "listing the pull requests from branch " + branch);
        return branch.equals(ExampleRepository.PULL_REQUEST_BRANCH) ? List.of(examplePullRequest(github)) : List.of();
    }

    /** GitHub's answer to a write the App may not make: 403, as for a token without the permission. */
    private static GitHubException readOnly(String operation) {
        return new GitHubException(
                operation + " on " + LocalGitHub.REPO,
                403,
                Optional.of("the local stand-in serves the example repository as it is: it takes no new branch, file"
                        + " or pull request"));
    }

    private LocalGitHub served(RepoRef repo, String operation) {
        if (!actsOn(repo)) {
            throw new GitHubNotConfiguredException(operation + " on " + repo);
        }
        return standIn.github();
    }

    private static void pullRequestNumber(int number, String operation) {
        if (number != LocalGitHub.PULL_REQUEST) {
            throw notFound(operation);
        }
    }

    private CommentRef ref(Comment comment) {
        return new CommentRef(comment.id(), standIn.links().comment(comment.id()), comment.body());
    }

    private static GitHubException notFound(String operation) {
        return new GitHubException(operation + " on " + LocalGitHub.REPO, 404, Optional.of("Not Found"));
    }

    private static CheckRun checkRun(CheckRunUpdate run) {
        return new CheckRun(
                0,
                run.name(),
                run.headSha(),
                run.status().name().toLowerCase(Locale.ROOT),
                run.conclusion().map(c -> c.name().toLowerCase(Locale.ROOT)).orElse(null),
                run.output().map(CheckRunUpdate.Output::title).orElse(null),
                run.output().map(CheckRunUpdate.Output::summary).orElse(null),
                run.output().flatMap(CheckRunUpdate.Output::text).orElse(null),
                run.detailsUrl().map(URI::toString).orElse(null),
                run.actions().stream()
                        .map(a -> new Button(a.label(), a.description(), a.identifier()))
                        .toList(),
                java.time.Instant.EPOCH,
                java.time.Instant.EPOCH);
    }
}
