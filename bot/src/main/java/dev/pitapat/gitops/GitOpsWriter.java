package dev.pitapat.gitops;

import dev.pitapat.model.AppName;
import dev.pitapat.model.Sha;
import dev.pitapat.model.Target;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.eclipse.jgit.errors.AmbiguousObjectException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the GitOps repository one environment folder at a time and reads the deploy history back from
 * its log. Commits are built without a working tree and pushed, never forced, and only onto the head they
 * were built and checked on; a push that lost a race (another process moved the branch) fetches, checks
 * and rebuilds on the new head and pushes again, at most {@link #MAX_ATTEMPTS} times. The first attempt
 * builds on the head last seen, without asking the remote: if the branch moved since, the push is refused
 * and the second attempt fetches. Ownership and deployment ids are judged from a {@link BranchIndex} of the
 * log that follows the head, not by walking the history on every commit. Writes to one environment queue
 * on that environment's lock, so one never waits for another environment's queue; the branch update itself
 * (check, build, push: milliseconds) is one short critical section, since a branch takes one update at a
 * time. History and trees are read without that section.
 */
public final class GitOpsWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GitOpsWriter.class);

    /** Pushes tried per commit before giving up on a racing branch. */
    public static final int MAX_ATTEMPTS = 5;

    /** The default author and committer. */
    public static final PersonIdent DEFAULT_IDENTITY = new PersonIdent("pitapat", "pitapat@users.noreply.github.com");

    /** How long {@link #overview} uses the head it last fetched before it fetches again. */
    public static final Duration OVERVIEW_FRESHNESS = BranchOverviews.FRESHNESS;

    private final WorkingClone clone;
    private final String name;
    private final String email;
    private final Clock clock;
    private final Map<Target, ReentrantLock> targetLocks = new ConcurrentHashMap<>();
    private final ReentrantLock branchLock = new ReentrantLock();
    private final BranchIndex index = new BranchIndex(); // guarded by branchLock
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
        this.name = identity.getName();
        this.email = identity.getEmailAddress();
        this.clock = clock;
    }

    /** A writer for {@code properties} with the {@link #DEFAULT_IDENTITY} and the credentials set there. */
    public static GitOpsWriter of(GitOpsProperties properties, Clock clock) {
        return of(properties, GitRemote.of(properties, GitCredentials.anonymous()), clock);
    }

    static GitOpsWriter of(GitOpsProperties properties, GitRemote remote, Clock clock) {
        return new GitOpsWriter(remote, properties.branch(), properties.workdir(), DEFAULT_IDENTITY, clock);
    }

    /**
     * Makes the environment folder hold {@code change}'s files in one commit and pushes it.
     *
     * @throws GitOpsException when the repository cannot be read, the push is refused by the remote, or the
     *     branch kept moving for {@link #MAX_ATTEMPTS} attempts
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
        Map<String, byte[]> files = change.action() == Action.UNDEPLOY ? Map.of() : change.files();
        String what = change.action().word() + " commit for " + change.target();
        ReentrantLock lock = targetLocks.computeIfAbsent(change.target(), t -> new ReentrantLock());
        lock.lock();
        try {
            List<String> refusals = new java.util.ArrayList<>();
            boolean rebuiltOnce = false;
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                if (!stillHeld.getAsBoolean()) {
                    return new CommitResult.NotHeld();
                }
                Optional<CommitResult> result;
                try {
                    result = attempt(change, files, what, refusals, attempt > 1);
                } catch (WorkingClone.Rebuilt rebuilt) {
                    if (rebuiltOnce) {
                        throw clone.stillUnwritable(rebuilt);
                    }
                    rebuiltOnce = true;
                    continue;
                }
                if (result.isPresent()) {
                    return result.get();
                }
            }
            if (refusals.size() == MAX_ATTEMPTS) {
                throw new GitOpsException("pushing " + what + ": the GitOps repository refused it on each of "
                        + MAX_ATTEMPTS + " attempts: " + refusals.getLast() + "; nothing was committed");
            }
            throw new GitOpsException("pushing " + what + ": the branch moved during each of " + MAX_ATTEMPTS
                    + " attempts (non-fast-forward every time); nothing was committed");
        } finally {
            lock.unlock();
        }
    }

    /**
     * One check, build and push on the head last seen ({@code fetch}: on the remote's head now); a change that
     * would not be pushed is checked again on the remote's head. The branch
     * accepts one update at a time, so this short section is serialised in the process (writers of other
     * environments would only turn into refused pushes and retries); empty when the branch had moved and the
     * change must be checked and rebuilt on its new head.
     */
    private Optional<CommitResult> attempt(
            Change change, Map<String, byte[]> files, String what, List<String> refusals, boolean fetch) {
        branchLock.lock();
        try {
            Optional<ObjectId> head = fetch ? clone.fetch() : clone.knownHead();
            follow(head, "reading the GitOps log for " + what);
            Optional<CommitResult> early = check(change, head);
            Optional<ObjectId> commit = early.isPresent() ? Optional.empty() : build(change, files, head);
            if (!fetch && commit.isEmpty()) {
                // No push will say whether the head last seen is still the branch's head (it may have been
                // rewound since): a refusal, a retry or no change is only answered on the remote's head.
                head = clone.fetch();
                follow(head, "reading the GitOps log for " + what);
                early = check(change, head);
                commit = early.isPresent() ? Optional.empty() : build(change, files, head);
            }
            if (early.isPresent()) {
                return early;
            }
            if (commit.isEmpty()) {
                return Optional.of(new CommitResult.Unchanged());
            }
            return switch (clone.push(commit.get(), head, what)) {
                case WorkingClone.Pushed.Ok ok -> {
                    followPushed(commit.get(), what);
                    yield Optional.of(new CommitResult.Committed(commit.get().name()));
                }
                case WorkingClone.Pushed.NonFastForward n -> Optional.empty();
                case WorkingClone.Pushed.Busy busy -> {
                    refusals.add(busy.status()); // another push held the branch's lock: try again
                    yield Optional.empty();
                }
                case WorkingClone.Pushed.Rejected r ->
                    throw new GitOpsException(
                            "pushing " + what + ": the GitOps repository refused it: " + r.status(), null, false);
            };
        } finally {
            branchLock.unlock();
        }
    }

    /** Brings the index to {@code head}; the caller holds the branch lock. */
    private void follow(Optional<ObjectId> head, String doing) {
        try {
            index.advanceTo(clone.repository(), head);
        } catch (IOException e) {
            throw new GitOpsException(doing, e);
        }
    }

    /**
     * Brings the index to the commit just pushed. The push stands whatever happens here: an index that
     * cannot read it forgets everything and reads the whole log on the next commit.
     */
    private void followPushed(ObjectId commit, String what) {
        try {
            index.advanceTo(clone.repository(), Optional.of(commit));
        } catch (IOException | RuntimeException e) {
            log.warn(
                    "Pushed the {} as {}, but could not read it back ({}); the GitOps log is read again next time",
                    what,
                    commit.name(),
                    e.toString());
        }
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
        branchLock.lock();
        try {
            follow(clone.fetch(), "reading who owns " + app);
            return index.ownerOf(clone.repository(), app);
        } catch (IOException e) {
            throw new GitOpsException("reading who owns " + app, e);
        } finally {
            branchLock.unlock();
        }
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

    /**
     * Idempotency and ownership on {@code head}, which the index describes: the folder's log is walked only
     * when the index holds the deployment id (a retry), to confirm it and find its commit.
     */
    private Optional<CommitResult> check(Change change, Optional<ObjectId> head) {
        if (head.isEmpty()) {
            return Optional.empty();
        }
        Repository repo = clone.repository();
        try {
            if (index.mayHaveCommitted(change.deployment())) {
                Optional<String> done = BranchLog.commitOf(
                        repo, head.get(), change.folder(), change.deployment().value());
                if (done.isPresent()) {
                    return Optional.of(new CommitResult.AlreadyCommitted(done.get()));
                }
            }
        } catch (IOException e) {
            throw new GitOpsException("looking for deployment " + change.deployment() + " in " + change.target(), e);
        }
        Optional<String> owner;
        try {
            owner = index.ownerOf(repo, change.target().app());
        } catch (IOException e) {
            throw new GitOpsException("reading who owns " + change.target().app(), e);
        }
        if (owner.isPresent() && !owner.get().equalsIgnoreCase(change.source().repository())) {
            return Optional.of(new CommitResult.Refused(
                    "app-owned-elsewhere",
                    "The app `" + change.target().app() + "` belongs to " + owner.get() + ", which deployed it first.",
                    "Deploy from " + owner.get() + ", or choose another app name in .github/pitapat.yml."));
        }
        return Optional.empty();
    }

    /** A commit on {@code head} with the folder replaced, inserted but not pushed; empty if nothing changes. */
    private Optional<ObjectId> build(Change change, Map<String, byte[]> files, Optional<ObjectId> head) {
        Repository repo = clone.repository();
        try (ObjectInserter inserter = repo.newObjectInserter();
                ObjectReader reader = inserter.newReader();
                RevWalk walk = new RevWalk(reader)) {
            Optional<RevCommit> parent =
                    head.isPresent() ? Optional.of(walk.parseCommit(head.get())) : Optional.empty();
            Optional<ObjectId> parentTree = parent.map(p -> p.getTree().getId());
            ObjectId tree = FolderTree.replaceFolder(reader, inserter, parentTree, change.folder(), files);
            if (parentTree.map(tree::equals).orElse(files.isEmpty())) {
                return Optional.empty();
            }
            PersonIdent ident = new PersonIdent(name, email, clock.instant(), ZoneOffset.UTC);
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(tree);
            parent.ifPresent(commit::setParentId);
            commit.setAuthor(ident);
            commit.setCommitter(ident);
            commit.setMessage(change.message());
            ObjectId id = inserter.insert(commit);
            inserter.flush();
            return Optional.of(id);
        } catch (IOException e) {
            throw clone.rebuildAfter(e); // a lasting GitOpsException when the clone cannot be made again
        }
    }

    @Override
    public void close() {
        clone.close();
    }
}
