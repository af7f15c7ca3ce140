package dev.pitapat.gitops;

import dev.pitapat.model.AppName;
import dev.pitapat.model.Sha;
import dev.pitapat.model.Target;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.eclipse.jgit.errors.AmbiguousObjectException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Writes the GitOps repository one environment folder at a time and reads the deploy history back from
 * its log. Commits are built without a working tree and pushed, never forced, and only onto the head they
 * were built and checked on; a push that lost a race (another process moved the branch) fetches, checks
 * and rebuilds on the new head and pushes again after a short random wait, for at most {@link #RACE_PATIENCE}. The first attempt
 * builds on the head last seen, without asking the remote: if the branch moved since, the push is refused
 * and the second attempt fetches. Ownership and deployment ids are judged from a {@link BranchIndex} of the
 * log that follows the head, not by walking the history on every commit.
 *
 * <p>Writes to one environment queue on that environment's lock, in this process, so one never waits for
 * another environment's queue. A branch takes one update at a time, and a push to a remote repository costs
 * round trips whatever it carries: writes to different environments that wait for the branch together are
 * committed together ({@link CommitQueue}, {@link GroupCommit}), one commit each, in one push. History and
 * trees are read without waiting for the branch.
 */
public final class GitOpsWriter implements AutoCloseable {

    /**
     * How long a commit (or group of commits) goes on trying while other writers keep moving the branch: a
     * replica busy with deploys of its own wins only some of the races, so a count of attempts would fail
     * deploys that merely waited their turn. Between a lost race and the next attempt the writer waits a
     * random while that grows with each loss ({@link #raceBackoff}), so writers that collided spread out.
     */
    public static final Duration RACE_PATIENCE = Duration.ofSeconds(60);

    /**
     * The longest wait before attempt {@code attempt} (from 2) after a lost race: 20 ms, doubled after each
     * further loss, at most 500 ms; the wait itself is drawn between none and that.
     */
    static Duration raceBackoff(int attempt) {
        return Duration.ofMillis(Math.min(500, 20L << Math.min(attempt - 2, 10)));
    }

    /** The default author and committer. */
    public static final PersonIdent DEFAULT_IDENTITY = new PersonIdent("pitapat", "pitapat@users.noreply.github.com");

    /** How long {@link #overview} uses the head it last fetched before it fetches again. */
    public static final Duration OVERVIEW_FRESHNESS = BranchOverviews.FRESHNESS;

    private final WorkingClone clone;
    private final Map<Target, ReentrantLock> targetLocks = new ConcurrentHashMap<>();
    private final GroupCommit group;
    private final CommitQueue queue;
    private final BranchOverviews overviews;

    /**
     * @param remote the GitOps repository: a URL or a local path
     * @param branch the branch Argo CD watches
     * @param workdir where the persistent clone lives
     * @param identity author and committer of every commit (its time is ignored)
     */
    public GitOpsWriter(String remote, String branch, Path workdir, PersonIdent identity, Clock clock) {
        this(remote, GitCredentials.anonymous(), branch, workdir, identity, clock);
    }

    /** The same, sending {@code credentials} when the repository asks (the user-info of an http(s) URL wins). */
    public GitOpsWriter(
            String remote, GitCredentials credentials, String branch, Path workdir, PersonIdent identity, Clock clock) {
        this(GitRemote.of(remote, credentials), branch, workdir, identity, clock);
    }

    GitOpsWriter(GitRemote remote, String branch, Path workdir, PersonIdent identity, Clock clock) {
        this.clone = new WorkingClone(remote, branch, workdir);
        this.overviews = new BranchOverviews(clone, clock);
        this.group = new GroupCommit(clone, identity, clock);
        this.queue = new CommitQueue(group);
    }

    /** For tests: how long to go on trying while the branch keeps moving ({@link #RACE_PATIENCE}). */
    void racePatience(Duration patience) {
        group.racePatience(patience);
    }

    /** A writer for {@code properties} with the {@link #DEFAULT_IDENTITY} and the credentials set there. */
    public static GitOpsWriter of(GitOpsProperties properties, Clock clock) {
        return of(properties, GitRemote.of(properties, GitCredentials.anonymous()), clock);
    }

    static GitOpsWriter of(GitOpsProperties properties, GitRemote remote, Clock clock) {
        return new GitOpsWriter(remote, properties.branch(), properties.workdir(), DEFAULT_IDENTITY, clock);
    }

    /**
     * Makes the environment folder hold {@code change}'s files in one commit and pushes it, in one push with
     * the commits of other environments that wait for the branch at the same time.
     *
     * @throws GitOpsException when the repository cannot be read, the push is refused by the remote, or the
     *     branch kept moving for {@link #RACE_PATIENCE}
     */
    public CommitResult commit(Change change) {
        return commit(change, () -> true);
    }

    /**
     * The same, for a caller whose right to write the environment can lapse: {@code stillHeld} is asked right
     * before each attempt, so a writer that lost its hold while its push waited (and lost the race to the
     * branch's compare-and-swap) gives up instead of committing on top of the new holder.
     */
    public CommitResult commit(Change change, BooleanSupplier stillHeld) {
        Optional<CommitResult.Refused> refusal = refusalOf(change);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        ReentrantLock lock = targetLocks.computeIfAbsent(change.target(), t -> new ReentrantLock());
        lock.lock();
        try {
            return queue.commit(change, stillHeld);
        } finally {
            lock.unlock();
        }
    }

    /** How many commits wait for the branch while a group of them is being pushed. */
    int waitingForTheBranch() {
        return queue.waiting();
    }

    /** The deployments of {@code target}, newest first, at most {@code limit}. */
    public List<DeploymentCommit> history(Target target, int limit) {
        Optional<ObjectId> head = clone.fetch();
        if (head.isEmpty() || limit <= 0) {
            return new ArrayList<>();
        }
        try {
            return BranchLog.history(clone.repository(), head.get(), Change.folderOf(target), limit);
        } catch (IOException e) {
            throw new GitOpsException("reading the history of " + target, e);
        }
    }

    /** The repository ({@code owner/repo}) that first deployed {@code app}; empty if none ever did. */
    public Optional<String> ownerOf(AppName app) {
        return group.ownerOf(app);
    }

    /**
     * The environment folders {@code apps/<app>/<env>/} at the head of the branch, ordered by app, then
     * environment; empty while the branch has no commit. A folder whose names are not DNS-1123 labels (or make
     * too long a {@code <app>-<env>}) was not written by pitapat and is left out.
     */
    public List<Target> environments() {
        Optional<ObjectId> head = clone.fetch();
        if (head.isEmpty()) {
            return new ArrayList<>();
        }
        try {
            return BranchOverviews.folders(clone.repository(), head.get());
        } catch (IOException e) {
            throw new GitOpsException("listing the environment folders of the GitOps repository", e);
        }
    }

    /**
     * Every environment folder at the branch's head with its newest deployments, at most {@code deployments}
     * each: what the status page shows. The remote is fetched at most once per {@link #OVERVIEW_FRESHNESS} and
     * the log walked once per new head, however many environments there are and however often it is asked.
     *
     * @throws GitOpsException when the repository cannot be read
     */
    public BranchOverview overview(int deployments) {
        return overviews.overview(deployments);
    }

    /**
     * The files of {@code target}'s folder at {@code commit} (full or abbreviated); empty when no such
     * commit is on the branch.
     */
    public Optional<Map<String, byte[]>> treeOf(Target target, Sha commit) {
        Optional<ObjectId> head = clone.fetch();
        Repository repo = clone.repository();
        try (RevWalk walk = new RevWalk(repo)) {
            Optional<ObjectId> id = Optional.ofNullable(repo.resolve(commit.value()));
            if (head.isEmpty() || id.isEmpty() || !repo.getObjectDatabase().has(id.get())) {
                return Optional.empty();
            }
            RevCommit found = walk.parseCommit(id.get());
            if (!walk.isMergedInto(found, walk.parseCommit(head.get()))) {
                return Optional.empty();
            }
            return Optional.of(FolderTree.filesIn(walk.getObjectReader(), found.getTree(), Change.folderOf(target)));
        } catch (AmbiguousObjectException | IncorrectObjectTypeException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new GitOpsException("reading " + target + " at " + commit, e);
        }
    }

    /**
     * Whether the GitOps commit {@code revision} (the one Argo CD synced: the branch's head then, which commits to
     * other folders move on) holds {@code target}'s folder exactly as {@code ours} left it: it is {@code ours}, or
     * a later commit on the branch whose folder tree is the same. Nothing is fetched: empty when {@code revision}
     * is not known here (yet: {@link #fetch()}, then ask again); a malformed revision holds nothing.
     */
    public Optional<Boolean> holdsFolderOf(Target target, Sha ours, String revision) {
        if (revision.equals(ours.value())) {
            return Optional.of(true);
        }
        if (!revision.matches("[0-9a-f]{40}")) {
            return Optional.of(false);
        }
        Repository repo = clone.repository();
        try (RevWalk walk = new RevWalk(repo)) {
            ObjectId theirs = ObjectId.fromString(revision);
            if (!repo.getObjectDatabase().has(theirs)) {
                return Optional.empty();
            }
            ObjectId ourId = repo.resolve(ours.value());
            if (ourId == null || !repo.getObjectDatabase().has(ourId)) {
                return Optional.of(false);
            }
            RevCommit ourCommit = walk.parseCommit(ourId);
            RevCommit theirCommit = walk.parseCommit(theirs);
            if (!walk.isMergedInto(ourCommit, theirCommit)) {
                return Optional.of(false);
            }
            String folder = Change.folderOf(target);
            return Optional.of(folderId(repo, folder, ourCommit).equals(folderId(repo, folder, theirCommit)));
        } catch (AmbiguousObjectException | IncorrectObjectTypeException e) {
            return Optional.of(false);
        } catch (IOException e) {
            throw new GitOpsException("comparing " + target + " at " + ours.abbreviated() + " and " + revision, e);
        }
    }

    /** Fetches the branch from the GitOps repository: commits others pushed become known here. */
    public void fetch() {
        clone.fetch();
    }

    private static Optional<ObjectId> folderId(Repository repo, String folder, RevCommit commit) throws IOException {
        try (TreeWalk walk = TreeWalk.forPath(repo, folder, commit.getTree())) {
            return walk == null ? Optional.empty() : Optional.of(walk.getObjectId(0));
        }
    }

    private Optional<CommitResult.Refused> refusalOf(Change change) {
        for (String file : change.files().keySet()) {
            if (!Change.FILE_NAME.matcher(file).matches()) {
                return Optional.of(new CommitResult.Refused(
                        "file-name",
                        "`" + file.replaceAll("\\p{Cntrl}", "?") + "` is not an allowed manifest name.",
                        "Name manifests so that " + Change.FILE_RULE + "."));
            }
        }
        if (change.action() != Action.UNDEPLOY && change.files().isEmpty()) {
            return Optional.of(new CommitResult.Refused(
                    "empty-folder",
                    "A " + change.action().word() + " to " + change.target() + " has no manifests.",
                    "Use undeploy to remove " + change.target() + "."));
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        clone.close();
    }
}
