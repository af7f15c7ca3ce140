package dev.pitapat.onboard;

import dev.pitapat.github.CheckRunRef;
import dev.pitapat.github.CheckRunUpdate;
import dev.pitapat.github.CommentRef;
import dev.pitapat.github.CommitCheck;
import dev.pitapat.github.DeploymentRef;
import dev.pitapat.github.DeploymentStatus;
import dev.pitapat.github.GitHubException;
import dev.pitapat.github.GitHubGateway;
import dev.pitapat.github.GitHubRepository;
import dev.pitapat.github.NewDeployment;
import dev.pitapat.github.NewPullRequest;
import dev.pitapat.github.PullRequest;
import dev.pitapat.github.Reaction;
import dev.pitapat.github.Review;
import dev.pitapat.model.Permission;
import dev.pitapat.model.RepoRef;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * GitHub as the onboarding sees it, in memory, for tests of many replicas at once: repositories with branches and
 * files, and pull requests, with GitHub's own rules (a branch or file made twice is refused, one open pull request
 * per head and base). Every repository's default branch is {@code main}.
 */
final class FakeGitHub implements GitHubGateway {

    private record Repo(long id, Map<String, Map<String, String>> branches, List<PullRequest> pulls) {}

    private final Map<RepoRef, Repo> repos = new HashMap<>();
    /** Repositories whose pull requests GitHub refuses with {@code 502}, as many times as asked. */
    final Map<RepoRef, Integer> failingPulls = new ConcurrentHashMap<>();

    final Set<String> calls = ConcurrentHashMap.newKeySet();
    /** How many times each repository was asked to create a branch, a file or a pull request. */
    final Map<RepoRef, Integer> writes = new ConcurrentHashMap<>();

    private int nextNumber = 1;

    /** A repository whose {@code main} holds these files. */
    synchronized void has(RepoRef repo, long id, Map<String, String> files) {
        Map<String, Map<String, String>> branches = new HashMap<>();
        branches.put("main", new HashMap<>(files));
        repos.put(repo, new Repo(id, branches, new ArrayList<>()));
    }

    synchronized List<PullRequest> pulls(RepoRef repo) {
        return List.copyOf(repos.get(repo).pulls());
    }

    synchronized Optional<String> file(RepoRef repo, String branch, String path) {
        return Optional.ofNullable(repos.get(repo).branches().get(branch)).map(files -> files.get(path));
    }

    private Repo repo(RepoRef repo, String operation) {
        calls.add(operation);
        if (operation.startsWith("create") || operation.startsWith("open")) {
            writes.merge(repo, 1, Integer::sum);
        }
        Repo found = repos.get(repo);
        if (found == null) {
            throw new GitHubException(operation + " in " + repo, 404, Optional.of("Not Found"));
        }
        return found;
    }

    @Override
    public synchronized GitHubRepository repository(long installationId, RepoRef repo) {
        return new GitHubRepository(repo, repo(repo, "repository").id(), "main", false);
    }

    @Override
    public synchronized Optional<String> fileAt(long installationId, RepoRef repo, String ref, String path) {
        return Optional.ofNullable(repo(repo, "file").branches().get(ref)).map(files -> files.get(path));
    }

    @Override
    public synchronized Optional<String> branchHead(long installationId, RepoRef repo, String branch) {
        return repo(repo, "branch head").branches().containsKey(branch)
                ? Optional.of("aa218f56b14c9653891f9e74264a383fa43fefbd")
                : Optional.empty();
    }

    @Override
    public synchronized boolean createBranch(long installationId, RepoRef repo, String branch, String sha) {
        Repo r = repo(repo, "create branch");
        if (r.branches().containsKey(branch)) {
            return false;
        }
        r.branches().put(branch, new HashMap<>(r.branches().get("main")));
        return true;
    }

    @Override
    public synchronized boolean createFile(
            long installationId, RepoRef repo, String branch, String path, String text, String message) {
        Map<String, String> files = repo(repo, "create file").branches().get(branch);
        if (files == null) {
            throw new GitHubException("creating " + path, 404, Optional.of("Branch not found"));
        }
        return files.putIfAbsent(path, text) == null;
    }

    @Override
    public synchronized PullRequest openPullRequest(long installationId, RepoRef repo, NewPullRequest pullRequest) {
        Repo r = repo(repo, "open pull request");
        int failures = failingPulls.getOrDefault(repo, 0);
        if (failures > 0) {
            failingPulls.put(repo, failures - 1);
            throw new GitHubException("opening a pull request in " + repo, 502, Optional.of("Server Error"));
        }
        boolean open = r.pulls().stream()
                .anyMatch(pr ->
                        pr.state() == PullRequest.State.OPEN && pr.headRef().equals(pullRequest.head()));
        if (open) {
            throw new GitHubException("opening a pull request in " + repo, 422, Optional.of("Validation Failed"));
        }
        PullRequest opened = new PullRequest(
                nextNumber++,
                PullRequest.State.OPEN,
                false,
                false,
                pullRequest.title(),
                "pitapat[bot]",
                "aa218f56b14c9653891f9e74264a383fa43fefbd",
                pullRequest.head(),
                OptionalLong.of(r.id()),
                pullRequest.base(),
                r.id(),
                URI.create("https://github.com/" + repo + "/pull/" + (nextNumber - 1)));
        r.pulls().add(opened);
        return opened;
    }

    @Override
    public synchronized List<PullRequest> pullRequestsFrom(long installationId, RepoRef repo, String branch) {
        return repo(repo, "list pull requests").pulls().stream()
                .filter(pr -> pr.headRef().equals(branch))
                .toList();
    }

    @Override
    public Permission permissionOf(long installationId, RepoRef repo, String login) {
        throw new UnsupportedOperationException();
    }

    @Override
    public PullRequest pullRequest(long installationId, RepoRef repo, int number) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<String> pullRequestCommits(long installationId, RepoRef repo, int number) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Review> reviews(long installationId, RepoRef repo, int number) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<CommitCheck> checksOf(long installationId, RepoRef repo, String sha) {
        throw new UnsupportedOperationException();
    }

    @Override
    public List<Integer> pullRequestsOf(long installationId, RepoRef repo, String sha) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CommentRef createComment(long installationId, RepoRef repo, int issueNumber, String markdown) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CommentRef editComment(long installationId, RepoRef repo, long commentId, String markdown) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<CommentRef> findComment(long installationId, RepoRef repo, int issueNumber, String marker) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void react(long installationId, RepoRef repo, long commentId, Reaction reaction) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CheckRunRef createCheckRun(long installationId, RepoRef repo, CheckRunUpdate run) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String cloneToken(long installationId, RepoRef repo) {
        throw new UnsupportedOperationException();
    }

    @Override
    public CheckRunRef updateCheckRun(long installationId, RepoRef repo, long checkRunId, CheckRunUpdate run) {
        throw new UnsupportedOperationException();
    }

    @Override
    public DeploymentRef createDeployment(long installationId, RepoRef repo, NewDeployment deployment) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void postDeploymentStatus(long installationId, RepoRef repo, long deploymentId, DeploymentStatus status) {
        throw new UnsupportedOperationException();
    }
}
