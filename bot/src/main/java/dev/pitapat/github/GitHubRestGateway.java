package dev.pitapat.github;

import static dev.pitapat.github.Answers.flag;
import static dev.pitapat.github.Answers.id;
import static dev.pitapat.github.Answers.optionalId;
import static dev.pitapat.github.Answers.text;
import static dev.pitapat.github.Answers.uri;

import dev.pitapat.model.Permission;
import dev.pitapat.model.RepoRef;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.springframework.web.util.UriUtils;
import tools.jackson.databind.JsonNode;

/**
 * {@link GitHubGateway} over GitHub's REST API, called directly rather than through github-api
 * ({@code org.kohsuke}): two operations pitapat depends on are wrong there (it reads the legacy
 * {@code permission} field and sends {@code in-progress}), and every request must take one path that
 * signs, retries and counts ({@link GitHubHttp}, authenticated by {@link GitHubAppClient}). With
 * github-api that path would be a custom connector under a library that keeps its own retry and token
 * logic; with {@code java.net.http} and Jackson it is one small class, and each request below is visible
 * as GitHub documents it.
 */
final class GitHubRestGateway implements GitHubGateway {

    private static final Pattern LOGIN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,38}(\\[bot])?");
    private static final int PAGE_SIZE = 100;
    private static final int MAX_PAGES = 30;

    private final GitHubAppClient app;
    private final RequestBodies bodies;
    private final AppBotLogin botLogin;

    GitHubRestGateway(GitHubAppClient app) {
        this.app = app;
        this.bodies = new RequestBodies(app.http().json());
        this.botLogin = new AppBotLogin(app, app.clock());
    }

    @Override
    public String cloneToken(long installationId, RepoRef repo) {
        return app.readOnlyToken(installationId, repo.name());
    }

    @Override
    public Permission permissionOf(long installationId, RepoRef repo, String login) {
        if (!LOGIN.matcher(login).matches()) {
            throw new IllegalArgumentException("not a GitHub login");
        }
        String description = "reading collaborator permission of " + login + " on " + repo;
        JsonNode answer;
        try {
            answer = app.asInstallation(
                    installationId,
                    Call.get("permission", description, repoPath(repo, "collaborators", login, "permission")));
        } catch (GitHubException e) {
            if (e.isNotFound()) {
                return Permission.NONE;
            }
            throw e;
        }
        // role_name first: the legacy permission field says write for maintain and read for triage. A
        // custom role has its own role_name; its base role is then in the legacy field.
        return Permission.ofRoleName(answer.path("role_name").asString(""))
                .or(() -> Permission.ofRoleName(answer.path("permission").asString("")))
                .orElseThrow(
                        () -> new GitHubException(description, "GitHub's answer names no known role", false, null));
    }

    @Override
    public Optional<String> fileAt(long installationId, RepoRef repo, String ref, String path) {
        checkText(ref, "ref");
        checkText(path, "path");
        String description = "reading " + path + " at " + ref + " in " + repo;
        StringBuilder contents = new StringBuilder(repoPath(repo, "contents")).append(segments(path, "file path"));
        // '+' is legal in a query but would read as a space.
        contents.append("?ref=")
                .append(UriUtils.encodeQueryParam(ref, StandardCharsets.UTF_8).replace("+", "%2B"));
        JsonNode answer;
        try {
            answer = app.asInstallation(installationId, Call.get("file", description, contents.toString()));
        } catch (GitHubException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
        if (!answer.isObject() || !answer.path("type").asString("").equals("file")) {
            return Optional.empty(); // a directory, a symlink or a submodule
        }
        if (!answer.path("encoding").asString("").equals("base64")) {
            throw new GitHubException(
                    description, "the file is too large for the contents API (over 1 MB)", false, null);
        }
        byte[] bytes = Base64.getMimeDecoder().decode(text(answer, "content", description));
        return Optional.of(new String(bytes, StandardCharsets.UTF_8));
    }

    @Override
    public PullRequest pullRequest(long installationId, RepoRef repo, int number) {
        String description = "reading pull request #" + number + " of " + repo;
        JsonNode pr = app.asInstallation(
                installationId, Call.get("pull_request", description, repoPath(repo, "pulls", number)));
        return pullRequest(pr, description);
    }

    /**
     * A pull request of GitHub's answer: a whole one, or one of a list, which says {@code merged_at} instead of
     * {@code merged}.
     */
    private static PullRequest pullRequest(JsonNode pr, String description) {
        JsonNode head = pr.path("head");
        JsonNode base = pr.path("base");
        return new PullRequest(
                (int) id(pr, "number", description),
                text(pr, "state", description).equals("open") ? PullRequest.State.OPEN : PullRequest.State.CLOSED,
                flag(pr, "merged") || pr.path("merged_at").isString(),
                flag(pr, "draft"),
                text(pr, "title", description),
                text(pr.path("user"), "login", description),
                text(head, "sha", description),
                text(head, "ref", description),
                optionalId(head.path("repo"), "id"),
                text(base, "ref", description),
                id(base.path("repo"), "id", description),
                uri(pr, "html_url", description));
    }

    @Override
    public CommentRef createComment(long installationId, RepoRef repo, int issueNumber, String markdown) {
        String description = "commenting on #" + issueNumber + " in " + repo;
        JsonNode answer = app.asInstallation(
                installationId,
                Call.post(
                        "comment_create",
                        description,
                        repoPath(repo, "issues", issueNumber, "comments"),
                        Optional.of(bodies.comment(markdown))));
        return comment(answer, description);
    }

    @Override
    public CommentRef editComment(long installationId, RepoRef repo, long commentId, String markdown) {
        String description = "editing comment " + commentId + " in " + repo;
        JsonNode answer = app.asInstallation(
                installationId,
                Call.patch(
                        "comment_edit",
                        description,
                        repoPath(repo, "issues", "comments", commentId),
                        bodies.comment(markdown)));
        return comment(answer, description);
    }

    @Override
    public java.util.List<String> pullRequestCommits(long installationId, RepoRef repo, int number) {
        String description = "listing the commits of pull request #" + number + " of " + repo;
        return pages(installationId, "pull_request_commits", description, repoPath(repo, "pulls", number, "commits"))
                .stream()
                .map(commit -> text(commit, "sha", description))
                .toList();
    }

    @Override
    public java.util.List<Review> reviews(long installationId, RepoRef repo, int number) {
        String description = "listing the reviews of pull request #" + number + " of " + repo;
        java.util.List<Review> reviews = new java.util.ArrayList<>();
        for (JsonNode review : pages(
                installationId, "pull_request_reviews", description, repoPath(repo, "pulls", number, "reviews"))) {
            JsonNode user = review.path("user");
            if (user.isObject()) { // a review by a deleted account has no user
                reviews.add(new Review(
                        text(user, "login", description),
                        text(review, "state", description),
                        review.path("commit_id").asString("")));
            }
        }
        return java.util.List.copyOf(reviews);
    }

    @Override
    public java.util.List<CommitCheck> checksOf(long installationId, RepoRef repo, String sha) {
        checkText(sha, "sha");
        String description = "reading the checks of " + sha + " in " + repo;
        java.util.List<CommitCheck> checks = new java.util.ArrayList<>();
        for (int page = 1; page <= MAX_PAGES; page++) {
            String path = repoPath(repo, "commits", sha, "check-runs") + "?per_page=" + PAGE_SIZE + "&page=" + page;
            JsonNode answer = app.asInstallation(installationId, Call.get("check_runs_list", description, path));
            JsonNode runs = answer.path("check_runs");
            if (!runs.isArray()) {
                throw new GitHubException(description, "GitHub's answer has no list of check runs", false, null);
            }
            for (JsonNode run : runs) {
                checks.add(CommitCheck.ofCheckRun(
                        text(run, "name", description),
                        text(run, "status", description),
                        run.path("conclusion").asString(""),
                        optionalId(run.path("app"), "id")));
            }
            if (runs.size() < PAGE_SIZE) {
                break;
            }
        }
        JsonNode combined = app.asInstallation(
                installationId,
                Call.get(
                        "commit_status",
                        description,
                        repoPath(repo, "commits", sha, "status") + "?per_page=" + PAGE_SIZE));
        for (JsonNode status : combined.path("statuses")) {
            checks.add(CommitCheck.ofStatus(text(status, "context", description), text(status, "state", description)));
        }
        return java.util.List.copyOf(checks);
    }

    @Override
    public java.util.List<Integer> pullRequestsOf(long installationId, RepoRef repo, String sha) {
        checkText(sha, "sha");
        String description = "listing the pull requests of " + sha + " in " + repo;
        java.util.List<Integer> numbers = new java.util.ArrayList<>();
        for (JsonNode pr :
                pages(installationId, "commit_pull_requests", description, repoPath(repo, "commits", sha, "pulls"))) {
            numbers.add((int) id(pr, "number", description));
        }
        return java.util.List.copyOf(numbers);
    }

    /** Every element of a paged list answer, at most {@link #MAX_PAGES} pages. */
    private java.util.List<JsonNode> pages(long installationId, String operation, String description, String path) {
        java.util.List<JsonNode> all = new java.util.ArrayList<>();
        for (int page = 1; page <= MAX_PAGES; page++) {
            JsonNode answer = app.asInstallation(
                    installationId,
                    Call.get(operation, description, path + "?per_page=" + PAGE_SIZE + "&page=" + page));
            if (!answer.isArray()) {
                throw new GitHubException(description, "GitHub's answer is not a list", false, null);
            }
            answer.forEach(all::add);
            if (answer.size() < PAGE_SIZE) {
                break;
            }
        }
        return all;
    }

    @Override
    public Optional<CommentRef> findComment(long installationId, RepoRef repo, int issueNumber, String marker) {
        checkMarker(marker);
        String description = "listing comments on #" + issueNumber + " in " + repo;
        Predicate<JsonNode> ours = writtenByThisApp();
        for (int page = 1; page <= MAX_PAGES; page++) {
            String path =
                    repoPath(repo, "issues", issueNumber, "comments") + "?per_page=" + PAGE_SIZE + "&page=" + page;
            JsonNode comments = app.asInstallation(installationId, Call.get("comment_list", description, path));
            if (!comments.isArray()) {
                throw new GitHubException(description, "GitHub's answer is not a list of comments", false, null);
            }
            for (JsonNode comment : comments) {
                // Only the App's own comment counts: a person or another App could paste the marker.
                if (ours.test(comment.path("user"))
                        && comment.path("body").asString("").contains(marker)) {
                    return Optional.of(comment(comment, description));
                }
            }
            if (comments.size() < PAGE_SIZE) {
                break;
            }
        }
        return Optional.empty();
    }

    /** A comment's user is the App's bot user; any bot while GitHub has not said which login is the App's. */
    private Predicate<JsonNode> writtenByThisApp() {
        return botLogin.get()
                .<Predicate<JsonNode>>map(
                        login -> user -> user.path("login").asString("").equalsIgnoreCase(login))
                .orElse(user -> user.path("type").asString("").equals("Bot"));
    }

    @Override
    public void react(long installationId, RepoRef repo, long commentId, Reaction reaction) {
        app.asInstallation(
                installationId,
                Call.post(
                        "reaction_create",
                        "reacting " + reaction.content() + " to comment " + commentId + " in " + repo,
                        repoPath(repo, "issues", "comments", commentId, "reactions"),
                        Optional.of(bodies.reaction(reaction))));
    }

    @Override
    public CheckRunRef createCheckRun(long installationId, RepoRef repo, CheckRunUpdate run) {
        String description = "creating check run " + run.name() + " on " + repo;
        JsonNode answer = app.asInstallation(
                installationId,
                Call.post(
                        "check_run_create",
                        description,
                        repoPath(repo, "check-runs"),
                        Optional.of(bodies.checkRun(run, true))));
        return new CheckRunRef(id(answer, "id", description), uri(answer, "html_url", description));
    }

    @Override
    public CheckRunRef updateCheckRun(long installationId, RepoRef repo, long checkRunId, CheckRunUpdate run) {
        String description = "updating check run " + run.name() + " (" + checkRunId + ") on " + repo;
        JsonNode answer = app.asInstallation(
                installationId,
                Call.patch(
                        "check_run_update",
                        description,
                        repoPath(repo, "check-runs", checkRunId),
                        bodies.checkRun(run, false)));
        return new CheckRunRef(id(answer, "id", description), uri(answer, "html_url", description));
    }

    @Override
    public DeploymentRef createDeployment(long installationId, RepoRef repo, NewDeployment deployment) {
        String description =
                "creating deployment of " + deployment.sha() + " to " + deployment.environment() + " for " + repo;
        JsonNode answer = app.asInstallation(
                installationId,
                Call.post(
                        "deployment_create",
                        description,
                        repoPath(repo, "deployments"),
                        Optional.of(bodies.deployment(deployment))));
        return new DeploymentRef(id(answer, "id", description), text(answer, "environment", description));
    }

    @Override
    public void postDeploymentStatus(long installationId, RepoRef repo, long deploymentId, DeploymentStatus status) {
        app.asInstallation(
                installationId,
                Call.post(
                        "deployment_status_create",
                        "posting deployment status " + status.state().wireName() + " on deployment " + deploymentId
                                + " in " + repo,
                        repoPath(repo, "deployments", deploymentId, "statuses"),
                        Optional.of(bodies.deploymentStatus(status))));
    }

    @Override
    public GitHubRepository repository(long installationId, RepoRef repo) {
        String description = "reading repository " + repo;
        JsonNode answer = app.asInstallation(installationId, Call.get("repository", description, repoPath(repo)));
        RepoRef named;
        try {
            named = RepoRef.parse(text(answer, "full_name", description));
        } catch (IllegalArgumentException e) {
            throw new GitHubException(description, "GitHub's full_name is not owner/name", false, null);
        }
        return new GitHubRepository(
                named,
                id(answer, "id", description),
                text(answer, "default_branch", description),
                flag(answer, "archived"));
    }

    @Override
    public Optional<String> branchHead(long installationId, RepoRef repo, String branch) {
        String description = "reading branch " + branch + " of " + repo;
        JsonNode answer;
        try {
            answer = app.asInstallation(
                    installationId,
                    Call.get(
                            "git_ref",
                            description,
                            repoPath(repo, "git", "ref", "heads") + segments(branch, "branch")));
        } catch (GitHubException e) {
            if (e.isNotFound() || e.status().equals(java.util.OptionalInt.of(409))) {
                return Optional.empty(); // no such branch; 409: the repository has no commit at all
            }
            throw e;
        }
        // A name that is only the start of branches' names is answered with a list of them (GitHub's matching refs).
        if (!answer.isObject() || !answer.path("ref").asString("").equals("refs/heads/" + branch)) {
            return Optional.empty();
        }
        return Optional.of(text(answer.path("object"), "sha", description));
    }

    @Override
    public boolean createBranch(long installationId, RepoRef repo, String branch, String sha) {
        segments(branch, "branch");
        checkText(sha, "sha");
        String description = "creating branch " + branch + " at " + sha + " in " + repo;
        try {
            app.asInstallation(
                    installationId,
                    Call.post(
                            "git_ref_create",
                            description,
                            repoPath(repo, "git", "refs"),
                            Optional.of(bodies.reference("refs/heads/" + branch, sha))));
            return true;
        } catch (GitHubException e) {
            // 422 Reference already exists; other 422s (Reference update failed, Object does not exist) are failures
            if (e.status().equals(java.util.OptionalInt.of(422))
                    && branchHead(installationId, repo, branch).isPresent()) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public boolean createFile(
            long installationId, RepoRef repo, String branch, String path, String text, String message) {
        segments(branch, "branch");
        String description = "creating " + path + " on branch " + branch + " of " + repo;
        try {
            app.asInstallation(
                    installationId,
                    Call.put(
                            "file_create",
                            description,
                            repoPath(repo, "contents") + segments(path, "file path"),
                            bodies.newFile(message, text, branch)));
            return true;
        } catch (GitHubException e) {
            // 422 "sha" wasn't supplied: the file exists, and replacing it would need its blob sha
            if (e.status().equals(java.util.OptionalInt.of(422))
                    && fileAt(installationId, repo, branch, path).isPresent()) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public PullRequest openPullRequest(long installationId, RepoRef repo, NewPullRequest pullRequest) {
        segments(pullRequest.head(), "branch");
        segments(pullRequest.base(), "branch");
        String description =
                "opening a pull request from " + pullRequest.head() + " to " + pullRequest.base() + " in " + repo;
        JsonNode answer = app.asInstallation(
                installationId,
                Call.post(
                        "pull_request_create",
                        description,
                        repoPath(repo, "pulls"),
                        Optional.of(bodies.pullRequest(pullRequest))));
        return pullRequest(answer, description);
    }

    @Override
    public java.util.List<PullRequest> pullRequestsFrom(long installationId, RepoRef repo, String branch) {
        segments(branch, "branch");
        String description = "listing the pull requests from branch " + branch + " of " + repo;
        // head: user:ref-name; state: all, since the default lists only open ones
        String path = repoPath(repo, "pulls") + "?state=all&head="
                + UriUtils.encodeQueryParam(repo.owner() + ":" + branch, StandardCharsets.UTF_8)
                        .replace("+", "%2B")
                + "&per_page=" + PAGE_SIZE;
        JsonNode answer = app.asInstallation(installationId, Call.get("pull_request_list", description, path));
        if (!answer.isArray()) {
            throw new GitHubException(description, "GitHub's answer is not a list", false, null);
        }
        java.util.List<PullRequest> found = new java.util.ArrayList<>();
        for (JsonNode pr : answer) {
            found.add(pullRequest(pr, description));
        }
        return java.util.List.copyOf(found);
    }

    /**
     * A branch name or file path as the segments of an API path, each encoded: {@code /pitapat/onboarding}. Refuses
     * empty, {@code .} and {@code ..} segments.
     */
    private static String segments(String name, String what) {
        checkText(name, what);
        StringBuilder path = new StringBuilder();
        for (String segment : name.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("a " + what + " has no empty, '.' or '..' segments");
            }
            path.append('/').append(UriUtils.encodePathSegment(segment, StandardCharsets.UTF_8));
        }
        return path.toString();
    }

    private static CommentRef comment(JsonNode comment, String description) {
        return new CommentRef(
                id(comment, "id", description),
                uri(comment, "html_url", description),
                text(comment, "body", description));
    }

    private static String repoPath(RepoRef repo, Object... segments) {
        StringBuilder path =
                new StringBuilder("/repos/").append(repo.owner()).append('/').append(repo.name());
        for (Object segment : segments) {
            path.append('/').append(UriUtils.encodePathSegment(segment.toString(), StandardCharsets.UTF_8));
        }
        return path.toString();
    }

    private static void checkText(String value, String what) {
        if (value.isBlank() || value.length() > 1024 || value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("a " + what + " is 1 to 1024 characters without control characters");
        }
    }

    private static void checkMarker(String marker) {
        if (!marker.startsWith("<!--") || !marker.endsWith("-->") || marker.length() > 200 || marker.contains("\n")) {
            throw new IllegalArgumentException("a comment marker is a one-line hidden HTML comment: <!-- ... -->");
        }
    }
}
